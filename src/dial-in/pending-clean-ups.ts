import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callFlowDynamoDbSdk, isConditionalCheckFailure } from './aws-sdk';
import { DIRECTORY_ATTRIBUTES } from './meeting-directory';
import { CLEAN_UP_KEY_PREFIX, CLEAN_UP_SHARDS } from '../private/clean-up-key';

/**
 * An attendee whose call ended without being sure it was gone: a CreateAttendee the flow gave up on
 * (the service may still create the attendee after the call), or a DeleteAttendee or ListAttendees
 * of the hangup that failed. The sweep deletes it later. Never a PIN, a phone number or a join token.
 */
export interface PendingCleanUp {
  readonly meetingId: string;
  /** The meeting's control Region; absent: the handler's default one. */
  readonly meetingRegion?: string;
  /** The attendee, when the call knew it. */
  readonly attendeeId?: string;
  /**
   * SHA-256 (hex) of the attendee's ExternalUserId: the sweep finds an attendee created after its
   * call gave up on it among ListAttendees by this, without keeping the caller's number.
   */
  readonly externalUserIdHash?: string;
  /** When the call first could not be sure, in epoch milliseconds. */
  readonly since: number;
}

/** A pending clean-up as stored: with the id that removes it. */
export interface StoredPendingCleanUp extends PendingCleanUp {
  readonly id: string;
}

/** Where the call flow leaves the clean-ups it could not finish, and the sweep finds them. */
export interface PendingCleanUps {
  /** Stores (or replaces) the pending clean-up of one call's attendee. */
  add(cleanUp: PendingCleanUp, signal: AbortSignal): Promise<void>;
  /** Every pending clean-up. */
  list(signal: AbortSignal): Promise<StoredPendingCleanUp[]>;
  /** Removes a pending clean-up, unless it was stored again since it was listed. */
  remove(cleanUp: StoredPendingCleanUp, signal: AbortSignal): Promise<void>;
}

/** SHA-256 (hex) of an ExternalUserId, as {@link PendingCleanUp.externalUserIdHash} holds it. */
export function hashExternalUserId(externalUserId: string): string {
  return createHash('sha256').update(externalUserId).digest('hex');
}

/** The id of a call's pending clean-up: one per meeting and attendee (or ExternalUserId). */
export function pendingCleanUpId(cleanUp: PendingCleanUp): string {
  return createHash('sha256').update(`${cleanUp.meetingId}|${cleanUp.externalUserIdHash ?? ''}|${cleanUp.attendeeId ?? ''}`).digest('hex').slice(0, 32);
}

/**
 * How long the item of a pending clean-up outlives its last write: a meeting lasts at most 24 hours
 * (https://docs.aws.amazon.com/chime-sdk/latest/dg/create-mtgs.html), and its attendees with it,
 * so an entry that old has nothing left to delete, even if Meetings failed all along.
 */
export const PENDING_CLEAN_UP_TTL_SECONDS = 24 * 60 * 60;

/** How the DynamoDB pending clean-ups reach their table. */
export interface DynamoDbPendingCleanUpsOptions {
  /** The meeting directory table. */
  readonly tableName: string;
  /** The DynamoDB endpoint, e.g. a local server. Default: the region's. */
  readonly endpoint?: string;
  /** Builds the client instead (tests pass credentials this way; the handler shares the directory's). */
  readonly clientFactory?: () => Promise<DynamoDBClient>;
  /** The clock of the items' TTL, in milliseconds. Default: `Date.now`. */
  readonly now?: () => number;
}

/** Attribute names inside one pending clean-up's map. */
const FIELD = { meetingId: 'm', meetingRegion: 'r', attendeeId: 'a', externalUserIdHash: 'u', since: 's' } as const;

/** The prefix of each entry's attribute in its shard item (the rest is its id). */
const ENTRY_PREFIX = 'c';

/**
 * Pending clean-ups in the meeting directory table: a few well-known items (`cleanup#0` …), each
 * holding its entries as top-level map attributes, so that one BatchGetItem reads them all (no
 * Scan), an entry is added or removed with one UpdateItem without reading the item, and the
 * handler's IAM can be limited to the `cleanup#` keys. An item holds about 1,500 entries
 * (400 KB, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 * The SDK is loaded on first use.
 */
export class DynamoDbPendingCleanUps implements PendingCleanUps {
  private client?: Promise<DynamoDBClient>;

  constructor(private readonly options: DynamoDbPendingCleanUpsOptions) {}

  public async add(cleanUp: PendingCleanUp, signal: AbortSignal): Promise<void> {
    const sdk = callFlowDynamoDbSdk();
    const id = pendingCleanUpId(cleanUp);
    const entry: Record<string, { S: string } | { N: string }> = {
      [FIELD.meetingId]: { S: cleanUp.meetingId },
      [FIELD.since]: { N: String(cleanUp.since) },
    };
    if (cleanUp.meetingRegion) {
      entry[FIELD.meetingRegion] = { S: cleanUp.meetingRegion };
    }
    if (cleanUp.attendeeId) {
      entry[FIELD.attendeeId] = { S: cleanUp.attendeeId };
    }
    if (cleanUp.externalUserIdHash) {
      entry[FIELD.externalUserIdHash] = { S: cleanUp.externalUserIdHash };
    }
    await (await this.dynamodb()).send(new sdk.UpdateItemCommand({
      TableName: this.options.tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: shardKey(id) } },
      UpdateExpression: 'SET #entry = :entry, #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#entry': ENTRY_PREFIX + id, '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt },
      ExpressionAttributeValues: {
        ':entry': { M: entry },
        ':expiresAt': { N: String(Math.floor((this.options.now ?? Date.now)() / 1000) + PENDING_CLEAN_UP_TTL_SECONDS) },
      },
    }), { abortSignal: signal });
  }

  public async list(signal: AbortSignal): Promise<StoredPendingCleanUp[]> {
    const sdk = callFlowDynamoDbSdk();
    const keys = Array.from({ length: CLEAN_UP_SHARDS }, (_, shard) => ({ [DIRECTORY_ATTRIBUTES.pin]: { S: `${CLEAN_UP_KEY_PREFIX}${shard}` } }));
    const { Responses } = await (await this.dynamodb()).send(new sdk.BatchGetItemCommand({
      // Keys left unprocessed (throttling) are read by the next sweep.
      RequestItems: { [this.options.tableName]: { Keys: keys, ConsistentRead: true } },
    }), { abortSignal: signal });
    const cleanUps: StoredPendingCleanUp[] = [];
    for (const item of Responses?.[this.options.tableName] ?? []) {
      for (const [name, value] of Object.entries(item)) {
        const entry = name.startsWith(ENTRY_PREFIX) ? value.M : undefined;
        const meetingId = entry?.[FIELD.meetingId]?.S;
        const since = Number(entry?.[FIELD.since]?.N);
        if (!entry || !meetingId || !Number.isFinite(since)) {
          continue;
        }
        cleanUps.push({
          id: name.slice(ENTRY_PREFIX.length),
          meetingId,
          meetingRegion: entry[FIELD.meetingRegion]?.S,
          attendeeId: entry[FIELD.attendeeId]?.S,
          externalUserIdHash: entry[FIELD.externalUserIdHash]?.S,
          since,
        });
      }
    }
    return cleanUps.sort((a, b) => a.since - b.since);
  }

  public async remove(cleanUp: StoredPendingCleanUp, signal: AbortSignal): Promise<void> {
    const sdk = callFlowDynamoDbSdk();
    try {
      await (await this.dynamodb()).send(new sdk.UpdateItemCommand({
        TableName: this.options.tableName,
        Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: shardKey(cleanUp.id) } },
        UpdateExpression: 'REMOVE #entry',
        // A call that stored it again since (a later failure) keeps it.
        ConditionExpression: '#entry.#since = :since',
        ExpressionAttributeNames: { '#entry': ENTRY_PREFIX + cleanUp.id, '#since': FIELD.since },
        ExpressionAttributeValues: { ':since': { N: String(cleanUp.since) } },
      }), { abortSignal: signal });
    } catch (error) {
      if (!isConditionalCheckFailure(error)) {
        throw error;
      }
    }
  }

  private dynamodb(): Promise<DynamoDBClient> {
    this.client ??= this.options.clientFactory?.() ?? Promise.resolve(new (callFlowDynamoDbSdk().DynamoDBClient)({
      endpoint: this.options.endpoint,
      maxAttempts: 2,
    }));
    return this.client;
  }
}

/** The item an entry lives in: its id (hex) picks the shard. */
function shardKey(id: string): string {
  return `${CLEAN_UP_KEY_PREFIX}${parseInt(id.slice(0, 4), 16) % CLEAN_UP_SHARDS}`;
}
