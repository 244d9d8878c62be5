import { CreateMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { CallFlowWorld, startCallFlowWorld, PROMPTS_PLAY, promptText } from './call-flow-harness';
import { activateMeeting, deactivateMeeting, registerMeeting } from '../../src/client';
import { LocalMeetingDirectory, SimulatedCall, startLocalMeetingDirectory } from '../../src/testing';

const CALLER = '+15105550101';

let db: LocalMeetingDirectory;
let world: CallFlowWorld;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(() => db.stop());

afterEach(async () => {
  await world?.stop();
  delete process.env.CDK_CHIME_DIALIN_PIN_LENGTH;
});

const text = promptText;

function expectNoViolations(call: SimulatedCall): void {
  expect(call.violations).toEqual([]);
  expect(call.silentSince).toBeUndefined();
}

async function callIn(pin: string): Promise<SimulatedCall> {
  const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
  await call.pressDigits(`${pin}#`);
  await call.wait(PROMPTS_PLAY);
  return call;
}

describe('a scheduled meeting\'s PIN', () => {
  it('a caller who dials before the meeting starts waits on hold, and joins when the app activates it 2 minutes later', async () => {
    world = await startCallFlowWorld(db);
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey: 'design-review', now: () => world.clock.now() };
    const { pin } = await registerMeeting(options);

    const call = await callIn(pin);
    expect(call.prompts).toEqual([text('enterPin'), text('waitingForMeeting')]);
    await world.sim.wait(120_000);
    expect(call.status).not.toBe('ended');
    const { Meeting } = await world.meetingsClient.send(new CreateMeetingCommand({
      ClientRequestToken: 'design-review-1', ExternalMeetingId: 'design-review', MediaRegion: 'us-east-1',
    }));
    await activateMeeting({ ...options, meeting: Meeting! });
    await call.wait(15_000);

    expect(call.joinedMeeting?.meetingId).toBe(Meeting!.MeetingId);
    // The wait is one hold with a reminder each minute, then the join.
    expect(call.prompts).toEqual([text('enterPin'), text('waitingForMeeting'), text('waitingForMeeting'), text('waitingForMeeting'), text('joining')]);
    expectNoViolations(call);
  });

  it('a caller whose meeting does not start within the wait hears so, then goodbye', async () => {
    world = await startCallFlowWorld(db, { meetingStartWaitMs: 60_000 });
    const { pin } = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingKey: 'never-starts', now: () => world.clock.now() });

    const call = await callIn(pin);
    await call.wait(70_000);

    expect(call.prompts).toEqual([text('enterPin'), text('waitingForMeeting'), text('meetingNotStarted')]);
    expect(call.status).toBe('ended');
    expectNoViolations(call);
  });

  it('with no wait, before the meeting starts the caller hears so; once activated they join; once it ended they hear that', async () => {
    world = await startCallFlowWorld(db, { meetingStartWaitMs: 0 });
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey: 'weekly-standup', now: () => world.clock.now() };
    const { pin } = await registerMeeting(options);

    const early = await callIn(pin);
    expect(early.prompts).toEqual([text('enterPin'), text('meetingNotStarted')]);
    expect(early.status).toBe('ended');
    expectNoViolations(early);

    // Two minutes later the meeting starts and the app attaches it.
    await world.sim.wait(120_000);
    const { Meeting } = await world.meetingsClient.send(new CreateMeetingCommand({
      ClientRequestToken: 'weekly-standup-1', ExternalMeetingId: 'weekly-standup', MediaRegion: 'us-east-1',
    }));
    await activateMeeting({ ...options, meeting: Meeting! });

    const joined = await callIn(pin);
    expect(joined.joinedMeeting?.meetingId).toBe(Meeting!.MeetingId);
    expectNoViolations(joined);

    await deactivateMeeting({ ...options, meetingId: Meeting!.MeetingId });
    const late = await callIn(pin);
    expect(late.prompts).toEqual([text('enterPin'), text('meetingEnded')]);
    expect(late.joinedMeeting).toBeUndefined();
    expectNoViolations(late);
  });
});

describe('one PIN length between the backend and the handler', () => {
  it('a backend wired to an 8-digit handler registers 8-digit PINs, and the caller joins with one', async () => {
    world = await startCallFlowWorld(db, { pinLength: 8 });
    process.env.CDK_CHIME_DIALIN_PIN_LENGTH = '8';
    const { Meeting } = await world.meetingsClient.send(new CreateMeetingCommand({
      ClientRequestToken: 'eight-digits', ExternalMeetingId: 'eight-digits', MediaRegion: 'us-east-1',
    }));

    // The mismatch of the issue (pinLength 6 against an 8-digit handler) fails at registration, loudly.
    await expect(registerMeeting({ dynamodb: db.client, tableName: db.tableName, meeting: Meeting!, pinLength: 6 }))
      .rejects.toThrow('differs from the dial-in handler\'s PIN length, 8');
    const { pin } = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meeting: Meeting!, now: () => world.clock.now() });
    expect(pin).toHaveLength(8);

    const call = await callIn(pin);
    expect(call.prompts).toEqual([text('enterPin'), text('joining')]);
    expect(call.joinedMeeting?.meetingId).toBe(Meeting!.MeetingId);
    expectNoViolations(call);
  });
});
