import { ChimeSDKMeetingsClient, CreateMeetingCommand, ListAttendeesCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  ANSWER_PATHS, ATTRIBUTES_AFTER_INBOUND_CALL, ATTRIBUTES_AFTER_PIN, hangupEvent, inboundCallEvent, JOIN_TOKEN_PATTERN, pinEnteredEvent,
  SMOKE_CALL_LEG_A, SMOKE_CALL_PIN, SMOKE_CALL_PIN_EXPIRES_AT, SmokeCallIdentity,
} from './smoke-call';
import { createMeetingJoinHandlerFromConfig, directoryItem } from '../../src/dial-in';
import { SmaResponse } from '../../src/sma';
import { FakeMeetingsService, LocalMeetingDirectory, startLocalMeetingDirectory, VirtualClock } from '../../src/testing';

// The integration test plays this call against the deployed handler, chaining the attributes and
// checking the answers at these paths; here the same call flow plays it against the fakes, so a
// change of the flow that would break the real run fails `npm test` first.

const IDENTITY: SmokeCallIdentity = {
  accountId: '111122223333',
  region: 'us-east-1',
  sipMediaApplicationId: 'c4e7a1b9-2d3f-4a5b-8c6d-9e0f1a2b3c4d',
  sipRuleId: '3f1a9c2e-7b4d-4e8f-9a6c-5d2b1e0f7a83',
  dialInNumber: '+12065550100',
};
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

let db: LocalMeetingDirectory;
let meetings: FakeMeetingsService;
let client: ChimeSDKMeetingsClient;
const savedEnv = { ...process.env };

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
  meetings = new FakeMeetingsService({ clock: new VirtualClock(), seed: 18 });
  await meetings.start();
  client = new ChimeSDKMeetingsClient({ endpoint: meetings.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  // The handler's SDK clients read credentials from the environment, as in Lambda.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });
});

afterAll(async () => {
  process.env = savedEnv;
  client.destroy();
  await meetings.stop();
  await db.stop();
});

/** The value at a dotted path (array indexes as numbers), as integ-tests-alpha flattens an answer. */
function at(answer: SmaResponse, dottedPath: string): unknown {
  return dottedPath.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], answer);
}

/** What the integration test forwards to the next event: the listed attributes of the answer. */
function carried(answer: SmaResponse, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, String(answer.TransactionAttributes?.[key])]));
}

async function attendeeIds(meetingId: string): Promise<string[]> {
  const { Attendees } = await client.send(new ListAttendeesCommand({ MeetingId: meetingId }));
  return (Attendees ?? []).map((attendee) => attendee.AttendeeId!);
}

describe('the smoke call of the integration test', () => {
  it('plays through the call flow as the integration test asserts it: PIN prompt, join, no attendee after the hangup', async () => {
    const { Meeting } = await client.send(new CreateMeetingCommand({ ClientRequestToken: 'smoke-call', ExternalMeetingId: 'smoke-call', MediaRegion: 'us-east-1' }));
    const meetingId = Meeting!.MeetingId!;
    await db.client.send(new PutItemCommand({
      TableName: db.tableName,
      Item: directoryItem(SMOKE_CALL_PIN, { meetingId, expiresAt: SMOKE_CALL_PIN_EXPIRES_AT }),
    }));
    const handler = createMeetingJoinHandlerFromConfig({
      directoryTableName: db.tableName, dynamoDbEndpoint: db.endpoint, meetingsEndpoint: meetings.endpoint, meetingsRegion: 'us-east-1',
    });

    const inboundCall = await handler(inboundCallEvent(IDENTITY));
    expect(at(inboundCall, ANSWER_PATHS.pinPromptType)).toBe('SpeakAndGetDigits');
    // The integration test forwards exactly these: every attribute the SIP media application would send back.
    expect(Object.keys(inboundCall.TransactionAttributes ?? {}).sort()).toEqual([...ATTRIBUTES_AFTER_INBOUND_CALL].sort());

    const pinEntered = await handler(pinEnteredEvent(IDENTITY, carried(inboundCall, ATTRIBUTES_AFTER_INBOUND_CALL)));
    expect(at(pinEntered, ANSWER_PATHS.joinType)).toBe('JoinChimeMeeting');
    expect(at(pinEntered, ANSWER_PATHS.joinMeetingId)).toBe(meetingId);
    expect(at(pinEntered, ANSWER_PATHS.joinCallId)).toBe(SMOKE_CALL_LEG_A);
    expect(at(pinEntered, ANSWER_PATHS.joinToken)).toMatch(new RegExp(JOIN_TOKEN_PATTERN));
    expect(Object.keys(pinEntered.TransactionAttributes ?? {}).sort()).toEqual([...ATTRIBUTES_AFTER_PIN].sort());
    expect(await attendeeIds(meetingId)).toEqual([pinEntered.TransactionAttributes?.attendeeId]);

    const hangup = await handler(hangupEvent(IDENTITY, carried(pinEntered, ATTRIBUTES_AFTER_PIN)));
    expect(hangup.SchemaVersion).toBe('1.0');
    expect(await attendeeIds(meetingId)).toEqual([]);
  });
});
