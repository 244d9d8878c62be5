import type { AttributeValue as SdkAttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callFlowDynamoDbSdk, isConditionalCheckFailure } from './aws-sdk';
import { DIRECTORY_ATTRIBUTES } from './meeting-directory';
import { CALL_RECORD_KEY_PREFIX } from '../private/call-record-key';

/**
 * A phone caller in a meeting's waiting room: a right PIN, an attendee created but not joined, on
 * hold until the app admits them (`updateCall` with `admit`), the host PIN opens the room, or the
 * lobby timeout ends the call.
 */
export interface WaitingCaller {
  readonly meetingId: string;
  /** The attendee the caller will join as; `updateCall` admits the caller by it. */
  readonly attendeeId: string;
  /** The attendee's ExternalUserId: how the caller appears in the roster once admitted (masked unless `full`). */
  readonly externalUserId: string;
  /** The call's TransactionId. */
  readonly transactionId: string;
  /** The SIP media application that handles the call. */
  readonly sipMediaApplicationId: string;
  /** That application's Region. */
  readonly sipMediaApplicationRegion?: string;
  /** When the caller started waiting, in epoch ms. */
  readonly waitingSince: number;
  /** When the call flow last confirmed the caller is still waiting, in epoch ms (every 10 s while the caller waits). */
  readonly lastSeen: number;
}

/** Where the call flow lists its waiting callers, and learns that the host opened the room. */
export interface WaitingRoomStore {
  /**
   * Lists the caller as waiting, or refreshes the listing; false, without listing, when the room is
   * open (the meeting's host PIN was entered): the caller then joins at once.
   */
  wait(caller: WaitingCaller, signal: AbortSignal): Promise<boolean>;
  /** Removes the caller from the list; one that is not listed counts as removed. */
  leave(meetingId: string, attendeeId: string, signal: AbortSignal): Promise<void>;
  /** Opens the meeting's room: its waiting callers join at their next check, later callers at once. */
  open(meetingId: string, openedAt: number, signal: AbortSignal): Promise<void>;
}

/**
 * A listing not refreshed for this long belongs to a call whose end could not remove it: the call
 * flow refreshes each listing every 10 s (or after each play of an audio hold prompt).
 */
export const WAITING_LISTING_STALE_MS = 3 * 60_000;

/**
 * How long a room item outlives its last write, in seconds: a meeting lasts at most 24 hours
 * (https://docs.aws.amazon.com/chime-sdk/latest/dg/create-mtgs.html).
 */
const WAITING_ROOM_TTL_SECONDS = 24 * 60 * 60;

/**
 * The partition key of a meeting's waiting room: a call-record key (the handler may write those
 * only), which no call record uses (theirs end with an attendee's UUID).
 */
export function waitingRoomKey(meetingId: string): string {
  return `${CALL_RECORD_KEY_PREFIX}${meetingId}#waiting-room`;
}

/** The attribute names of a waiting-room item: `openedAt` (epoch ms) and one `caller#<attendeeId>` map per waiting caller. */
export const WAITING_ROOM_ATTRIBUTES = {
  openedAt: 'openedAt',
  callerPrefix: 'caller#',
} as const;

type AttributeValue = { S?: string; N?: string; M?: Record<string, AttributeValue> };

/** The waiting callers of a room item (as GetItem returns it) at `nowMs`, longest waiting first; stale listings left out. */
export function readWaitingRoomItem(meetingId: string, item: Record<string, AttributeValue> | undefined, nowMs: number): WaitingCaller[] {
  const callers: WaitingCaller[] = [];
  for (const [name, value] of Object.entries(item ?? {})) {
    const entry = value.M;
    if (!name.startsWith(WAITING_ROOM_ATTRIBUTES.callerPrefix) || !entry) {
      continue;
    }
    const caller = {
      meetingId,
      attendeeId: entry.attendeeId?.S ?? '',
      externalUserId: entry.externalUserId?.S ?? '',
      transactionId: entry.transactionId?.S ?? '',
      sipMediaApplicationId: entry.sipMediaApplicationId?.S ?? '',
      ...(entry.sipMediaApplicationRegion?.S ? { sipMediaApplicationRegion: entry.sipMediaApplicationRegion.S } : {}),
      waitingSince: Number(entry.waitingSince?.N),
      lastSeen: Number(entry.lastSeen?.N),
    };
    if (caller.attendeeId && caller.transactionId && caller.sipMediaApplicationId && nowMs - caller.lastSeen <= WAITING_LISTING_STALE_MS) {
      callers.push(caller);
    }
  }
  return callers.sort((a, b) => a.waitingSince - b.waitingSince);
}

/** How the DynamoDB waiting room reaches its table. */
export interface DynamoDbWaitingRoomOptions {
  /** The meeting directory table. */
  readonly tableName: string;
  /** Builds the client (the handler shares the directory's). */
  readonly clientFactory: () => Promise<DynamoDBClient>;
}

/**
 * Waiting rooms in the meeting directory table, one item per meeting: a map per waiting caller and,
 * once the host PIN is entered, `openedAt`. One item a meeting lets the backend list the room with
 * one GetItem (the table has no sort key to query by).
 */
export class DynamoDbWaitingRoom implements WaitingRoomStore {
  constructor(private readonly options: DynamoDbWaitingRoomOptions) {}

  public async wait(caller: WaitingCaller, signal: AbortSignal): Promise<boolean> {
    const sdk = callFlowDynamoDbSdk();
    const entry: Record<string, SdkAttributeValue> = {
      attendeeId: { S: caller.attendeeId },
      externalUserId: { S: caller.externalUserId },
      transactionId: { S: caller.transactionId },
      sipMediaApplicationId: { S: caller.sipMediaApplicationId },
      waitingSince: { N: String(caller.waitingSince) },
      lastSeen: { N: String(caller.lastSeen) },
      ...(caller.sipMediaApplicationRegion ? { sipMediaApplicationRegion: { S: caller.sipMediaApplicationRegion } } : {}),
    };
    try {
      await (await this.options.clientFactory()).send(new sdk.UpdateItemCommand({
        TableName: this.options.tableName,
        Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: waitingRoomKey(caller.meetingId) } },
        UpdateExpression: 'SET #caller = :entry, #expiresAt = :expiresAt',
        // An open room lists no one: the caller joins instead.
        ConditionExpression: 'attribute_not_exists(#openedAt)',
        ExpressionAttributeNames: {
          '#caller': `${WAITING_ROOM_ATTRIBUTES.callerPrefix}${caller.attendeeId}`,
          '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt,
          '#openedAt': WAITING_ROOM_ATTRIBUTES.openedAt,
        },
        ExpressionAttributeValues: { ':entry': { M: entry }, ':expiresAt': { N: String(expiresAtFrom(caller.lastSeen)) } },
      }), { abortSignal: signal });
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) {
        return false;
      }
      throw error;
    }
  }

  public async leave(meetingId: string, attendeeId: string, signal: AbortSignal): Promise<void> {
    const sdk = callFlowDynamoDbSdk();
    try {
      await (await this.options.clientFactory()).send(new sdk.UpdateItemCommand({
        TableName: this.options.tableName,
        Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: waitingRoomKey(meetingId) } },
        UpdateExpression: 'REMOVE #caller',
        // An UpdateItem of a missing item would create it: a room that is gone stays gone.
        ConditionExpression: 'attribute_exists(#pin)',
        ExpressionAttributeNames: { '#caller': `${WAITING_ROOM_ATTRIBUTES.callerPrefix}${attendeeId}`, '#pin': DIRECTORY_ATTRIBUTES.pin },
      }), { abortSignal: signal });
    } catch (error) {
      if (!isConditionalCheckFailure(error)) {
        throw error;
      }
    }
  }

  public async open(meetingId: string, openedAt: number, signal: AbortSignal): Promise<void> {
    const sdk = callFlowDynamoDbSdk();
    await (await this.options.clientFactory()).send(new sdk.UpdateItemCommand({
      TableName: this.options.tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: waitingRoomKey(meetingId) } },
      UpdateExpression: 'SET #openedAt = if_not_exists(#openedAt, :openedAt), #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#openedAt': WAITING_ROOM_ATTRIBUTES.openedAt, '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt },
      ExpressionAttributeValues: { ':openedAt': { N: String(openedAt) }, ':expiresAt': { N: String(expiresAtFrom(openedAt)) } },
    }), { abortSignal: signal });
  }
}

function expiresAtFrom(nowMs: number): number {
  return Math.floor(nowMs / 1000) + WAITING_ROOM_TTL_SECONDS;
}
