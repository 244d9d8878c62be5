import { CreateAttendeeCommand, CreateMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import {
  attendeesOf, CallFlowWorld, CallFlowWorldOptions, expectCleanCall as expectCleanCallWithin, PROMPTS_PLAY, promptText, startCallFlowWorld,
} from './call-flow-harness';
import { listWaitingCallers, readCallRecord, registerMeeting, updateCall } from '../../src/client';
import { LocalMeetingDirectory, SimulatedCall, SimulatorSettingsOverrides, startLocalMeetingDirectory } from '../../src/testing';

/**
 * The waiting room, through the simulator with the real SDK clients, the fake Meetings and Voice
 * services and a local DynamoDB: a caller with the meeting's PIN waits on hold until the app
 * admits them, the host PIN opens the room, or the lobby timeout ends the call.
 */

const CALLER = '+15105550101';
const HOST_PHONE = '+15105550199';
const EVENT_BUDGET_MS = 3_500;
const text = promptText;

let db: LocalMeetingDirectory;
let world: CallFlowWorld;
let meetings = 0;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(() => db.stop());

afterEach(() => world?.stop());

interface HostedMeeting {
  readonly meetingId: string;
  readonly pin: string;
  readonly hostPin: string;
  /** The host's web attendee, connected: the meeting does not end for want of attendees while callers wait. */
  readonly webHostId: string;
}

async function startWorld(options: CallFlowWorldOptions = { waitingRoom: {} }, settings: SimulatorSettingsOverrides = {}): Promise<HostedMeeting> {
  // A seed of its own: the fake's meeting ids, and so the waiting rooms in the shared table, differ from test to test.
  world = await startCallFlowWorld(db, options, 100 + ++meetings, settings);
  const { Meeting } = await world.meetingsClient.send(new CreateMeetingCommand({
    ClientRequestToken: `waiting-room-${++meetings}`, ExternalMeetingId: 'all-hands', MediaRegion: 'us-east-1',
  }));
  const { pin, hostPin } = await registerMeeting({
    dynamodb: db.client, tableName: db.tableName, meeting: Meeting!, hostPin: true, now: () => world.clock.now(),
  });
  const { Attendee } = await world.meetingsClient.send(new CreateAttendeeCommand({ MeetingId: Meeting!.MeetingId, ExternalUserId: 'web-host' }));
  world.meetings.markAttendeeConnected(Attendee!.AttendeeId!, true);
  return { meetingId: Meeting!.MeetingId!, pin, hostPin: hostPin!, webHostId: Attendee!.AttendeeId! };
}

async function callIn(pin: string, from = CALLER): Promise<SimulatedCall> {
  const call = await world.sim.inboundCall({ from, to: world.dialInNumber });
  await call.pressDigits(`${pin}#`);
  await call.wait(PROMPTS_PLAY);
  return call;
}

function waiting(meetingId: string) {
  return listWaitingCallers({ dynamodb: db.client, tableName: db.tableName, meetingId, now: () => world.clock.now() });
}

function callRecordOf(meetingId: string, attendeeId: string) {
  return readCallRecord({ dynamodb: db.client, tableName: db.tableName, attendee: { meetingId, attendeeId } });
}

function admit(meetingId: string, attendeeId: string) {
  return updateCall({
    voice: world.voiceClient,
    callRecords: { dynamodb: db.client, tableName: db.tableName, now: () => world.clock.now() },
    attendee: { meetingId, attendeeId },
    action: 'admit',
  });
}

/** The phone attendees left in the meeting besides the web host: orphans once every call has ended. */
function phoneAttendees(meeting: HostedMeeting) {
  return attendeesOf(world, meeting.meetingId).filter((attendee) => attendee.attendeeId !== meeting.webHostId);
}

/** A clean call whose every answer came inside the flow's event budget. */
function expectCleanCall(call: SimulatedCall): void {
  expectCleanCallWithin(call, EVENT_BUDGET_MS + 1);
}

describe('the waiting room', () => {
  it('holds a caller with the meeting PIN, lists them for the app, and joins them when the app admits them', async () => {
    const meeting = await startWorld();
    const call = await callIn(meeting.pin);

    expect(call.prompts).toEqual([text('enterPin'), text('waitingRoom')]);
    expect(call.inMeeting).toBe(false);
    const [listed, ...others] = await waiting(meeting.meetingId);
    expect(others).toEqual([]);
    expect(listed).toMatchObject({ meetingId: meeting.meetingId, transactionId: call.transactionId, externalUserId: expect.stringMatching(/^Phone \.\.\.0101 /) });
    expect(JSON.stringify(listed)).not.toContain(CALLER.slice(1));

    await call.wait(2 * 60_000);
    expect(call.inMeeting).toBe(false);
    await admit(meeting.meetingId, listed.attendeeId);
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting).toMatchObject({ meetingId: meeting.meetingId, attendeeId: listed.attendeeId });
    // Reminded each minute of the wait, then let in.
    expect(call.prompts).toEqual([text('enterPin'), text('waitingRoom'), text('waitingRoom'), text('waitingRoom'), text('joining')]);
    expect(await waiting(meeting.meetingId)).toEqual([]);
    await call.hangUp();
    expectCleanCall(call);
    expect(phoneAttendees(meeting)).toEqual([]);
  });

  it('lets the callers waiting in when the host PIN is entered, and later callers straight in', async () => {
    const meeting = await startWorld();
    const early = await callIn(meeting.pin);
    await world.sim.wait(30_000);
    expect(early.inMeeting).toBe(false);

    const host = await callIn(meeting.hostPin, HOST_PHONE);
    expect(host.prompts).toEqual([text('enterPin'), text('joining')]);
    expect(host.inMeeting).toBe(true);
    // The waiting caller's next check, at most 10 s later, finds the room open.
    await early.wait(10_000 + PROMPTS_PLAY);
    expect(early.joinedMeeting?.meetingId).toBe(meeting.meetingId);
    expect(early.prompts.at(-1)).toBe(text('joining'));

    const late = await callIn(meeting.pin, '+15105550102');
    expect(late.prompts).toEqual([text('enterPin'), text('joining')]);
    expect(late.inMeeting).toBe(true);
    expect(await waiting(meeting.meetingId)).toEqual([]);

    for (const call of [early, host, late]) {
      await call.hangUp();
      expectCleanCall(call);
    }
    expect(phoneAttendees(meeting)).toEqual([]);
  });

  it('ends the call with a prompt after the lobby timeout, and leaves no attendee or listing behind', async () => {
    const meeting = await startWorld({ waitingRoom: { lobbyTimeoutMs: 60_000 } });
    const call = await callIn(meeting.pin);
    const [listed] = await waiting(meeting.meetingId);
    await call.wait(70_000);

    expect(call.status).toBe('ended');
    expect(call.prompts).toEqual([text('enterPin'), text('waitingRoom'), text('lobbyTimedOut')]);
    expect(await waiting(meeting.meetingId)).toEqual([]);
    expect(await callRecordOf(meeting.meetingId, listed.attendeeId)).toBeUndefined();
    expectCleanCall(call);
    expect(phoneAttendees(meeting)).toEqual([]);
  });

  it('takes a caller who hangs up while waiting off the list, with their attendee and call record', async () => {
    const meeting = await startWorld();
    const call = await callIn(meeting.pin);
    const [listed] = await waiting(meeting.meetingId);
    await call.wait(30_000);
    await call.hangUp();
    await world.sim.wait(5_000);

    expect(await waiting(meeting.meetingId)).toEqual([]);
    expect(await callRecordOf(meeting.meetingId, listed.attendeeId)).toBeUndefined();
    await expect(admit(meeting.meetingId, listed.attendeeId)).rejects.toThrow(/has no live phone call/);
    expectCleanCall(call);
    expect(phoneAttendees(meeting)).toEqual([]);
  });

  it('the app can remove a waiting caller, who hears why', async () => {
    const meeting = await startWorld();
    const call = await callIn(meeting.pin);
    await updateCall({ voice: world.voiceClient, sipMediaApplicationId: world.sim.sipMediaApplicationId, transactionId: call.transactionId, action: 'remove' });
    await call.wait(PROMPTS_PLAY);

    expect(call.status).toBe('ended');
    expect(call.prompts.at(-1)).toBe(text('removed'));
    expect(await waiting(meeting.meetingId)).toEqual([]);
    expectCleanCall(call);
    expect(phoneAttendees(meeting)).toEqual([]);
  });

  it('keeps every SMA rule over a 30-minute wait, and applies a mute the app sent during it once the caller is in', async () => {
    const meeting = await startWorld({ waitingRoom: { lobbyTimeoutMs: 45 * 60_000 } });
    const call = await callIn(meeting.pin);
    await call.wait(10 * 60_000);
    await updateCall({ voice: world.voiceClient, sipMediaApplicationId: world.sim.sipMediaApplicationId, transactionId: call.transactionId, action: 'mute' });
    await call.wait(20 * 60_000);

    expect(call.status).not.toBe('ended');
    expect(call.inMeeting).toBe(false);
    // 10 s checks: about 180 invocations for 30 minutes, far from the SMA's 1,000 a call.
    expect(call.invocations).toBeGreaterThan(150);
    expect(call.invocations).toBeLessThan(250);
    const [listed] = await waiting(meeting.meetingId);
    expect(listed.transactionId).toBe(call.transactionId);

    await admit(meeting.meetingId, listed.attendeeId);
    await call.wait(PROMPTS_PLAY);
    expect(call.inMeeting).toBe(true);
    expect(call.muted).toBe(true);
    await call.hangUp();
    expectCleanCall(call);
    expect(phoneAttendees(meeting)).toEqual([]);
  });

  it('plays an audio hold prompt over and over, and ends the wait before the SMA\'s invocation limit when the audio is short', async () => {
    const holdMusic = { bucketName: 'prompts-bucket', key: 'hold-music.wav' };
    const meeting = await startWorld(
      { waitingRoom: { lobbyTimeoutMs: 60 * 60_000 }, prompts: { waitingRoom: { audio: holdMusic } } },
      { audioPlaybackMs: 2_000 },
    );
    const call = await callIn(meeting.pin);
    await call.wait(60_000);
    // One play and a 1 s check after each: about 20 plays a minute.
    const plays = call.transcript.entries.filter((entry) => entry.kind === 'response' && JSON.stringify(entry).includes('hold-music.wav')).length;
    expect(plays).toBeGreaterThan(15);
    expect(plays).toBeLessThan(25);

    // A 2 s file would take 1,200 invocations in the hour: the wait ends at invocation 900, with its prompt.
    await call.wait(60 * 60_000);
    expect(call.status).toBe('ended');
    expect(call.prompts.at(-1)).toBe(text('lobbyTimedOut'));
    expect(call.invocations).toBeLessThan(1_000);
    expectCleanCall(call);
    expect(phoneAttendees(meeting)).toEqual([]);
    expect(await waiting(meeting.meetingId)).toEqual([]);
  });

  it('is off by default: the meeting PIN joins at once, and admit is ignored by a caller in the meeting', async () => {
    const meeting = await startWorld({});
    const call = await callIn(meeting.pin);
    expect(call.prompts).toEqual([text('enterPin'), text('joining')]);
    expect(call.inMeeting).toBe(true);
    await updateCall({ voice: world.voiceClient, sipMediaApplicationId: world.sim.sipMediaApplicationId, transactionId: call.transactionId, action: 'admit' });
    await call.wait(PROMPTS_PLAY);
    expect(call.inMeeting).toBe(true);
    await call.hangUp();
    expectCleanCall(call);
  });
});
