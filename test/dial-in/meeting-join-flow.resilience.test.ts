import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  attendeesOf as attendeesOfWorld, CallFlowWorld, CLEAN_UP_SWEEP_MS, expectCleanCall, promptText, startCallFlowWorld, PROMPTS_PLAY,
} from './call-flow-harness';
import { updateCall } from '../../src/client';
import { DynamoDbPendingCleanUps } from '../../src/dial-in';
import { createSmaRouter, hangup, speak } from '../../src/sma';
import {
  FakeMeetingsService, SimulatedCall, LocalMeetingDirectory, SmaSimulator, startLocalMeetingDirectory, VirtualClock,
} from '../../src/testing';

/**
 * The call flow under passing and persistent faults, each played through the simulator with the real
 * SDK clients, the fakes and dynalite: a prompt that keeps failing, an apology followed by an update,
 * an update during the join, a slow or flaky directory, a slow CreateAttendee, and self-mute.
 */

const CALLER = '+15105550101';

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


/** Invocations after the first ACTION_FAILED of the call. */
function invocationsAfterFirstFailure(call: SimulatedCall): number {
  const invokes = call.transcript.entries.filter((entry) => entry.kind === 'invoke');
  const first = invokes.findIndex((entry) => JSON.stringify(entry).includes('"ACTION_FAILED"'));
  return first < 0 ? 0 : invokes.length - first - 1;
}

function update(call: SimulatedCall, action: 'mute' | 'unmute' | 'remove'): Promise<void> {
  return updateCall({ voice: world.voiceClient, sipMediaApplicationId: world.sim.sipMediaApplicationId, transactionId: call.transactionId, action })
    .then(() => call.settle());
}

describe('a prompt that keeps failing', () => {
  it.each([
    ['SystemException', 'every prompt from the first'],
    ['ActionExecutionThrottled', 'every prompt from the first'],
  ])('ends the call with a bare Hangup in the next invocation (%s, %s), counted as a handler error', async (errorType) => {
    world = await startCallFlowWorld(db);
    world.sim.actionFaults.inject('*', { errorType });

    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    await call.wait(PROMPTS_PLAY);

    expect(call.status).toBe('ended');
    // The first prompt failed before the call was answered: the Hangup refuses it (not billed).
    expect(call.endReason).toBe('rejected');
    // The failure, then the HANGUP of the call the handler hung up.
    expect(invocationsAfterFirstFailure(call)).toBeLessThanOrEqual(2);
    expect(world.metrics.get('HandlerErrors')).toBe(1);
    expect(world.metrics.get('PinFailures')).toBeUndefined();
    expectCleanCall(call);
  });

  it('ends the call and deletes the attendee when the prompts start failing after the PIN', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    world.sim.actionFaults.inject('Speak', { errorType: 'SystemException' });

    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    expect(call.status).toBe('ended');
    expect(invocationsAfterFirstFailure(call)).toBeLessThanOrEqual(2);
    expect(attendeesOf(meetingId)).toEqual([]);
    expect(world.metrics.get('HandlerErrors')).toBe(1);
    expectCleanCall(call);
  });

  it('is caught by the simulator: a handler that answers each failure with another prompt breaks the failure-loop rule', async () => {
    // The flow before this fix: every failure got a Speak and a Hangup, and the failing Speak dropped the Hangup.
    const clock = new VirtualClock();
    const sim = new SmaSimulator({
      clock,
      meetings: new FakeMeetingsService({ clock }),
      handler: createSmaRouter()
        .on('NEW_INBOUND_CALL', (_event, context) => [speak({ text: 'Welcome.', callId: context.legA!.CallId })])
        .on('ACTION_FAILED', (_event, context) => [speak({ text: 'Sorry.', callId: context.legA!.CallId }), hangup({ callId: context.legA!.CallId })])
        .handler,
    });
    sim.actionFaults.inject('Speak', { errorType: 'SystemException' });
    const call = await sim.inboundCall({ from: CALLER, to: '+12065550100' });
    await call.wait(1_000);

    // Failures take no time, so the loop runs to the SMA's cap at once.
    expect(call.endReason).toBe('invocation-limit');
    const rules = call.violations.map((violation) => violation.rule);
    expect(rules.filter((rule) => rule === 'failure-loop')).toHaveLength(1);
    expect(call.violations.find((violation) => violation.rule === 'failure-loop')!.t).toBe(0);
    sim.dispose();
  });
});

describe('an apology ends the call', () => {
  it('keeps the call ending when a mute arrives after the apology: no PIN prompt again, no long wait', async () => {
    world = await startCallFlowWorld(db);
    await world.meetingWithPin();
    db.faults.inject('GetItem', { kind: 'server-error' });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    for (let attempt = 0; attempt < 3; attempt++) {
      await call.pressDigits('123456#');
    }
    expect(call.prompts.at(-1)).toBe(text('apology'));
    await update(call, 'mute');
    await call.wait(PROMPTS_PLAY);

    expect(call.status).toBe('ended');
    expect(call.prompts.at(-1)).toBe(text('apology'));
    expect(call.prompts.filter((prompt) => prompt === text('enterPin'))).toHaveLength(1);
    expectCleanCall(call);
  });
});

describe('joins and updates', () => {
  it.each([
    ['while "Joining your meeting" plays', 500],
    ['while JoinChimeMeeting runs', 2_200],
  ])('applies a mute sent %s once the join succeeds, never joining twice', async (_when, afterMs) => {
    world = await startCallFlowWorld(db, {}, 1, { joinMs: 1_500 });
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    await call.wait(afterMs);
    await update(call, 'mute');
    await call.wait(PROMPTS_PLAY);

    expect(call.inMeeting).toBe(true);
    expect(call.muted).toBe(true);
    expect(attendeesOf(meetingId)).toHaveLength(1);
    const joins = call.transcript.entries.filter((entry) => entry.kind === 'response' && JSON.stringify(entry).includes('JoinChimeMeeting'));
    expect(joins.length).toBeLessThanOrEqual(2);
    await call.hangUp();
    expect(attendeesOf(meetingId)).toEqual([]);
    expectCleanCall(call);
  });

  it('removes a caller whose removal was requested during the join, once joined, and says why', async () => {
    world = await startCallFlowWorld(db, {}, 1, { joinMs: 1_500 });
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    await call.wait(2_200);
    await update(call, 'remove');
    await call.wait(PROMPTS_PLAY);

    expect(call.status).toBe('ended');
    expect(call.prompts.at(-1)).toBe(text('removed'));
    expect(attendeesOf(meetingId)).toEqual([]);
    expectCleanCall(call);
  });
});

describe('a slow or flaky directory', () => {
  it('asks for the PIN again when the lookup outlasts its timeout, and joins with it', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    db.faults.inject('GetItem', { kind: 'latency', latencyMs: 2_500, times: 1 });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    expect(call.prompts.at(-1)).toBe(text('pinNotChecked'));
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(world.metrics.get('PinFailures')).toBeUndefined();
    await call.hangUp();
    expectCleanCall(call);
  });

  it('asks for the PIN again when DynamoDB keeps answering 5xx past the client\'s retries', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    const outage = db.faults.inject('GetItem', { kind: 'server-error' });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    expect(call.prompts.at(-1)).toBe(text('pinNotChecked'));
    expect(outage.hits).toBeGreaterThan(1);
    outage.cancel();
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    await call.hangUp();
    expectCleanCall(call);
  });
});

/**
 * A caller hangs up during the hold of a CreateAttendee slower than its timeout, before the service
 * has created the attendee; 5 s later it has.
 */
async function hangUpDuringSlowCreateAttendee(cleanUpSweep: boolean): Promise<{ call: SimulatedCall; meetingId: string; pin: string }> {
  world = await startCallFlowWorld(db, { cleanUpSweep });
  const { meetingId, pin } = await world.meetingWithPin();
  world.meetings.faults.inject('CreateAttendee', { kind: 'latency', latencyMs: 4_000, times: 1 });
  const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
  await call.pressDigits(`${pin}#`);
  await call.hangUp();
  await call.wait(5_000);
  return { call, meetingId, pin };
}

describe('a slow CreateAttendee', () => {
  it('adopts, by ExternalUserId, the attendee the service created after the flow gave up on it: one attendee, no orphan', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    world.meetings.faults.inject('CreateAttendee', { kind: 'latency', latencyMs: 4_000, times: 1 });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(attendeesOf(meetingId)).toHaveLength(1);
    await call.hangUp();
    await call.wait(5_000);
    expect(attendeesOf(meetingId)).toEqual([]);
    expectCleanCall(call);
  });

  it('holds through Meetings being down for 8 s and joins when it is back', async () => {
    world = await startCallFlowWorld(db);
    const { meetingId, pin } = await world.meetingWithPin();
    const outage = world.meetings.faults.inject('CreateAttendee', { kind: 'unavailable' });
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });

    await call.pressDigits(`${pin}#`);
    await call.wait(6_000);
    outage.cancel();
    await call.wait(PROMPTS_PLAY);

    expect(call.prompts.filter((prompt) => prompt === text('hold'))).toHaveLength(1);
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    await call.hangUp();
    expectCleanCall(call);
  });

  it('is caught by the simulator: without a clean-up sweep, an attendee created after its call ended is an orphan', async () => {
    const { call, meetingId } = await hangUpDuringSlowCreateAttendee(false);

    expect(call.violations.map((violation) => violation.rule)).toEqual(['orphan-attendee']);
    expect(call.orphanAttendees).toHaveLength(1);
    expect(attendeesOf(meetingId)).toHaveLength(1);
  });
});

describe('the deferred clean-up', () => {
  /** What the table holds of the pending clean-ups, as the sweep reads them. */
  function pendingCleanUps() {
    return new DynamoDbPendingCleanUps({ tableName: db.tableName, clientFactory: async () => world.dynamodb })
      .list(AbortSignal.timeout(5_000));
  }

  const SHARD_KEYS = [0, 1, 2, 3].map((shard) => ({ pin: { S: `cleanup#${shard}` } }));

  /** The raw shard items, to check what they hold and what they do not. */
  async function pendingItems(): Promise<string> {
    const items = await Promise.all(SHARD_KEYS.map((Key) => db.client.send(new GetItemCommand({ TableName: db.tableName, Key }))));
    return JSON.stringify(items.map((item) => item.Item ?? {}));
  }

  // The tests share one table, and each world's fake meetings have the same seeded ids.
  beforeEach(() => Promise.all(SHARD_KEYS.map((Key) => db.client.send(new DeleteItemCommand({ TableName: db.tableName, Key })))));

  it('deletes, at the next sweep, the attendee the service created after the caller hung up on a slow CreateAttendee', async () => {
    const { call, meetingId, pin } = await hangUpDuringSlowCreateAttendee(true);
    expect(attendeesOf(meetingId)).toHaveLength(1);
    const [pending] = await pendingCleanUps();
    expect(pending).toMatchObject({ meetingId, since: expect.any(Number) });
    const stored = await pendingItems();
    // No PIN (as a number of its own: six digits can occur in a hash by chance), no phone number, no ExternalUserId.
    expect(stored).not.toMatch(new RegExp(`(?<![0-9a-f])${pin}(?![0-9a-f])`));
    expect(stored).not.toMatch(/Phone|\+?15105550101/);

    await call.wait(CLEAN_UP_SWEEP_MS);
    expect(attendeesOf(meetingId)).toEqual([]);
    expectCleanCall(call);
    expect(world.metrics.get('PendingCleanUps')).toBe(1);
    // The entry stays until a CreateAttendee given up on can no longer complete (5 minutes), then goes.
    expect(await pendingCleanUps()).toHaveLength(1);
    await call.wait(5 * CLEAN_UP_SWEEP_MS);
    expect(await pendingCleanUps()).toEqual([]);
    expect(world.metrics.get('CleanUps')).toBe(1);
    expect(world.cleanUpSweep?.errors).toEqual([]);
  });

  it('deletes the attendee of a call that ended while Meetings was down, once Meetings is back, and keeps trying until then', async () => {
    world = await startCallFlowWorld(db, { cleanUpSweep: true });
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);

    const outage = world.meetings.faults.inject('*', { kind: 'unavailable' });
    await call.hangUp();
    await call.wait(3 * CLEAN_UP_SWEEP_MS);
    // Three sweeps failed; the attendee and its pending clean-up are still there.
    expect(attendeesOf(meetingId)).toHaveLength(1);
    expect(await pendingCleanUps()).toEqual([expect.objectContaining({ meetingId, attendeeId: call.joinedMeeting?.attendeeId })]);
    expect(world.metrics.get('CleanUpFailures')).toBeGreaterThanOrEqual(3);
    outage.cancel();

    await call.wait(CLEAN_UP_SWEEP_MS);
    expect(attendeesOf(meetingId)).toEqual([]);
    expectCleanCall(call);
    await call.wait(5 * CLEAN_UP_SWEEP_MS);
    expect(await pendingCleanUps()).toEqual([]);
  });

  it('stores the pending clean-up through DynamoDB failing in the same hangup, and deletes the attendee', async () => {
    world = await startCallFlowWorld(db, { cleanUpSweep: true });
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    const outage = world.meetings.faults.inject('*', { kind: 'unavailable' });
    // The first write's two attempts fail; the flow writes again within the event's budget.
    const dynamoDbFault = db.faults.inject('UpdateItem', { kind: 'server-error', times: 2 });
    await call.hangUp();
    expect(dynamoDbFault.hits).toBe(2);
    outage.cancel();
    await call.wait(CLEAN_UP_SWEEP_MS);

    expect(attendeesOf(meetingId)).toEqual([]);
    expectCleanCall(call);
    expect(world.metrics.get('PendingCleanUps')).toBe(1);
    expect(world.metrics.get('CleanUpFailures')).toBeUndefined();
  });
});

describe('self-mute', () => {
  it('keeps the state when ModifyChimeMeetingAttendees fails, so the next *6 still mutes, and confirms each change', async () => {
    world = await startCallFlowWorld(db);
    const { pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);
    const failure = world.sim.actionFaults.inject('ModifyChimeMeetingAttendees', { errorType: 'SystemException', times: 1 });

    await call.pressDigits('*6');
    await call.wait(PROMPTS_PLAY);
    expect(failure.hits).toBe(1);
    expect(call.muted).toBe(false);
    expect(call.attributes.muted ?? 'false').toBe('false');
    await call.pressDigits('*6');
    await call.wait(PROMPTS_PLAY);

    expect(call.muted).toBe(true);
    expect(call.prompts.at(-1)).toBe(text('muted'));
    await call.hangUp();
    expectCleanCall(call);
  });
});
