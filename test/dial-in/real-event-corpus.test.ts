import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ChimeSDKMeetingsClient } from '@aws-sdk/client-chime-sdk-meetings';
import { createMeetingJoinHandler, DynamoDbCallRecords, DynamoDbMeetingDirectory, SdkMeetingsGateway } from '../../src/dial-in';
import { findLeg, isLive, SmaAction, validateSmaResponse } from '../../src/sma';
import { FakeMeetingsService, LocalMeetingDirectory, startLocalMeetingDirectory, virtualCallFlowClock, VirtualClock } from '../../src/testing';
import { retriesWithoutDelay } from '../helpers/retries-without-delay';
import { SMA_EVENT_FIXTURES } from '../sma/fixtures';

/**
 * Real events, from the developer guide's examples and the project's recorded fixtures, through the
 * call flow, each as found and with every set of TransactionAttributes the flow could hold (or
 * stale ones of another handler): every event gets a valid response, none leaves a live, unbridged
 * caller in silence, none sends JoinChimeMeeting on a bridged call, and none hangs up a connected
 * caller without a word.
 */

const GUIDE = join(SMA_EVENT_FIXTURES, 'developer-guide');
const CORPUS = [
  ...readdirSync(SMA_EVENT_FIXTURES).filter((name) => name.endsWith('.json')).map((name) => join(SMA_EVENT_FIXTURES, name)),
  ...readdirSync(GUIDE).filter((name) => name.endsWith('.json')).map((name) => join(GUIDE, name)),
];
const MEETING_ID = '2a3f4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b6c';

/** The attributes the flow could hold at any point, and some it could not (lost, stale, another handler's). */
const ATTRIBUTE_SETS: Record<string, Record<string, string> | undefined> = {
  'as found': undefined,
  'none': {},
  'asking the PIN': { flow: 'pin', attempts: '1' },
  'confirming a dial-out': { flow: 'confirm', meetingId: MEETING_ID, confirm: 'true' },
  'ringing': { flow: 'ringing', meetingId: MEETING_ID, confirm: 'true' },
  'joining': { flow: 'joining', meetingId: MEETING_ID, externalUserId: 'Phone ...0122 (7f2b6a9c1d3e)', attendeeId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
  'holding': { flow: 'joining', meetingId: MEETING_ID, externalUserId: 'Phone ...0122 (7f2b6a9c1d3e)', wait: 'create-attendee|1641998241509|mute', marks: 'a' },
  'joined': { flow: 'joined', meetingId: MEETING_ID, attendeeId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', muted: 'true' },
  'ending': { flow: 'ending' },
  'another handler': { state: 'menu', step: '7' },
};

/** Events whose response the SMA ignores (docs/sma-model.md#ignored-responses). */
const IGNORED = new Set(['NEW_OUTBOUND_CALL', 'RINGING', 'ACTION_INTERRUPTED']);
const SPOKEN = new Set(['Speak', 'PlayAudio', 'SpeakAndGetDigits', 'PlayAudioAndGetDigits']);
const PROMPTS = new Set([...SPOKEN, 'Pause']);

let db: LocalMeetingDirectory;
let meetings: FakeMeetingsService;
let handler: (event: unknown) => Promise<unknown>;
const clients: ChimeSDKMeetingsClient[] = [];

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
  const clock = new VirtualClock();
  meetings = new FakeMeetingsService({ clock });
  await meetings.start();
  handler = createMeetingJoinHandler({
    directory: new DynamoDbMeetingDirectory({ tableName: db.tableName, clientFactory: async () => db.client }),
    callRecords: new DynamoDbCallRecords({ tableName: db.tableName, clientFactory: async () => db.client }),
    meetings: new SdkMeetingsGateway({
      region: 'us-east-1',
      clientFactory: async (region) => {
        const client = new ChimeSDKMeetingsClient({
          endpoint: meetings.endpoint, region: region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, retryStrategy: retriesWithoutDelay(1),
        });
        clients.push(client);
        return client;
      },
    }),
    clock: virtualCallFlowClock(clock),
  });
});

afterAll(async () => {
  clients.forEach((client) => client.destroy());
  await meetings.stop();
  await db.stop();
});

const cases = CORPUS.flatMap((path) => Object.keys(ATTRIBUTE_SETS)
  .map((attributes) => [path.slice(SMA_EVENT_FIXTURES.length + 1), attributes] as const));

describe('the real-event corpus', () => {
  it('holds events from the developer guide and the recorded fixtures', () => {
    expect(CORPUS.filter((path) => path.startsWith(GUIDE)).length).toBeGreaterThanOrEqual(20);
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s, attributes %s: a valid answer, never silence, never a join on a bridged call, never a wordless hangup', async (name, attributeSet) => {
    const event = JSON.parse(readFileSync(join(SMA_EVENT_FIXTURES, name), 'utf8')) as Record<string, any>;
    const attributes = ATTRIBUTE_SETS[attributeSet];
    if (attributes !== undefined) {
      event.CallDetails.TransactionAttributes = attributes;
    }
    const response = validateSmaResponse(await handler(structuredClone(event)));
    const actions: readonly SmaAction[] = response.Actions ?? [];
    const type = String(event.InvocationEventType ?? event.InvocationEvent);
    const participants = (event.CallDetails.Participants as Array<Record<string, string>>)
      .map((participant) => ({ ...participant, ParticipantTag: participant.ParticipantTag.toUpperCase() }));
    const legA = findLeg({ CallDetails: { Participants: participants } } as never, 'LEG-A');
    const legB = findLeg({ CallDetails: { Participants: participants } } as never, 'LEG-B');
    const caller = isLive(legA) ? legA : undefined;
    const bridged = isLive(legB);

    // No silence: a live caller alone with the SMA always gets something to hear or a Hangup.
    const heardByHangup = type === 'HANGUP' && event.ActionData?.Parameters?.ParticipantTag === 'LEG-A';
    if (caller && !bridged && !IGNORED.has(type) && !heardByHangup) {
      expect(actions.length).toBeGreaterThan(0);
    }
    // Never JoinChimeMeeting on a bridged call.
    if (bridged) {
      expect(actions.map((action) => action.Type)).not.toContain('JoinChimeMeeting');
    }
    // Every Hangup of a connected caller comes after words saying why, unless they were said already
    // (the call is ending) or no prompt can be heard (a prompt just failed).
    const hangupOfCaller = actions.findIndex((action) => action.Type === 'Hangup' && (action.Parameters as { CallId?: string }).CallId === caller?.CallId);
    const promptFailed = type === 'ACTION_FAILED' && PROMPTS.has(String(event.ActionData?.Type));
    const saidAlready = attributes?.flow === 'ending' || (attributes === undefined && event.CallDetails.TransactionAttributes?.flow === 'ending');
    if (caller && type !== 'NEW_INBOUND_CALL' && hangupOfCaller >= 0 && !promptFailed && !saidAlready) {
      expect(actions.slice(0, hangupOfCaller).some((action) => SPOKEN.has(action.Type))).toBe(true);
    }
  });
});
