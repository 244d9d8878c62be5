import { randomInt } from 'crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PinAllocationError } from './errors';
import { requireMeeting, requireMeetingId, requireText, wholeNumberIn } from './validation';
import { dynamoDbSdk } from '../dial-in/aws-sdk';
import { DIRECTORY_ATTRIBUTES, directoryItem } from '../dial-in/meeting-directory';

/** Options of {@link registerMeeting}. */
export interface RegisterMeetingOptions {
  /** The DynamoDB client (region and credentials of the app's backend). */
  readonly dynamodb: DynamoDBClient;
  /** The meeting directory table (`MeetingDialIn.meetingDirectory.tableName`). */
  readonly tableName: string;
  /**
   * The Chime SDK meeting callers should reach.
   * Default: `meeting.MeetingId`; give one of the two.
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
  /** Digits in the PIN; must match the handler's `pinLength`. Default: 6. */
  readonly pinLength?: number;
  /** How long the PIN works, in seconds. Default: 86,400 (a meeting lasts at most 24 hours). */
  readonly ttlSeconds?: number;
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
}

/** Attempts at a random free PIN before giving up. */
const PIN_ATTEMPTS = 10;

/**
 * Gives a meeting a unique PIN in the meeting directory. Each candidate is written with a
 * condition that no live item holds it, so two meetings never share a PIN even when registered
 * at the same moment; an expired item's PIN may be reused.
 */
export async function registerMeeting(options: RegisterMeetingOptions): Promise<RegisteredMeeting> {
  const { meetingId, meetingRegion } = requireMeeting(options);
  const tableName = requireText('tableName', options.tableName);
  const pinLength = wholeNumberIn('pinLength', options.pinLength ?? 6, 4, 12);
  const ttlSeconds = wholeNumberIn('ttlSeconds', options.ttlSeconds ?? 86_400, 60, 30 * 86_400);
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const expiresAt = nowSeconds + ttlSeconds;
  const sdk = dynamoDbSdk();
  for (let attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
    const pin = randomPin(pinLength);
    try {
      await options.dynamodb.send(new sdk.PutItemCommand({
        TableName: tableName,
        Item: directoryItem(pin, { meetingId, meetingRegion, expiresAt }),
        ConditionExpression: 'attribute_not_exists(#pin) OR #expiresAt <= :now',
        ExpressionAttributeNames: { '#pin': DIRECTORY_ATTRIBUTES.pin, '#expiresAt': DIRECTORY_ATTRIBUTES.expiresAt },
        ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
      }));
      return { pin, meetingId, meetingRegion, expiresAt };
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
  readonly tableName: string;
  /** The PIN to retire. */
  readonly pin: string;
  /** Only retire the PIN if it still leads to this meeting (it may have expired and been reused). */
  readonly meetingId: string;
}

/** Retires a meeting's PIN. A PIN that is gone, or now belongs to another meeting, is left alone. */
export async function unregisterMeeting(options: UnregisterMeetingOptions): Promise<boolean> {
  const meetingId = requireMeetingId('meetingId', options.meetingId);
  const pin = requireText('pin', options.pin);
  const sdk = dynamoDbSdk();
  try {
    await options.dynamodb.send(new sdk.DeleteItemCommand({
      TableName: requireText('tableName', options.tableName),
      Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: pin } },
      ConditionExpression: '#meetingId = :meetingId',
      ExpressionAttributeNames: { '#meetingId': DIRECTORY_ATTRIBUTES.meetingId },
      ExpressionAttributeValues: { ':meetingId': { S: meetingId } },
    }));
    return true;
  } catch (error) {
    if (error instanceof sdk.ConditionalCheckFailedException) {
      return false;
    }
    throw error;
  }
}

function randomPin(length: number): string {
  let pin = '';
  for (let i = 0; i < length; i++) {
    pin += String(randomInt(10));
  }
  return pin;
}
