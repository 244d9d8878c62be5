import { randomInt } from 'crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { directoryTableName, pinLengthOf } from './backend-defaults';
import { DialInClientError, PinAllocationError } from './errors';
import { deletePinIf, registerScheduledMeeting, ScheduledMeetingPin, unregisterScheduledMeeting } from './meeting-lifecycle';
import { requireMeeting, requireMeetingId, requireText, wholeNumberIn } from './validation';
import { dynamoDbSdk } from '../dial-in/aws-sdk';
import { DIRECTORY_ATTRIBUTES, directoryItem, DirectoryItemEntry } from '../dial-in/meeting-directory';

/** Options of {@link registerMeeting}. */
export interface RegisterMeetingOptions {
  /** The DynamoDB client (region and credentials of the app's backend). */
  readonly dynamodb: DynamoDBClient;
  /**
   * The meeting directory table (`MeetingDialIn.meetingDirectory.tableName`).
   * Default: the `CDK_CHIME_DIALIN_DIRECTORY_TABLE` variable that `MeetingDialIn.connectBackend` sets.
   */
  readonly tableName?: string;
  /**
   * The app's key of a scheduled meeting or room (e.g. its id in your calendar). The PIN then
   * belongs to the key, not to one Chime meeting: registering the same key again returns the same
   * PIN, `activateMeeting` attaches the Chime meeting when it starts and `deactivateMeeting` detaches
   * it when it ends. The meeting is optional with a key. Default: the PIN belongs to the meeting.
   */
  readonly meetingKey?: string;
  /**
   * The Chime SDK meeting callers should reach.
   * Default: `meeting.MeetingId`; give one of the two (or a `meetingKey`).
   */
  readonly meetingId?: string;
  /**
   * The `Meeting` of the CreateMeeting response: its id and, from its MeetingArn, the control
   * Region that created it, where the handler will create the caller's attendee.
   * Default: `meetingId` and `meetingRegion`.
   */
  readonly meeting?: { readonly MeetingId?: string; readonly MeetingArn?: string };
  /**
   * The control Region the meeting was created in (the region of the Meetings client that called
   * CreateMeeting). Default: the region of `meeting.MeetingArn`; without either, the handler's
   * default region (the dial-in's first `meetingRegions` entry).
   */
  readonly meetingRegion?: string;
  /**
   * Digits in the PIN. Default: the handler's, from `CDK_CHIME_DIALIN_PIN_LENGTH` (which
   * `connectBackend` sets), else 6. A length other than the handler's throws: callers could never enter it.
   */
  readonly pinLength?: number;
  /**
   * How long the PIN works, in seconds (60 to 2,592,000). Default: 86,400 for a meeting (a meeting
   * lasts at most 24 hours); 2,592,000 (30 days) for a `meetingKey`.
   */
  readonly ttlSeconds?: number;
  /**
   * Whether to issue a host PIN as well: with the dial-in's `waitingRoom`, a caller who enters it
   * skips the waiting room and opens it, so the callers waiting join, and those who call later join
   * at once. Not with `meetingKey`. Default: false.
   */
  readonly hostPin?: boolean;
  /** Clock in milliseconds. Default: `Date.now`. */
  readonly now?: () => number;
}

/** A registered PIN. */
export interface RegisteredMeeting {
  readonly pin: string;
  readonly meetingId: string;
  /** The meeting's control Region, when known. */
  readonly meetingRegion?: string;
  /** Epoch seconds after which the PIN no longer works. */
  readonly expiresAt: number;
  /** The host PIN, when `hostPin` asked for one; it expires with `pin`. Retire it with `unregisterMeeting` too. */
  readonly hostPin?: string;
}

/** The longest a PIN may live, in seconds. */
const MAX_TTL_SECONDS = 30 * 86_400;

/** Attempts at a random free PIN before giving up. */
const PIN_ATTEMPTS = 10;

/**
 * Gives a meeting a unique PIN in the meeting directory. Each candidate is written with a
 * condition that no live item holds it, so two meetings never share a PIN even when registered
 * at the same moment; an expired item's PIN may be reused. With a `meetingKey`, the PIN belongs to
 * the scheduled meeting: the same key always gets the same PIN (see "PIN lifecycle" in the README).
 */
export async function registerMeeting(options: RegisterMeetingOptions & { readonly meetingKey: string }): Promise<ScheduledMeetingPin>;
export async function registerMeeting(options: RegisterMeetingOptions): Promise<RegisteredMeeting>;
export async function registerMeeting(options: RegisterMeetingOptions): Promise<RegisteredMeeting | ScheduledMeetingPin> {
  const tableName = directoryTableName(options.tableName);
  const pinLength = pinLengthOf(options.pinLength);
  const keyed = options.meetingKey !== undefined;
  const ttlSeconds = wholeNumberIn('ttlSeconds', options.ttlSeconds ?? (keyed ? MAX_TTL_SECONDS : 86_400), 60, MAX_TTL_SECONDS);
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const expiresAt = nowSeconds + ttlSeconds;
  if (keyed && options.hostPin) {
    throw new DialInClientError('hostPin', options.hostPin, 'is not available with meetingKey: register the meeting by meetingId for a host PIN');
  }
  if (keyed) {
    return registerScheduledMeeting({ ...options, meetingKey: options.meetingKey!, tableName, expiresAt, nowSeconds },
      (entry) => allocatePin(options.dynamodb, tableName, pinLength, nowSeconds, entry));
  }
  const { meetingId, meetingRegion } = requireMeeting(options);
  const pin = await allocatePin(options.dynamodb, tableName, pinLength, nowSeconds, { meetingId, meetingRegion, expiresAt });
  if (!options.hostPin) {
    return { pin, meetingId, meetingRegion, expiresAt };
  }
  const hostPin = await allocatePin(options.dynamodb, tableName, pinLength, nowSeconds, { meetingId, meetingRegion, expiresAt, host: true });
  return { pin, meetingId, meetingRegion, expiresAt, hostPin };
}

/** Writes `entry` under a random free PIN and returns the PIN. */
async function allocatePin(
  dynamodb: DynamoDBClient, tableName: string, pinLength: number, nowSeconds: number, entry: DirectoryItemEntry,
): Promise<string> {
  const sdk = dynamoDbSdk();
  for (let attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
    const pin = randomPin(pinLength);
    try {
      await dynamodb.send(new sdk.PutItemCommand({
        TableName: tableName,
        Item: directoryItem(pin, entry),
        ConditionExpression: 'attribute_not_exists(#pin) OR #expiresAt <= :now',
        ExpressionAttributeNames: { '#pin': DIRECTORY_ATTRIBUTES.pin, '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt },
        ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
      }));
      return pin;
    } catch (error) {
      if (!(error instanceof sdk.ConditionalCheckFailedException)) {
        throw error;
      }
    }
  }
  throw new PinAllocationError(PIN_ATTEMPTS);
}

/** Options of {@link unregisterMeeting}. */
export interface UnregisterMeetingOptions {
  readonly dynamodb: DynamoDBClient;
  /** The meeting directory table. Default: `CDK_CHIME_DIALIN_DIRECTORY_TABLE` (set by `connectBackend`). */
  readonly tableName?: string;
  /** The scheduled meeting whose PIN to retire; give this, or `pin` and `meetingId`. */
  readonly meetingKey?: string;
  /** The PIN to retire (with `meetingId`). */
  readonly pin?: string;
  /** Only retire the PIN if it still leads to this meeting (it may have expired and been reused). */
  readonly meetingId?: string;
}

/**
 * Retires a PIN: a scheduled meeting's (by `meetingKey`) or a meeting's (by `pin` and `meetingId`).
 * A PIN that is gone, or now belongs to another meeting, is left alone. Resolves to whether a PIN was retired.
 */
export async function unregisterMeeting(options: UnregisterMeetingOptions): Promise<boolean> {
  const tableName = directoryTableName(options.tableName);
  if (options.meetingKey !== undefined) {
    return unregisterScheduledMeeting({ dynamodb: options.dynamodb, tableName, meetingKey: options.meetingKey });
  }
  const meetingId = requireMeetingId('meetingId', options.meetingId);
  const pin = requireText('pin', options.pin);
  return deletePinIf(options.dynamodb, tableName, pin, DIRECTORY_ATTRIBUTES.meetingId, meetingId);
}

function randomPin(length: number): string {
  let pin = '';
  for (let i = 0; i < length; i++) {
    pin += String(randomInt(10));
  }
  return pin;
}
