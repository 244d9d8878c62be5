import type { SmaSimulator } from '../../src/testing';
import { FakeMeetingsService } from '../../src/testing/fakes';
import { BenchSection, collectAlternating, notMeasured, progress, summarize } from '../harness';
import { dialInRouterHandler } from '../simulator/dial-in-router';

const CALLS_PER_BATCH = 240;
const RUNS = { warmup: 2, runs: 9 };
const TARGET_CALLS_PER_SECOND = 1000;
const ROW_NAME = 'simple dial-ins through `SmaSimulator` (dial, PIN, join, hang up), in process';

type SimulatorModule = { readonly SmaSimulator: typeof SmaSimulator };

/**
 * Simulator calls per second: batches of sequential simple dial-ins through `SmaSimulator`, each
 * batch on a fresh simulator and fake Meetings service, against the same number of bare handler
 * invocations of the same events (the handler called directly, no simulator).
 */
export async function simulatorThroughput(): Promise<BenchSection> {
  const title = 'Simulator calls per second';
  let simulator: SimulatorModule;
  try {
    // Loaded here, not imported: a simulator that is missing or does not compile costs this row only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    simulator = require('../../src/testing/simulator') as SimulatorModule;
    if (typeof simulator.SmaSimulator !== 'function') {
      throw new Error('src/testing/simulator exports no SmaSimulator');
    }
  } catch (error) {
    return { title, rows: [notMeasured(ROW_NAME, `simulator not available (${firstLine(error)})`, `≥ ${TARGET_CALLS_PER_SECOND.toLocaleString('en-US')} calls/s`)] };
  }
  try {
    return await measure(title, simulator);
  } catch (error) {
    return { title, rows: [notMeasured(ROW_NAME, `the simulator failed (${firstLine(error)})`, `≥ ${TARGET_CALLS_PER_SECOND.toLocaleString('en-US')} calls/s`)] };
  }
}

async function measure(title: string, { SmaSimulator: Simulator }: SimulatorModule): Promise<BenchSection> {
  // One call through the simulator, recording what the handler is asked: the bare baseline replays it.
  const recording = newBatch();
  const events: unknown[] = [];
  const recorded = new Simulator({
    handler: (event) => {
      events.push(event);
      return recording.handler(event);
    },
    meetings: recording.meetings,
  });
  await dialIn(recorded);
  recorded.dispose();

  progress(`${RUNS.warmup} + ${RUNS.runs} batches of ${CALLS_PER_BATCH} calls, simulator and bare handler alternating`);
  const runs = await collectAlternating({
    simulator: async () => {
      const batch = newBatch();
      const sim = new Simulator({ handler: batch.handler, meetings: batch.meetings });
      const start = performance.now();
      for (let call = 0; call < CALLS_PER_BATCH; call++) {
        await dialIn(sim);
      }
      const seconds = (performance.now() - start) / 1000;
      sim.dispose();
      return CALLS_PER_BATCH / seconds;
    },
    bare: async () => {
      const batch = newBatch();
      const calls = Array.from({ length: CALLS_PER_BATCH }, (_, call) => withTransactionId(events, `bench-call-${String(call).padStart(4, '0')}`));
      const start = performance.now();
      for (const callEvents of calls) {
        for (const event of callEvents) {
          await batch.handler(event);
        }
      }
      return CALLS_PER_BATCH / ((performance.now() - start) / 1000);
    },
  }, RUNS);
  const simulated = summarize(runs.simulator);
  const bare = summarize(runs.bare);
  const format = (value: typeof simulated) =>
    `${Math.round(value.median).toLocaleString('en-US')} calls/s (${Math.round(value.min).toLocaleString('en-US')}–${Math.round(value.max).toLocaleString('en-US')}, n=${value.runs})`;
  return {
    title,
    rows: [{
      name: ROW_NAME,
      figure: format(simulated),
      baseline: `${format(bare)} (the same ${events.length} handler invocations per call, bare)`,
      ratio: simulated.median / bare.median,
      target: `≥ ${TARGET_CALLS_PER_SECOND.toLocaleString('en-US')} calls/s`,
      met: simulated.median >= TARGET_CALLS_PER_SECOND,
    }],
    notes: [
      'Each call: `inboundCall` (NEW_INBOUND_CALL → SpeakAndGetDigits), `pressDigits(\'123456#\')` (→ JoinChimeMeeting with the token of an attendee created in the fake Meetings service, '
      + 'checked by the simulator), `hangUp()`; the handler is a router from the SMA runtime, in this process, with no network. Throughput over batches of '
      + `${CALLS_PER_BATCH} sequential calls, each batch on a fresh simulator and fake Meetings service (built outside the timing). `
      + `The baseline calls the same handler directly with the ${events.length} events the simulator sent it in one such call, ${CALLS_PER_BATCH} times (each copy with its own TransactionId, made before the clock starts); `
      + 'the ratio is the share of the bare handler\'s throughput that the simulator keeps.',
    ],
  };
}

interface Batch {
  readonly meetings: FakeMeetingsService;
  readonly meetingId: string;
  readonly handler: (event: unknown) => Promise<unknown>;
}

function newBatch(): Batch {
  const meetings = new FakeMeetingsService();
  const { meetingId } = meetings.createMeeting({ externalMeetingId: 'bench-meeting' });
  return { meetings, meetingId, handler: dialInRouterHandler(meetings, meetingId) };
}

/** Copies of a call's events with another TransactionId, so that each replayed call creates its own attendee, as each simulated call does. */
function withTransactionId(events: readonly unknown[], transactionId: string): unknown[] {
  return events.map((event) => {
    const copy = structuredClone(event) as { CallDetails: { TransactionId: string } };
    copy.CallDetails.TransactionId = transactionId;
    return copy;
  });
}

async function dialIn(sim: SmaSimulator): Promise<void> {
  const call = await sim.inboundCall({ from: '+15105550101', to: '+12065550100' });
  await call.pressDigits('123456#');
  if (!call.joinedMeeting) {
    throw new Error(`the simulated call did not join its meeting (violations: ${JSON.stringify(call.violations)})`);
  }
  await call.hangUp();
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/\|/g, '/');
}
