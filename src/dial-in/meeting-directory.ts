import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callFlowDynamoDbSdk } from './aws-sdk';

/** What a PIN leads to. */
export interface DirectoryEntry {
  /** The Chime SDK meeting ID. */
  readonly meetingId: string;
  /**
   * The control Region that created the meeting, the only one that can manage its attendees.
   * Absent in items written before regions were recorded: the handler's default Region.
   */
  readonly meetingRegion?: string;
  /** When the PIN stops working, in epoch seconds (the item's TTL). */
  readonly expiresAt?: number;
  /** The app's key of the scheduled meeting or room the PIN belongs to; absent for a PIN given to one meeting. */
  readonly meetingKey?: string;
  /** Whether this is the meeting's host PIN: its caller skips the waiting room and opens it. */
  readonly host?: boolean;
}

/**
 * A PIN that belongs to a scheduled meeting (an app-level meeting key) with no Chime meeting
 * attached: `not-started` before `activateMeeting` attaches one, `ended` after `deactivateMeeting`
 * detached it. The PIN stays valid; a later activation attaches the next meeting.
 */
export interface InactiveDirectoryEntry {
  /** Why no meeting can be joined now. */
  readonly status: 'not-started' | 'ended';
  /** The app's key of the scheduled meeting or room. */
  readonly meetingKey: string;
  /** When the PIN stops working, in epoch seconds (the item's TTL). */
  readonly expiresAt?: number;
}

/** What a PIN lookup finds: a meeting to join, a scheduled meeting that has none now, or nothing. */
export type DirectoryLookup = DirectoryEntry | InactiveDirectoryEntry | undefined;

/** Whether a lookup found a scheduled meeting with no Chime meeting attached. */
export function isInactiveEntry(entry: DirectoryLookup): entry is InactiveDirectoryEntry {
  return entry !== undefined && 'status' in entry;
}

/** Looks meeting PINs up. Implement it to keep PINs somewhere other than DynamoDB. */
export interface MeetingDirectory {
  /**
   * The meeting of a PIN; for a scheduled meeting without a current Chime meeting, why
   * ({@link InactiveDirectoryEntry}); undefined when the PIN is unknown or expired.
   */
  lookup(pin: string, signal: AbortSignal): Promise<DirectoryLookup>;

  /**
   * What the PIN of a scheduled meeting leads to now, by its meeting key: for a caller who waits for
   * the meeting to start, whose TransactionAttributes hold the key but never the PIN. Undefined when
   * the key has no live PIN. Optional: directories without meeting keys leave it out.
   */
  lookupMeetingKey?(meetingKey: string, signal: AbortSignal): Promise<DirectoryLookup>;
}

/**
 * The attribute names of a meeting directory item: `pin` (the partition key, a string of digits),
 * `meetingId`, `meetingRegion` (the meeting's control Region) and `expiresAt` (epoch seconds, the
 * table's TTL attribute). A PIN of a scheduled meeting also holds `meetingKey` (the app's key), has
 * no `meetingId` until the meeting is activated, and `detachedAt` (epoch seconds) once it ended; its
 * key's item (partition key `meeting-key#<key>`) holds the PIN in `meetingPin`. A meeting's host PIN
 * has `role` `host`.
 */
export const DIRECTORY_ATTRIBUTES = {
  pin: 'pin',
  meetingId: 'meetingId',
  meetingRegion: 'meetingRegion',
  expiresAt: 'expiresAt',
  meetingKey: 'meetingKey',
  detachedAt: 'detachedAt',
  meetingPin: 'meetingPin',
  role: 'role',
} as const;

/** The `role` of a host PIN. */
export const HOST_ROLE = 'host';

/** The partition key prefix of a meeting key's item; digits-only PINs never start with it. */
export const MEETING_KEY_PREFIX = 'meeting-key#';

/** A meeting directory item in DynamoDB's attribute-value form. */
export type DirectoryItem = Partial<Record<typeof DIRECTORY_ATTRIBUTES[keyof typeof DIRECTORY_ATTRIBUTES], { S: string } | { N: string }>>;

/** What a PIN's item holds: a meeting, a scheduled meeting's key, or both. */
export type DirectoryItemEntry = {
  readonly expiresAt: number; readonly meetingKey?: string; readonly meetingRegion?: string; readonly host?: boolean;
} & (
  { readonly meetingId: string } | { readonly meetingId?: undefined; readonly meetingKey: string });

/**
 * The item that gives `pin` to a meeting, or to a scheduled meeting's key, until `expiresAt` (epoch
 * seconds): what `registerMeeting` writes and {@link DynamoDbMeetingDirectory} reads.
 */
export function directoryItem(pin: string, entry: DirectoryItemEntry): DirectoryItem {
  return {
    [DIRECTORY_ATTRIBUTES.pin]: { S: pin },
    ...(entry.meetingId ? { [DIRECTORY_ATTRIBUTES.meetingId]: { S: entry.meetingId } } : {}),
    ...(entry.meetingRegion ? { [DIRECTORY_ATTRIBUTES.meetingRegion]: { S: entry.meetingRegion } } : {}),
    ...(entry.meetingKey !== undefined ? { [DIRECTORY_ATTRIBUTES.meetingKey]: { S: entry.meetingKey } } : {}),
    ...(entry.host ? { [DIRECTORY_ATTRIBUTES.role]: { S: HOST_ROLE } } : {}),
    [DIRECTORY_ATTRIBUTES.expiresAt]: { N: String(entry.expiresAt) },
  };
}

/** What a directory item (as GetItem returns it) means at `nowMs`; expired items count as absent. */
export function readDirectoryItem(item: Record<string, { S?: string; N?: string }> | undefined, nowMs: number): DirectoryLookup {
  if (!item) {
    return undefined;
  }
  const expiresAtText = item[DIRECTORY_ATTRIBUTES.expiresAt]?.N;
  const expiresAt = expiresAtText === undefined ? undefined : Number(expiresAtText);
  if (expiresAt !== undefined && expiresAt * 1000 <= nowMs) {
    return undefined;
  }
  const meetingId = item[DIRECTORY_ATTRIBUTES.meetingId]?.S;
  const meetingKey = item[DIRECTORY_ATTRIBUTES.meetingKey]?.S;
  if (meetingId) {
    // Items written before meeting keys existed have only meetingId, meetingRegion and expiresAt.
    return {
      meetingId,
      meetingRegion: item[DIRECTORY_ATTRIBUTES.meetingRegion]?.S,
      expiresAt,
      ...(meetingKey !== undefined ? { meetingKey } : {}),
      ...(item[DIRECTORY_ATTRIBUTES.role]?.S === HOST_ROLE ? { host: true } : {}),
    };
  }
  if (meetingKey === undefined) {
    return undefined;
  }
  return { status: item[DIRECTORY_ATTRIBUTES.detachedAt]?.N === undefined ? 'not-started' : 'ended', meetingKey, expiresAt };
}

/** How the DynamoDB directory reaches its table. */
export interface DynamoDbMeetingDirectoryOptions {
  /** The table name. */
  readonly tableName: string;
  /** The DynamoDB endpoint, e.g. a local server. Default: the region's. */
  readonly endpoint?: string;
  /** Builds the client instead (tests pass credentials this way). */
  readonly clientFactory?: () => Promise<DynamoDBClient>;
  /** The clock TTL is compared with, in milliseconds. Default: `Date.now`. */
  readonly now?: () => number;
}

/**
 * The meeting directory in a DynamoDB table. DynamoDB deletes expired items only eventually, so
 * an item past its `expiresAt` counts as absent. The SDK is loaded on first use.
 */
export class DynamoDbMeetingDirectory implements MeetingDirectory {
  private client?: Promise<DynamoDBClient>;

  constructor(private readonly options: DynamoDbMeetingDirectoryOptions) {}

  public async lookup(pin: string, signal: AbortSignal): Promise<DirectoryLookup> {
    return readDirectoryItem(await this.getItem(pin, signal), (this.options.now ?? Date.now)());
  }

  public async lookupMeetingKey(meetingKey: string, signal: AbortSignal): Promise<DirectoryLookup> {
    const keyItem = await this.getItem(MEETING_KEY_PREFIX + meetingKey, signal);
    const pin = keyItem?.[DIRECTORY_ATTRIBUTES.meetingPin]?.S;
    if (!pin || !(Number(keyItem?.[DIRECTORY_ATTRIBUTES.expiresAt]?.N) * 1000 > (this.options.now ?? Date.now)())) {
      return undefined;
    }
    const entry = await this.lookup(pin, signal);
    // The PIN expired and went to another meeting: the key's item is stale.
    return entry?.meetingKey === meetingKey ? entry : undefined;
  }

  private async getItem(key: string, signal: AbortSignal): Promise<Record<string, { S?: string; N?: string }> | undefined> {
    const sdk = callFlowDynamoDbSdk();
    const { Item } = await (await this.dynamodb()).send(new sdk.GetItemCommand({
      TableName: this.options.tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: key } },
      ConsistentRead: true,
    }), { abortSignal: signal });
    return Item as Record<string, { S?: string; N?: string }> | undefined;
  }

  private dynamodb(): Promise<DynamoDBClient> {
    this.client ??= this.options.clientFactory?.() ?? Promise.resolve(new (callFlowDynamoDbSdk().DynamoDBClient)({
      endpoint: this.options.endpoint,
      maxAttempts: 2,
    }));
    return this.client;
  }
}
