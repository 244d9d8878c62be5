import { DeleteAttendeeCommand, DeleteMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { attendeesOf as attendeesOfWorld, CallFlowWorld, promptText, startCallFlowWorld, PROMPTS_PLAY } from './call-flow-harness';
import { dialOut, updateCall } from '../../src/client';
import { SimulatedCall, LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

const CALLER = '+15105550101';
const CALLEE = '+12125550123';

let db: LocalMeetingDirectory;
let world: CallFlowWorld;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(() => db.stop());

afterEach(() => world?.stop());

const text = promptText;

function attendeesOf(meetingId: string) {
  return attendeesOfWorld(world, meetingId);
}


function expectNoViolations(call: SimulatedCall): void {
  expect(call.violations).toEqual([]);
  expect(call.silentSince).toBeUndefined();
}

describe('dial-in by PIN', () => {
  it('prompts for the PIN, creates an audio-only attendee without the caller\'s number and joins with token, LEG-A CallId and MeetingId', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();

    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    expect(call.prompts).toEqual([text('enterPin')]);
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting).toMatchObject({ meetingId });
    const [attendee] = world.meetings.attendees(meetingId);
    expect(attendee.capabilities).toEqual({ audio: 'SendReceive', video: 'None', content: 'None' });
    expect(attendee.externalUserId).toMatch(/^Phone \.\.\.0101 \(/);
    const join = call.transcript.entries.find((entry) => entry.kind === 'response' && JSON.stringify(entry).includes('JoinChimeMeeting'));
    expect(JSON.stringify(join)).toContain(`"MeetingId":"${meetingId}"`);
    expect(JSON.stringify(join)).toContain(`"CallId":"${call.legs['LEG-A']?.callId}"`);
    expect(world.metrics.get('Joins')).toBe(1);
    expectNoViolations(call);
  });

  it('asks again after a wrong PIN and joins with the right one', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits('000000#');
    expect(call.prompts.at(-1)).toBe(text('wrongPin'));
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(world.metrics.get('PinFailures')).toBe(1);
    expectNoViolations(call);
  });

  it('says goodbye and hangs up after too many wrong PINs, creating no attendee', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    for (let attempt = 0; attempt < 3; attempt++) {
      await call.pressDigits('111111#');
    }
    await call.wait(PROMPTS_PLAY);

    expect(call.prompts.at(-1)).toBe(text('tooManyAttempts'));
    expect(call.status).toBe('ended');
    expect(call.endReason).toBe('handler-hangup');
    expect(attendeesOf(meetingId)).toEqual([]);
    expectNoViolations(call);
  });

  it('re-prompts when no digits come, then gives up', async () => {
    world = await startCallFlowWorld(db);
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    // Each attempt: the prompt, then the 10 s the caller has to type.
    await call.wait(16_000);
    expect(call.prompts.at(-1)).toBe(text('noPin'));
    await call.wait(16_000);
    await call.wait(16_000);
    await call.wait(PROMPTS_PLAY);

    expect(call.prompts.at(-1)).toBe(text('tooManyAttempts'));
    expect(call.status).toBe('ended');
    expectNoViolations(call);
  });

  it('tells the caller when the PIN\'s meeting has ended', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    await world.meetingsClient.send(new DeleteMeetingCommand({ MeetingId: meetingId }));
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    expect(call.prompts.at(-1)).toBe(text('meetingEnded'));
    expect(call.status).toBe('ended');
    expectNoViolations(call);
  });
});

describe('a failed join', () => {
  it.each(['type-and-message', 'combined-error', 'top-level'] as const)(
    'deletes the attendee, tells the caller and hangs up when JoinChimeMeeting fails (%s error shape)', async (joinFailureErrorShape) => {
      world = await startCallFlowWorld(db, {}, 1, { joinFailureErrorShape });
      const { meetingId, pin } = await world.meetingWithPin();
      const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
      await call.pressDigits(`${pin}#`);
      // While "Joining your meeting" plays, the attendee disappears: the join token is no longer valid.
      const [attendee] = world.meetings.attendees(meetingId);
      await world.meetingsClient.send(new DeleteAttendeeCommand({ MeetingId: meetingId, AttendeeId: attendee.attendeeId }));
      await call.wait(PROMPTS_PLAY);

      const failure = call.transcript.entries.find((entry) => entry.kind === 'invoke' && JSON.stringify(entry).includes('ACTION_FAILED'));
      const event = JSON.parse(JSON.stringify(failure)).event as Record<string, any>;
      const where = { ActionData: event.ActionData.ErrorType ?? event.ActionData.Error, TopLevel: event.ErrorType };
      expect(where).toEqual({
        'type-and-message': { ActionData: 'InvalidActionParameter', TopLevel: undefined },
        'combined-error': { ActionData: 'ErrorJoiningMeeting: Error while joining meeting.', TopLevel: undefined },
        'top-level': { ActionData: undefined, TopLevel: 'InvalidActionParameter' },
      }[joinFailureErrorShape]);
      expect(call.prompts.at(-1)).toBe(text('joinFailed'));
      expect(call.status).toBe('ended');
      expect(call.joinedMeeting).toBeUndefined();
      expect(attendeesOf(meetingId)).toEqual([]);
      expect(world.metrics.get('JoinFailures')).toBe(1);
      expectNoViolations(call);
    });
});

describe('in the meeting', () => {
  async function joinedCall(): Promise<{ call: SimulatedCall; meetingId: string }> {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);
    expect(call.joinedMeeting).toBeDefined();
    return { call, meetingId };
  }

  it('tells the caller and hangs up when the meeting ends', async () => {
    const { call, meetingId } = await joinedCall();

    await world.meetingsClient.send(new DeleteMeetingCommand({ MeetingId: meetingId }));
    await call.wait(PROMPTS_PLAY);

    expect(call.prompts.at(-1)).toBe(text('meetingEnded'));
    expect(call.status).toBe('ended');
    expectNoViolations(call);
  });

  it('tells the caller and hangs up when the phone attendee is removed from the meeting', async () => {
    const { call, meetingId } = await joinedCall();

    await world.meetingsClient.send(new DeleteAttendeeCommand({ MeetingId: meetingId, AttendeeId: call.joinedMeeting!.attendeeId }));
    await call.wait(PROMPTS_PLAY);

    expect(call.prompts.at(-1)).toBe(text('meetingEnded'));
    expect(call.status).toBe('ended');
    expectNoViolations(call);
  });

  it('deletes the attendee when the caller hangs up', async () => {
    const { call, meetingId } = await joinedCall();

    await call.hangUp();

    expect(call.endReason).toBe('caller-hangup');
    expect(attendeesOf(meetingId)).toEqual([]);
    expect(world.metrics.get('Hangups')).toBe(1);
    expectNoViolations(call);
  });

  it('mutes, unmutes and removes the phone attendee through updateCall', async () => {
    const { call, meetingId } = await joinedCall();
    const update = (action: 'mute' | 'unmute' | 'remove') => updateCall({
      voice: world.voiceClient, sipMediaApplicationId: world.sim.sipMediaApplicationId, transactionId: call.transactionId, action,
    }).then(() => call.wait(PROMPTS_PLAY));

    await update('mute');
    expect(call.muted).toBe(true);
    await update('unmute');
    expect(call.muted).toBe(false);
    await update('remove');

    expect(call.prompts.at(-1)).toBe(text('removed'));
    expect(call.status).toBe('ended');
    expect(attendeesOf(meetingId)).toEqual([]);
    expectNoViolations(call);
  });

  it('toggles the caller\'s own mute with *6', async () => {
    const { call } = await joinedCall();

    await call.pressDigits('*6');
    await call.wait(PROMPTS_PLAY);
    expect(call.muted).toBe(true);
    expect(call.attributes.muted).toBe('true');
    expect(call.prompts.at(-1)).toBe(text('muted'));
    await call.pressDigits('*6');
    await call.wait(PROMPTS_PLAY);

    expect(call.muted).toBe(false);
    expect(call.prompts.at(-1)).toBe(text('unmuted'));
    expectNoViolations(call);
  });
});

describe('dial-out', () => {
  async function placeCall(meetingId: string): Promise<SimulatedCall> {
    const transactionId = await dialOut({
      voice: world.voiceClient,
      sipMediaApplicationId: world.sim.sipMediaApplicationId,
      fromPhoneNumber: world.dialInNumber,
      toPhoneNumber: CALLEE,
      meetingId,
    });
    const call = world.sim.call(transactionId);
    await call.settle();
    return call;
  }

  it('asks the callee to press 1, then joins the meeting', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId } = await world.meetingWithPin();
    const call = await placeCall(meetingId);

    await call.answer();
    expect(call.prompts).toEqual([text('confirmDialOut')]);
    await call.pressDigits('1');
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(world.meetings.attendees(meetingId)[0].externalUserId).toMatch(/^Phone \.\.\.0123 /);
    expectNoViolations(call);
  });

  it('hangs up without joining when nobody confirms (voicemail)', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId } = await world.meetingWithPin();
    const call = await placeCall(meetingId);

    await call.answer();
    // Two attempts of the prompt and 10 s each, then the goodbye.
    await call.wait(40_000);

    expect(call.status).toBe('ended');
    expect(call.joinedMeeting).toBeUndefined();
    expect(attendeesOf(meetingId)).toEqual([]);
    expectNoViolations(call);
  });

  it.each(['busy', 'no answer'] as const)('ends cleanly when the callee is %s', async (outcome) => {
    world = await startCallFlowWorld(db);
    const { meetingId } = await world.meetingWithPin();
    const call = await placeCall(meetingId);

    await (outcome === 'busy' ? call.reject(486) : call.noAnswer());

    expect(call.status).toBe('ended');
    expect(attendeesOf(meetingId)).toEqual([]);
    expectNoViolations(call);
  });

  it('joins on answer when the backend turns confirmation off', async () => {
    world = await startCallFlowWorld(db);
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

    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expectNoViolations(call);
  });
});

describe('when the Meetings service misbehaves', () => {
  it('holds the caller while CreateAttendee stays throttled, then says the join failed, leaving no attendee', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    world.meetings.faults.inject('CreateAttendee', { kind: 'throttle' });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    await call.wait(20_000);

    expect(call.prompts).toContain(text('hold'));
    expect(call.prompts.at(-1)).toBe(text('joinFailed'));
    expect(call.status).toBe('ended');
    expect(attendeesOf(meetingId)).toEqual([]);
    expect(world.metrics.get('JoinFailures')).toBe(1);
    expectNoViolations(call);
  });

  it('holds the caller past a CreateAttendee slower than its timeout, then adopts the attendee the service created late', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    world.meetings.faults.inject('CreateAttendee', { kind: 'latency', latencyMs: 3_000, times: 1 });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    await call.wait(10_000);

    expect(call.prompts).toEqual([text('enterPin'), text('hold'), text('joining')]);
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(world.meetings.requests.forOperation('CreateAttendee')).toHaveLength(2);
    expect(attendeesOf(meetingId).map((attendee) => attendee.attendeeId)).toEqual([call.joinedMeeting!.attendeeId]);
    await call.hangUp();
    expect(attendeesOf(meetingId)).toEqual([]);
    expect(call.orphanAttendees).toEqual([]);
    expectNoViolations(call);
  });

  it('answers inside the budget, never reaching the SMA\'s 5 s retry, when the Meetings service is slower than that', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    world.meetings.faults.inject('CreateAttendee', { kind: 'latency', latencyMs: 6_000, times: 1 });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    const before = world.clock.now();

    await call.pressDigits(`${pin}#`);
    const answered = call.transcript.entries.filter((entry) => entry.kind === 'response').at(-1)!;
    await call.wait(10_000);

    expect(answered.t - (before - call.transcript.startedAt)).toBeLessThanOrEqual(3_500);
    expect(call.prompts).toContain(text('hold'));
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    await call.hangUp();
    await call.wait(5_000);
    expect(attendeesOf(meetingId)).toEqual([]);
    expectNoViolations(call);
  });
});

describe('privacy', () => {
  it('never logs the join token, the PIN or the caller\'s number', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    await call.pressDigits('999999#');
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);
    const [{ joinToken }] = world.meetings.attendees(meetingId);
    await world.meetingsClient.send(new DeleteMeetingCommand({ MeetingId: meetingId }));
    await call.wait(PROMPTS_PLAY);

    const logs = world.logs.join('\n');
    expect(world.logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(joinToken);
    expect(logs).not.toContain(pin);
    expect(logs).not.toContain(CALLER.slice(1));
  });
});
