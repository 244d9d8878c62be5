import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CallFlowWorld, startCallFlowWorld, PROMPTS_PLAY, promptText } from './call-flow-harness';
import { DialInClientError, dialOut, readCallRecord, updateCall } from '../../src/client';
import { LocalMeetingDirectory, SimulatedCall, startLocalMeetingDirectory } from '../../src/testing';

const CALLER = '+15105550101';
const CALLEE = '+12125550123';
const MEETING_REGIONS = ['us-east-1', 'eu-central-1'];

let db: LocalMeetingDirectory;
const worlds: CallFlowWorld[] = [];

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(() => db.stop());

afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.stop()));
});

async function dialIn(
  options: Parameters<typeof startCallFlowWorld>[1],
  placement?: Parameters<typeof startCallFlowWorld>[4],
): Promise<CallFlowWorld> {
  const world = await startCallFlowWorld(db, options, 1, {}, placement);
  worlds.push(world);
  return world;
}

const text = promptText;

async function joinByPin(world: CallFlowWorld, pin: string): Promise<SimulatedCall> {
  const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
  await call.pressDigits(`${pin}#`);
  await call.wait(PROMPTS_PLAY);
  return call;
}

function expectNoViolations(call: SimulatedCall): void {
  expect(call.violations).toEqual([]);
  expect(call.silentSince).toBeUndefined();
}

describe('meetings in every control region', () => {
  it('a meeting created in eu-central-1 is joined by a caller of a dial-in in us-east-1, and cleaned up there', async () => {
    const world = await dialIn({ meetingRegions: MEETING_REGIONS });
    const { meetingId, pin } = await world.meetingWithPin('eu-central-1');
    expect(world.meetings.liveMeetings()[0].controlRegion).toBe('eu-central-1');

    const call = await joinByPin(world, pin);
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(world.meetings.attendees(meetingId)).toHaveLength(1);
    await call.hangUp();
    const second = await joinByPin(world, pin);
    await second.hangUp();

    expect(second.joinedMeeting?.meetingId).toBe(meetingId);
    expect(world.meetings.attendees(meetingId)).toEqual([]);
    // One client for the meeting's region, created on first use and kept for the next calls.
    expect(world.handlerClientRegions).toEqual(['eu-central-1']);
    expectNoViolations(call);
    expectNoViolations(second);
  });

  it('the same meeting is joined through the us-west-2 standby after failover', async () => {
    const primary = await dialIn({ meetingRegions: MEETING_REGIONS });
    const { meetingId, pin } = await primary.meetingWithPin('eu-central-1');
    // The primary's SIP media application cannot be invoked: the SIP rule routes the call to the
    // standby in us-west-2, which shares the fake Meetings service and the directory (a global-table replica).
    const standby = await dialIn({ meetingRegions: MEETING_REGIONS }, { region: 'us-west-2', meetings: primary.meetings, clock: primary.clock });

    const call = await joinByPin(standby, pin);

    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(standby.meetings.attendees(meetingId)).toHaveLength(1);
    const [attendee] = standby.meetings.attendees(meetingId);
    const record = await readCallRecord({
      dynamodb: db.client, tableName: db.tableName, now: () => primary.clock.now(), attendee: { meetingId, attendeeId: attendee.attendeeId },
    });
    expect(record).toMatchObject({ transactionId: call.transactionId, sipMediaApplicationId: standby.sim.sipMediaApplicationId, sipMediaApplicationRegion: 'us-west-2' });
    await call.hangUp();
    expect(standby.meetings.attendees(meetingId)).toEqual([]);
    expectNoViolations(call);
  });

  it('a meeting in a region outside meetingRegions gets the join-failed prompt, the call ends and no attendee is left', async () => {
    const world = await dialIn({ meetingRegions: ['us-east-1'] });
    const { meetingId, pin } = await world.meetingWithPin('ap-southeast-1');

    const call = await joinByPin(world, pin);

    expect(call.prompts.at(-1)).toBe(text('joinFailed'));
    expect(call.status).toBe('ended');
    expect(call.joinedMeeting).toBeUndefined();
    expect(world.meetings.attendees(meetingId)).toEqual([]);
    expect(world.meetings.requests.entries().filter((entry) => entry.operation === 'CreateAttendee')).toEqual([]);
    expectNoViolations(call);
  });

  it('a directory item without a region, as earlier versions wrote it, joins in the handler\'s default region', async () => {
    const world = await dialIn({ meetingRegions: MEETING_REGIONS });
    const meeting = world.meetings.createMeeting({ externalMeetingId: 'legacy', controlRegion: 'us-east-1' });
    await db.client.send(new PutItemCommand({
      TableName: db.tableName,
      Item: { pin: { S: '424242' }, meetingId: { S: meeting.meetingId }, expiresAt: { N: String(Math.floor(world.clock.now() / 1000) + 3600) } },
    }));

    const call = await joinByPin(world, '424242');

    expect(call.joinedMeeting?.meetingId).toBe(meeting.meetingId);
    expect(world.handlerClientRegions).toEqual(['us-east-1']);
    expectNoViolations(call);
  });

  it('a dial-out names the meeting\'s region in ArgumentsMap, and the callee joins a meeting in eu-central-1', async () => {
    const world = await dialIn({ meetingRegions: MEETING_REGIONS });
    const meeting = world.meetings.createMeeting({ externalMeetingId: 'fra', controlRegion: 'eu-central-1' });
    const transactionId = await dialOut({
      voice: world.voiceClient,
      sipMediaApplicationId: world.sim.sipMediaApplicationId,
      fromPhoneNumber: world.dialInNumber,
      toPhoneNumber: CALLEE,
      meeting: { MeetingId: meeting.meetingId, MeetingArn: meeting.meetingArn },
      meetingRegions: MEETING_REGIONS,
      confirm: false,
    });
    expect(world.voice.calls()[0].argumentsMap).toEqual({ meetingId: meeting.meetingId, meetingRegion: 'eu-central-1', confirm: 'false' });
    const call = world.sim.call(transactionId);
    await call.answer();
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting?.meetingId).toBe(meeting.meetingId);
    expectNoViolations(call);
  });
});

describe('app control of every phone caller, by the ids in the roster', () => {
  it('mutes, unmutes and removes a dial-in caller by attendee id; an update after the hangup is a DialInClientError naming the attendee', async () => {
    const world = await dialIn({ meetingRegions: MEETING_REGIONS });
    const { meetingId, pin } = await world.meetingWithPin('eu-central-1');
    const call = await joinByPin(world, pin);
    // What the web app sees in its roster.
    const [{ attendeeId }] = world.meetings.attendees(meetingId);
    const callRecords = { dynamodb: db.client, tableName: db.tableName, now: () => world.clock.now() };
    const update = (action: 'mute' | 'unmute' | 'remove') => updateCall({ voice: world.voiceClient, attendee: { meetingId, attendeeId }, callRecords, action })
      .then(() => call.wait(PROMPTS_PLAY));

    await update('mute');
    expect(call.muted).toBe(true);
    await update('unmute');
    expect(call.muted).toBe(false);
    await update('remove');

    expect(call.prompts.at(-1)).toBe(text('removed'));
    expect(call.status).toBe('ended');
    expect(world.meetings.attendees(meetingId)).toEqual([]);
    expectNoViolations(call);
    expect(await readCallRecord({ ...callRecords, attendee: { meetingId, attendeeId } })).toBeUndefined();
    const late = updateCall({ voice: world.voiceClient, attendee: { meetingId, attendeeId }, callRecords, action: 'mute' });
    await expect(late).rejects.toThrow(DialInClientError);
    await expect(late).rejects.toMatchObject({ field: 'attendee', value: { meetingId, attendeeId } });
  });

  it('mutes a dial-out callee by attendee id too', async () => {
    const world = await dialIn({ meetingRegions: MEETING_REGIONS });
    const { meetingId } = await world.meetingWithPin();
    const transactionId = await dialOut({
      voice: world.voiceClient,
      sipMediaApplicationId: world.sim.sipMediaApplicationId,
      fromPhoneNumber: world.dialInNumber,
      toPhoneNumber: CALLEE,
      meetingId,
      confirm: false,
    });
    const call = world.sim.call(transactionId);
    await call.answer();
    await call.wait(PROMPTS_PLAY);
    const [{ attendeeId }] = world.meetings.attendees(meetingId);

    const callRecords = { dynamodb: db.client, tableName: db.tableName, now: () => world.clock.now() };
    await updateCall({ voice: world.voiceClient, attendee: { meetingId, attendeeId }, callRecords, action: 'mute' });
    await call.wait(PROMPTS_PLAY);

    expect(call.muted).toBe(true);
    expectNoViolations(call);
  });

  it('a call the standby in another region handles needs that region\'s Voice client, and says so', async () => {
    const primary = await dialIn({ meetingRegions: MEETING_REGIONS });
    const { meetingId, pin } = await primary.meetingWithPin();
    const standby = await dialIn({ meetingRegions: MEETING_REGIONS }, { region: 'us-west-2', meetings: primary.meetings, clock: primary.clock });
    const call = await joinByPin(standby, pin);
    const [{ attendeeId }] = standby.meetings.attendees(meetingId);
    const callRecords = { dynamodb: db.client, tableName: db.tableName, now: () => primary.clock.now() };

    await expect(updateCall({ voice: primary.voiceClient, attendee: { meetingId, attendeeId }, callRecords, action: 'mute' }))
      .rejects.toMatchObject({ field: 'voiceFor', message: expect.stringContaining('us-west-2') });
    await updateCall({ voice: primary.voiceClient, voiceFor: () => standby.voiceClient, attendee: { meetingId, attendeeId }, callRecords, action: 'mute' });
    await call.wait(PROMPTS_PLAY);

    expect(call.muted).toBe(true);
    expectNoViolations(call);
  });
});
