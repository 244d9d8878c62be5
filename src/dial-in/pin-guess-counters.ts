import { createHmac } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callFlowDynamoDbSdk } from './aws-sdk';
import { DIRECTORY_ATTRIBUTES } from './meeting-directory';
import { PIN_GUESS_KEY_PREFIX } from '../private/pin-guess-key';

export { PIN_GUESS_KEY_PREFIX };

/**
 * Bounds PIN guessing across calls: failed PIN entries are counted per calling number, and a number
 * that failed too often in a window is refused until the window passes. Implement it to count
 * somewhere other than DynamoDB.
 */
export interface PinGuessLimiter {
  /** Whether calls from this number are refused now (too many failed PINs in the current window). */
  isBlocked(callerNumber: string, signal: AbortSignal): Promise<boolean>;
  /** Counts one failed PIN entry; returns whether the number is refused from now on. */
  recordFailure(callerNumber: string, signal: AbortSignal): Promise<boolean>;
}

/** How the DynamoDB counters work. */
export interface DynamoDbPinGuessCountersOptions {
  /** The meeting directory table (the counters live under the `guesses#` key prefix). */
  readonly tableName: string;
  /**
   * The key of the HMAC that turns a phone number into a counter key, so that no full number is
   * stored. It is a pseudonymisation key, not a secret (see the README's "PIN guessing" section): the
   * construct passes a value unique to the deployment (the stack's id and the construct's address).
   */
  readonly hashKey: string;
  /** Failed PINs from one number within one window before its calls are refused, 1 to 1,000. Default: 10. */
  readonly maxFailures?: number;
  /** The window, in seconds, 60 to 604,800 (a week). Default: 3,600. */
  readonly windowSeconds?: number;
  /** The DynamoDB endpoint. Default: the Region's. */
  readonly endpoint?: string;
  /** Builds the client instead (the handler shares the directory's). */
  readonly clientFactory?: () => Promise<DynamoDBClient>;
  /** The clock, in epoch milliseconds. Default: `Date.now`. */
  readonly now?: () => number;
}

/** The attribute that holds a counter's count. */
export const PIN_GUESS_ATTRIBUTES = { failures: 'failures' } as const;

/**
 * PIN-guess counters as DynamoDB atomic counters (UpdateItem ADD) in the meeting directory table,
 * one item per calling number and fixed window, removed by the table's TTL a window after it ends
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.AtomicCounters).
 * The key holds an HMAC-SHA-256 of the number, never the number.
 */
export class DynamoDbPinGuessCounters implements PinGuessLimiter {
  private client?: Promise<DynamoDBClient>;
  private readonly maxFailures: number;
  private readonly windowSeconds: number;

  constructor(private readonly options: DynamoDbPinGuessCountersOptions) {
    this.maxFailures = wholeNumberIn('maxFailures', options.maxFailures ?? 10, 1, 1_000);
    this.windowSeconds = wholeNumberIn('windowSeconds', options.windowSeconds ?? 3_600, 60, 604_800);
    if (!options.hashKey) {
      throw new Error('hashKey is required: pass a value unique to the deployment, so that counter keys are no phone numbers.');
    }
  }

  public async isBlocked(callerNumber: string, signal: AbortSignal): Promise<boolean> {
    const sdk = callFlowDynamoDbSdk();
    const { Item } = await (await this.dynamodb()).send(new sdk.GetItemCommand({
      TableName: this.options.tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: this.keyFor(callerNumber) } },
      ProjectionExpression: '#failures',
      ExpressionAttributeNames: { '#failures': PIN_GUESS_ATTRIBUTES.failures },
      ConsistentRead: true,
    }), { abortSignal: signal });
    return Number(Item?.[PIN_GUESS_ATTRIBUTES.failures]?.N ?? '0') >= this.maxFailures;
  }

  public async recordFailure(callerNumber: string, signal: AbortSignal): Promise<boolean> {
    const sdk = callFlowDynamoDbSdk();
    const { Attributes } = await (await this.dynamodb()).send(new sdk.UpdateItemCommand({
      TableName: this.options.tableName,
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: this.keyFor(callerNumber) } },
      UpdateExpression: 'ADD #failures :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
      ExpressionAttributeNames: { '#failures': PIN_GUESS_ATTRIBUTES.failures, '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':expiresAt': { N: String(this.windowStart() + 2 * this.windowSeconds) } },
      ReturnValues: 'UPDATED_NEW',
    }), { abortSignal: signal });
    return Number(Attributes?.[PIN_GUESS_ATTRIBUTES.failures]?.N ?? '0') >= this.maxFailures;
  }

  /** `guesses#<HMAC of the number, 32 hex digits>#<window start, epoch seconds>`. */
  private keyFor(callerNumber: string): string {
    const digest = createHmac('sha256', this.options.hashKey).update(callerNumber.replace(/[^\d+]/g, '')).digest('hex').slice(0, 32);
    return `${PIN_GUESS_KEY_PREFIX}${digest}#${this.windowStart()}`;
  }

  private windowStart(): number {
    const nowSeconds = Math.floor((this.options.now ?? Date.now)() / 1000);
    return nowSeconds - (nowSeconds % this.windowSeconds);
  }

  private dynamodb(): Promise<DynamoDBClient> {
    this.client ??= this.options.clientFactory?.() ?? Promise.resolve(new (callFlowDynamoDbSdk().DynamoDBClient)({
      endpoint: this.options.endpoint,
      maxAttempts: 2,
    }));
    return this.client;
  }
}

function wholeNumberIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} ${value} is invalid: use a whole number from ${min} to ${max}.`);
  }
  return value;
}
