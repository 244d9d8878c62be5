import { DeleteAttendeeCommand } from '@aws-sdk/client-chime-sdk-meetings';
import * as fc from 'fast-check';
import { CallFlowWorld, startCallFlowWorld } from './call-flow-harness';
import { updateCall } from '../../src/client';
import { SimulatedCall, LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

/**
 * Random callers against the meeting-join flow, with random transient faults of the Meetings
 * service: whatever happens, no attendee outlives its call, no connected caller is left in
 * silence, every answer comes inside the event budget, and no secret reaches the logs.
 */

const CALLS = 1_000;
const EVENT_BUDGET_MS = 3_500;
const CALLER = '+15105550101';

type Step =
  | { readonly kind: 'right-pin' }
  | { readonly kind: 'wrong-pin'; readonly digits: string }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'update'; readonly action: 'mute' | 'unmute' | 'remove' }
  | { readonly kind: 'self-mute' }
  | { readonly kind: 'remove-attendee' }
  | { readonly kind: 'hangup' };

interface Fault {
  readonly operation: 'CreateAttendee' | 'DeleteAttendee' | 'ListAttendees';
  readonly kind: 'throttle' | 'server-error' | 'unavailable' | 'latency';
  /** Transient: at most two in a row, which the client's three attempts ride out. */
  readonly times: number;
  /** Past the 1.5 s call timeout, within the time the call takes to end. */
  readonly latencyMs: number;
}

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'right-pin' as const }) },
  { weight: 2, arbitrary: fc.stringMatching(/^\d{1,7}#?$/).map((digits) => ({ kind: 'wrong-pin' as const, digits })) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 20_000 }).map((ms) => ({ kind: 'wait' as const, ms })) },
  { weight: 2, arbitrary: fc.constantFrom('mute', 'unmute', 'remove').map((action) => ({ kind: 'update' as const, action: action as 'mute' | 'unmute' | 'remove' })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'self-mute' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'remove-attendee' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'hangup' as const }) },
);

const fault: fc.Arbitrary<Fault> = fc.record({
  operation: fc.constantFrom('CreateAttendee', 'DeleteAttendee', 'ListAttendees'),
  kind: fc.constantFrom('throttle', 'server-error', 'unavailable', 'latency'),
  times: fc.integer({ min: 1, max: 2 }),
  latencyMs: fc.integer({ min: 1_600, max: 3_000 }),
});

let db: LocalMeetingDirectory;
let world: CallFlowWorld;
let meetings: Array<{ meetingId: string; pin: string }>;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
  world = await startCallFlowWorld(db);
  meetings = [];
  for (let i = 0; i < 3; i++) {
    meetings.push(await world.meetingWithPin());
  }
});

afterAll(async () => {
  await world.stop();
  await db.stop();
});

async function play(call: SimulatedCall, meeting: { meetingId: string; pin: string }, script: readonly Step[]): Promise<void> {
  for (const next of script) {
    if (call.status === 'ended') {
      return;
    }
    switch (next.kind) {
      case 'right-pin':
        await call.pressDigits(`${meeting.pin}#`);
        break;
      case 'wrong-pin':
        await call.pressDigits(next.digits);
        break;
      case 'wait':
        await call.wait(next.ms);
        break;
      case 'update':
        await updateCall({
          voice: world.voiceClient, sipMediaApplicationId: world.sim.sipMediaApplicationId, transactionId: call.transactionId, action: next.action,
        }).catch(() => undefined); // NotFound once the call has ended
        await call.settle();
        break;
      case 'self-mute':
        await call.pressDigits('*6');
        break;
      case 'remove-attendee':
        if (call.joinedMeeting) {
          const { meetingId, attendeeId } = call.joinedMeeting;
          await world.meetingsClient.send(new DeleteAttendeeCommand({ MeetingId: meetingId, AttendeeId: attendeeId })).catch(() => undefined);
          await call.settle();
        }
        break;
      case 'hangup':
        await call.hangUp();
        break;
    }
  }
}

describe('the meeting-join flow under random callers and faults', () => {
  it(`keeps its promises over ${CALLS} calls`, async () => {
    const logsBefore = world.logs.length;
    const joinTokens = new Set<string>();
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 2 }),
      fc.array(step, { minLength: 1, maxLength: 8 }),
      fc.uniqueArray(fault, { maxLength: 2, selector: (f) => f.operation }),
      async (meetingIndex, script, faults) => {
        const meeting = meetings[meetingIndex];
        const injected = faults.map((f) => world.meetings.faults.inject(f.operation, f.kind === 'latency'
          ? { kind: 'latency', latencyMs: f.latencyMs, times: f.times }
          : { kind: f.kind, times: f.times }));
        const call = await world.sim.inboundCall({ from: CALLER, to: world.dialInNumber });
        try {
          await play(call, meeting, script);
          await call.wait(15_000);
          for (const attendee of world.meetings.attendees(meeting.meetingId)) {
            joinTokens.add(attendee.joinToken);
          }
          if (call.status !== 'ended') {
            await call.hangUp();
          }
          // Let any late answer of a slow request arrive, then judge.
          await call.wait(5_000);

          expect(call.violations).toEqual([]);
          expect(call.silentSince).toBeUndefined();
          const slowest = Math.max(0, ...call.transcript.entries.flatMap((entry) => (entry.kind === 'response' ? [entry.tookMs] : [])));
          expect(slowest).toBeLessThanOrEqual(EVENT_BUDGET_MS);
          for (const { meetingId } of meetings) {
            expect(world.meetings.attendees(meetingId)).toEqual([]);
          }
        } finally {
          injected.forEach((handle) => handle.cancel());
        }
      },
    ), { numRuns: CALLS, seed: 20261125, endOnFailure: true });

    // The scripts reached every part of the flow, so the invariants above were tested where they matter.
    const reached = Object.fromEntries(['Joins', 'JoinFailures', 'PinFailures', 'Hangups'].map((name) => [name, (world.metrics.get(name) ?? 0) > 10]));
    expect(reached).toEqual({ Joins: true, JoinFailures: true, PinFailures: true, Hangups: true });
    expect(joinTokens.size).toBeGreaterThan(10);

    const logs = world.logs.slice(logsBefore).join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const token of joinTokens) {
      expect(logs).not.toContain(token);
    }
    for (const { pin } of meetings) {
      expect(logs).not.toContain(pin);
    }
    expect(logs).not.toContain(CALLER.slice(1));
  }, 600_000);
});
