import { ListAttendeesCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { CALLER, createMeeting, DIAL_IN_NUMBER, Fakes, legA, rawHandler, respond, simulator, startFakes } from './helpers';
import { SmaEvent } from '../../../src/sma';
import { virtualCallFlowClock } from '../../../src/testing';

let fakes: Fakes;

beforeEach(async () => {
  fakes = await startFakes();
});

afterEach(() => fakes.stop());

describe('SmaSimulator.schedule', () => {
  it('invokes the handler every period of virtual time with an EventBridge scheduled event, while calls go on', async () => {
    const scheduled: Array<Record<string, unknown>> = [];
    const sim = simulator(fakes, rawHandler((event) => {
      const fields = event as unknown as Record<string, unknown>;
      if (fields.source === 'aws.events') {
        scheduled.push({ ...fields, at: fakes.clock.now() });
        return {};
      }
      return event.InvocationEventType === 'NEW_INBOUND_CALL'
        ? respond([{ Type: 'Pause', Parameters: { CallId: legA(event), DurationInMilliseconds: 1_000 } }])
        : respond([]);
    }));
    const startedAt = fakes.clock.now();
    const schedule = sim.schedule({ everyMs: 60_000 });
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });

    await call.wait(150_000);

    expect(scheduled.map((event) => (event.at as number) - startedAt)).toEqual([60_000, 120_000]);
    expect(scheduled[0]).toMatchObject({ 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'detail': {}, 'account': sim.accountId, 'region': sim.region });
    expect(scheduled[0].time).toBe(new Date(startedAt + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(schedule.invocations).toBe(2);
    expect(schedule.errors).toEqual([]);
    expect(call.violations).toEqual([]);

    schedule.cancel();
    await call.wait(120_000);
    expect(schedule.invocations).toBe(2);
  });

  it('moves the clock while a request of the scheduled invocation is held on it, and records what the handler threw', async () => {
    const meeting = createMeeting(fakes.meetings, new Map());
    const clock = virtualCallFlowClock(fakes.clock);
    let tookMs: number | undefined;
    const sim = simulator(fakes, rawHandler(async (event: SmaEvent) => {
      if ((event as unknown as Record<string, unknown>).source !== 'aws.events') {
        return respond([]);
      }
      const started = fakes.clock.now();
      await fakes.meetingsClient.send(new ListAttendeesCommand({ MeetingId: meeting.meetingId }), { abortSignal: clock.timeout(10_000) });
      tookMs = fakes.clock.now() - started;
      throw new Error('sweep failed');
    }));
    fakes.meetings.faults.inject('ListAttendees', { kind: 'latency', latencyMs: 3_000, times: 1 });
    const schedule = sim.schedule({ everyMs: 60_000 });

    await sim.wait(61_000);

    expect(tookMs).toBe(3_000);
    expect(schedule.errors).toEqual([new Error('sweep failed')]);
  });

  it('refuses a period under a second', () => {
    const sim = simulator(fakes, rawHandler(() => respond([])));
    expect(() => sim.schedule({ everyMs: 500 })).toThrow('schedule: everyMs 500 is invalid: use a whole number of milliseconds of at least 1000');
  });
});
