import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { directoryTableName } from './backend-defaults';
import { DialInClientError } from './errors';
import { requireMeeting, requireMeetingId } from './validation';
import { dynamoDbSdk } from '../dial-in/aws-sdk';
import { DIRECTORY_ATTRIBUTES, DirectoryItemEntry, isInactiveEntry, MEETING_KEY_PREFIX, readDirectoryItem } from '../dial-in/meeting-directory';

/**
 * The PIN of a scheduled meeting or room (an app-level meeting key) and the Chime meeting attached
 * to it now, if any.
 */
export interface ScheduledMeetingPin {
  /** The PIN callers enter. */
  readonly pin: string;
  /** The app's key of the scheduled meeting or room. */
  readonly meetingKey: string;
  /**
   * `not-started`: no Chime meeting attached yet; `active`: callers join `meetingId`; `ended`: the
   * attached meeting was detached (a later `activateMeeting` attaches the next one).
   */
  readonly status: 'not-started' | 'active' | 'ended';
  /** The attached Chime meeting, while `active`. */
  readonly meetingId?: string;
  /** The attached meeting's control Region, when known. */
  readonly meetingRegion?: string;
  /** Epoch seconds after which the PIN no longer works. */
  readonly expiresAt: number;
}

/** Which scheduled meeting, in which directory. */
export interface MeetingKeyOptions {
  /** The DynamoDB client (region and credentials of the app's backend). */
  readonly dynamodb: DynamoDBClient;
  /** The meeting directory table. Default: `CDK_CHIME_DIALIN_DIRECTORY_TABLE` (set by `connectBackend`). */
  readonly tableName?: string;
  /** The app's key of the scheduled meeting or room, as given to `registerMeeting`. */
  readonly meetingKey: string;
  /** Clock in milliseconds. Default: `Date.now`. */
  readonly now?: () => number;
}

/** Options of {@link activateMeeting}. */
export interface ActivateMeetingOptions extends MeetingKeyOptions {
  /** The Chime SDK meeting that has started. Default: `meeting.MeetingId`; give one of the two. */
  readonly meetingId?: string;
  /** The `Meeting` of the CreateMeeting response (its MeetingArn gives the control Region). */
  readonly meeting?: { readonly MeetingId?: string; readonly MeetingArn?: string };
  /** The meeting's control Region. Default: the region of `meeting.MeetingArn`, else the handler's default. */
  readonly meetingRegion?: string;
}

/** Options of {@link deactivateMeeting}. */
export interface DeactivateMeetingOptions extends MeetingKeyOptions {
  /**
   * Only detach if this meeting is still the attached one, so that a late "meeting ended" event of
   * the previous meeting cannot detach the next. Default: detach whatever is attached.
   */
  readonly meetingId?: string;
}

/** The longest meeting key: keys are stored in the table's partition key (at most 2048 bytes). */
const MAX_MEETING_KEY_LENGTH = 1024;

/**
 * The PIN of a scheduled meeting, and its status; undefined when the key has no live PIN
 * (never registered, retired or expired).
 */
export async function lookupMeeting(options: MeetingKeyOptions): Promise<ScheduledMeetingPin | undefined> {
  const meetingKey = requireMeetingKey(options.meetingKey);
  const tableName = directoryTableName(options.tableName);
  const nowMs = (options.now ?? Date.now)();
  const sdk = dynamoDbSdk();
  const keyItem = (await options.dynamodb.send(new sdk.GetItemCommand({
    TableName: tableName,
    Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: MEETING_KEY_PREFIX + meetingKey } },
    ConsistentRead: true,
  }))).Item;
  const pin = keyItem?.[DIRECTORY_ATTRIBUTES.meetingPin]?.S;
  if (!pin || !(Number(keyItem?.[DIRECTORY_ATTRIBUTES.expiresAt]?.N) * 1000 > nowMs)) {
    return undefined;
  }
  const pinItem = (await options.dynamodb.send(new sdk.GetItemCommand({
    TableName: tableName,
    Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: pin } },
    ConsistentRead: true,
  }))).Item;
  const entry = readDirectoryItem(pinItem as Record<string, { S?: string; N?: string }> | undefined, nowMs);
  // The PIN expired and went to another meeting: the key's item is stale.
  if (!entry || entry.meetingKey !== meetingKey || entry.expiresAt === undefined) {
    return undefined;
  }
  if (isInactiveEntry(entry)) {
    return { pin, meetingKey, status: entry.status, expiresAt: entry.expiresAt };
  }
  return { pin, meetingKey, status: 'active', meetingId: entry.meetingId, meetingRegion: entry.meetingRegion, expiresAt: entry.expiresAt };
}

/**
 * Attaches the Chime meeting that has started to a scheduled meeting's PIN: from now on callers
 * who enter the PIN join it. Call it after CreateMeeting, each time the scheduled meeting starts.
 * @throws DialInClientError when the key has no live PIN (register it first)
 */
export async function activateMeeting(options: ActivateMeetingOptions): Promise<ScheduledMeetingPin> {
  const { meetingId, meetingRegion } = requireMeeting(options);
  const current = await requireRegistered(options);
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const sdk = dynamoDbSdk();
  await options.dynamodb.send(new sdk.UpdateItemCommand({
    TableName: directoryTableName(options.tableName),
    Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: current.pin } },
    UpdateExpression: meetingRegion
      ? 'SET #meetingId = :meetingId, #meetingRegion = :meetingRegion REMOVE #detachedAt'
      : 'SET #meetingId = :meetingId REMOVE #meetingRegion, #detachedAt',
    ConditionExpression: '#meetingKey = :meetingKey AND #expiresAt > :now',
    ExpressionAttributeNames: {
      '#meetingId': DIRECTORY_ATTRIBUTES.meetingId,
      '#meetingRegion': DIRECTORY_ATTRIBUTES.meetingRegion,
      '#detachedAt': DIRECTORY_ATTRIBUTES.detachedAt,
      '#meetingKey': DIRECTORY_ATTRIBUTES.meetingKey,
      '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt,
    },
    ExpressionAttributeValues: {
      ':meetingId': { S: meetingId },
      ...(meetingRegion ? { ':meetingRegion': { S: meetingRegion } } : {}),
      ':meetingKey': { S: current.meetingKey },
      ':now': { N: String(nowSeconds) },
    },
  }));
  return { pin: current.pin, meetingKey: current.meetingKey, status: 'active', meetingId, meetingRegion, expiresAt: current.expiresAt };
}

/**
 * Detaches the Chime meeting from a scheduled meeting's PIN when it ends: callers then hear that
 * the meeting has ended, and the PIN waits for the next `activateMeeting`. Resolves to false when
 * the key has no live PIN or (with `meetingId`) another meeting is attached.
 */
export async function deactivateMeeting(options: DeactivateMeetingOptions): Promise<boolean> {
  const expected = options.meetingId === undefined ? undefined : requireMeetingId('meetingId', options.meetingId);
  const current = await lookupMeeting(options);
  if (!current || (expected !== undefined && current.meetingId !== expected)) {
    return false;
  }
  const sdk = dynamoDbSdk();
  try {
    await options.dynamodb.send(new sdk.UpdateItemCommand({
      TableName: directoryTableName(options.tableName),
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: current.pin } },
      UpdateExpression: 'SET #detachedAt = :now REMOVE #meetingId, #meetingRegion',
      ConditionExpression: expected === undefined ? '#meetingKey = :meetingKey' : '#meetingKey = :meetingKey AND #meetingId = :meetingId',
      ExpressionAttributeNames: {
        '#meetingId': DIRECTORY_ATTRIBUTES.meetingId,
        '#meetingRegion': DIRECTORY_ATTRIBUTES.meetingRegion,
        '#detachedAt': DIRECTORY_ATTRIBUTES.detachedAt,
        '#meetingKey': DIRECTORY_ATTRIBUTES.meetingKey,
      },
      ExpressionAttributeValues: {
        ':now': { N: String(Math.floor((options.now ?? Date.now)() / 1000)) },
        ':meetingKey': { S: current.meetingKey },
        ...(expected === undefined ? {} : { ':meetingId': { S: expected } }),
      },
    }));
    return true;
  } catch (error) {
    if (error instanceof sdk.ConditionalCheckFailedException) {
      return false;
    }
    throw error;
  }
}

/** What `registerMeeting` resolved before it hands a keyed registration over. */
interface ScheduledRegistration extends MeetingKeyOptions {
  readonly tableName: string;
  readonly meetingId?: string;
  readonly meeting?: { readonly MeetingId?: string; readonly MeetingArn?: string };
  readonly meetingRegion?: string;
  readonly expiresAt: number;
  readonly nowSeconds: number;
}

/**
 * `registerMeeting` with a `meetingKey`: the key's live PIN if it has one, else a new PIN and the
 * key's item that points at it. Two registrations of one key at the same moment end with one PIN:
 * the key's item is written only where none is live, and the loser retires the PIN it allocated.
 * @internal
 */
export async function registerScheduledMeeting(
  options: ScheduledRegistration,
  allocatePin: (entry: DirectoryItemEntry) => Promise<string>,
): Promise<ScheduledMeetingPin> {
  const meetingKey = requireMeetingKey(options.meetingKey);
  const hasMeeting = options.meeting !== undefined || options.meetingId !== undefined;
  const meeting = hasMeeting ? requireMeeting(options) : undefined;
  const attach = (registered: ScheduledMeetingPin) => meeting ? activateMeeting({ ...options, meetingKey }) : registered;
  const existing = await lookupMeeting({ ...options, meetingKey });
  if (existing) {
    return attach(existing);
  }
  const { expiresAt, nowSeconds, tableName } = options;
  const pin = await allocatePin({ meetingKey, expiresAt, ...meeting });
  const sdk = dynamoDbSdk();
  try {
    await options.dynamodb.send(new sdk.PutItemCommand({
      TableName: tableName,
      Item: {
        [DIRECTORY_ATTRIBUTES.pin]: { S: MEETING_KEY_PREFIX + meetingKey },
        [DIRECTORY_ATTRIBUTES.meetingPin]: { S: pin },
        [DIRECTORY_ATTRIBUTES.meetingKey]: { S: meetingKey },
        [DIRECTORY_ATTRIBUTES.expiresAt]: { N: String(expiresAt) },
      },
      ConditionExpression: 'attribute_not_exists(#pin) OR #expiresAt <= :now',
      ExpressionAttributeNames: { '#pin': DIRECTORY_ATTRIBUTES.pin, '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt },
      ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
    }));
  } catch (error) {
    if (!(error instanceof sdk.ConditionalCheckFailedException)) {
      throw error;
    }
    await deletePin(options.dynamodb, tableName, pin, meetingKey);
    const winner = await lookupMeeting({ ...options, meetingKey });
    if (!winner) {
      throw new Error(`meetingKey ${JSON.stringify(meetingKey)} was registered at the same moment, and that registration is gone again: register it again`);
    }
    return attach(winner);
  }
  return meeting
    ? { pin, meetingKey, status: 'active', meetingId: meeting.meetingId, meetingRegion: meeting.meetingRegion, expiresAt }
    : { pin, meetingKey, status: 'not-started', expiresAt };
}

/** `unregisterMeeting` with a `meetingKey`: deletes the key's PIN and the key's item. @internal */
export async function unregisterScheduledMeeting(options: MeetingKeyOptions & { readonly tableName: string }): Promise<boolean> {
  const meetingKey = requireMeetingKey(options.meetingKey);
  const current = await lookupMeeting(options);
  const sdk = dynamoDbSdk();
  const retired = current ? await deletePin(options.dynamodb, options.tableName, current.pin, meetingKey) : false;
  await options.dynamodb.send(new sdk.DeleteItemCommand({
    TableName: options.tableName,
    Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: MEETING_KEY_PREFIX + meetingKey } },
  }));
  return retired;
}

/** Deletes a PIN's item if it still belongs to `meetingKey`. */
async function deletePin(dynamodb: DynamoDBClient, tableName: string, pin: string, meetingKey: string): Promise<boolean> {
  return deletePinIf(dynamodb, tableName, pin, DIRECTORY_ATTRIBUTES.meetingKey, meetingKey);
}

/**
 * Deletes a PIN's item only while its `attribute` still has `value` (the PIN may have expired and
 * been given to another meeting meanwhile). Resolves to whether it was deleted.
 */
export async function deletePinIf(dynamodb: DynamoDBClient, tableName: string, pin: string, attribute: string, value: string): Promise<boolean> {
  const sdk = dynamoDbSdk();
  try {
    await dynamodb.send(new sdk.DeleteItemCommand({
      TableName: tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: pin } },
      ConditionExpression: '#attribute = :value',
      ExpressionAttributeNames: { '#attribute': attribute },
      ExpressionAttributeValues: { ':value': { S: value } },
    }));
    return true;
  } catch (error) {
    if (error instanceof sdk.ConditionalCheckFailedException) {
      return false;
    }
    throw error;
  }
}

async function requireRegistered(options: MeetingKeyOptions): Promise<ScheduledMeetingPin> {
  const current = await lookupMeeting(options);
  if (!current) {
    throw new DialInClientError('meetingKey', options.meetingKey, 'has no registered PIN (never registered, retired or expired): call registerMeeting({ meetingKey }) first');
  }
  return current;
}

function requireMeetingKey(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_MEETING_KEY_LENGTH) {
    throw new DialInClientError('meetingKey', value, `use a non-empty string of at most ${MAX_MEETING_KEY_LENGTH} characters, e.g. your calendar's event id`);
  }
  return value;
}
