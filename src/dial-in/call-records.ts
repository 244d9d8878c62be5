import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callFlowDynamoDbSdk } from './aws-sdk';
import { DIRECTORY_ATTRIBUTES } from './meeting-directory';
import { CALL_RECORD_KEY_PREFIX } from '../private/call-record-key';

/**
 * A phone call in a meeting, as the app's backend needs it to update the call: the web app knows the
 * meeting and attendee ids from its roster, UpdateSipMediaApplicationCall needs the TransactionId
 * and the SIP media application (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_UpdateSipMediaApplicationCall.html).
 */
export interface CallRecord {
  readonly meetingId: string;
  readonly attendeeId: string;
  /** The call's full TransactionId. */
  readonly transactionId: string;
  /** The SIP media application that handles the call (the standby's, after a failover). */
  readonly sipMediaApplicationId: string;
  /** That application's Region, where UpdateSipMediaApplicationCall must be sent. */
  readonly sipMediaApplicationRegion?: string;
  /** When the record expires, in epoch seconds (the table's TTL), in case the hangup never removes it. */
  readonly expiresAt: number;
}

/** Where the call flow records the calls that joined a meeting. */
export interface CallRecords {
  /** Records (or replaces) the call of a phone attendee. */
  put(record: CallRecord, signal: AbortSignal): Promise<void>;
  /** Removes the record of a phone attendee; one that is gone counts as removed. */
  remove(meetingId: string, attendeeId: string, signal: AbortSignal): Promise<void>;
}

export { CALL_RECORD_KEY_PREFIX };

/** The attribute names of a call record item, besides the directory's partition key and TTL. */
export const CALL_RECORD_ATTRIBUTES = {
  meetingId: 'meetingId',
  attendeeId: 'attendeeId',
  transactionId: 'transactionId',
  sipMediaApplicationId: 'sipMediaApplicationId',
  sipMediaApplicationRegion: 'sipMediaApplicationRegion',
} as const;

/** The partition key of the call record of an attendee. */
export function callRecordKey(meetingId: string, attendeeId: string): string {
  return `${CALL_RECORD_KEY_PREFIX}${meetingId}#${attendeeId}`;
}

/** How the DynamoDB call records reach their table. */
export interface DynamoDbCallRecordsOptions {
  /** The meeting directory table. */
  readonly tableName: string;
  /** The DynamoDB endpoint, e.g. a local server. Default: the region's. */
  readonly endpoint?: string;
  /** Builds the client instead (tests pass credentials this way; the handler shares the directory's). */
  readonly clientFactory?: () => Promise<DynamoDBClient>;
}

/** Call records in the meeting directory table. The SDK is loaded on first use. */
export class DynamoDbCallRecords implements CallRecords {
  private client?: Promise<DynamoDBClient>;

  constructor(private readonly options: DynamoDbCallRecordsOptions) {}

  public async put(record: CallRecord, signal: AbortSignal): Promise<void> {
    const sdk = callFlowDynamoDbSdk();
    const item: Record<string, { S: string } | { N: string }> = {
      [DIRECTORY_ATTRIBUTES.pin]: { S: callRecordKey(record.meetingId, record.attendeeId) },
      [CALL_RECORD_ATTRIBUTES.meetingId]: { S: record.meetingId },
      [CALL_RECORD_ATTRIBUTES.attendeeId]: { S: record.attendeeId },
      [CALL_RECORD_ATTRIBUTES.transactionId]: { S: record.transactionId },
      [CALL_RECORD_ATTRIBUTES.sipMediaApplicationId]: { S: record.sipMediaApplicationId },
      [DIRECTORY_ATTRIBUTES.expiresAt]: { N: String(record.expiresAt) },
    };
    if (record.sipMediaApplicationRegion) {
      item[CALL_RECORD_ATTRIBUTES.sipMediaApplicationRegion] = { S: record.sipMediaApplicationRegion };
    }
    await (await this.dynamodb()).send(new sdk.PutItemCommand({ TableName: this.options.tableName, Item: item }), { abortSignal: signal });
  }

  public async remove(meetingId: string, attendeeId: string, signal: AbortSignal): Promise<void> {
    const sdk = callFlowDynamoDbSdk();
    await (await this.dynamodb()).send(new sdk.DeleteItemCommand({
      TableName: this.options.tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: callRecordKey(meetingId, attendeeId) } },
    }), { abortSignal: signal });
  }

  private dynamodb(): Promise<DynamoDBClient> {
    this.client ??= this.options.clientFactory?.() ?? Promise.resolve(new (callFlowDynamoDbSdk().DynamoDBClient)({
      endpoint: this.options.endpoint,
      maxAttempts: 2,
    }));
    return this.client;
  }
}
