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
}

/** Looks meeting PINs up. Implement it to keep PINs somewhere other than DynamoDB. */
export interface MeetingDirectory {
  /** The meeting of a PIN, or undefined when the PIN is unknown or expired. */
  lookup(pin: string, signal: AbortSignal): Promise<DirectoryEntry | undefined>;
}

/**
 * The attribute names of a meeting directory item: `pin` (the partition key, a string of digits),
 * `meetingId`, `meetingRegion` (the meeting's control Region) and `expiresAt` (epoch seconds, the
 * table's TTL attribute).
 */
export const DIRECTORY_ATTRIBUTES = { pin: 'pin', meetingId: 'meetingId', meetingRegion: 'meetingRegion', expiresAt: 'expiresAt' } as const;

/** A meeting directory item in DynamoDB's attribute-value form. */
export type DirectoryItem = Partial<Record<typeof DIRECTORY_ATTRIBUTES[keyof typeof DIRECTORY_ATTRIBUTES], { S: string } | { N: string }>>;

/**
 * The item that gives `pin` to a meeting until `expiresAt` (epoch seconds): what `registerMeeting`
 * writes and {@link DynamoDbMeetingDirectory} reads.
 */
export function directoryItem(pin: string, entry: DirectoryEntry & { readonly expiresAt: number }): DirectoryItem {
  return {
    [DIRECTORY_ATTRIBUTES.pin]: { S: pin },
    [DIRECTORY_ATTRIBUTES.meetingId]: { S: entry.meetingId },
    ...(entry.meetingRegion ? { [DIRECTORY_ATTRIBUTES.meetingRegion]: { S: entry.meetingRegion } } : {}),
    [DIRECTORY_ATTRIBUTES.expiresAt]: { N: String(entry.expiresAt) },
  };
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

  public async lookup(pin: string, signal: AbortSignal): Promise<DirectoryEntry | undefined> {
    const sdk = callFlowDynamoDbSdk();
    const { Item } = await (await this.dynamodb()).send(new sdk.GetItemCommand({
      TableName: this.options.tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: pin } },
      ConsistentRead: true,
    }), { abortSignal: signal });
    const meetingId = Item?.[DIRECTORY_ATTRIBUTES.meetingId]?.S;
    if (!meetingId) {
      return undefined;
    }
    const expiresAtText = Item?.[DIRECTORY_ATTRIBUTES.expiresAt]?.N;
    const expiresAt = expiresAtText === undefined ? undefined : Number(expiresAtText);
    const now = (this.options.now ?? Date.now)();
    if (expiresAt !== undefined && expiresAt * 1000 <= now) {
      return undefined;
    }
    return { meetingId, meetingRegion: Item?.[DIRECTORY_ATTRIBUTES.meetingRegion]?.S, expiresAt };
  }

  private dynamodb(): Promise<DynamoDBClient> {
    this.client ??= this.options.clientFactory?.() ?? Promise.resolve(new (callFlowDynamoDbSdk().DynamoDBClient)({
      endpoint: this.options.endpoint,
      maxAttempts: 2,
    }));
    return this.client;
  }
}
