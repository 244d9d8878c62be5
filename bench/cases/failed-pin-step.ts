import { randomUUID } from 'crypto';
import { dialInHandlerBundles, handlerEnvironment } from '../dial-in/handler-bundles';
import { startLocalBackends } from '../dial-in/local-backends';
import { BenchRow, BenchSection, formatDuration, percentile, progress } from '../harness';
import type { FailedPinReport } from '../probes/failed-pin-probe';
import { runProbe } from '../probes/run-probe';

const PROCESSES = 3;
const WARMUP_CALLS = 50;
const RECORDED_CALLS = 150;
/** Never the registered PIN: every entry is a miss. */
const WRONG_PIN = '000000';

/**
 * Warm latency of a failed-PIN step with the PIN-guess counters (GetItem of the caller's counter,
 * GetItem of the PIN, UpdateItem of the counter), against the same step without them, in the
 * library handler bundle with dynalite.
 */
export async function failedPinStepLatency(): Promise<BenchSection> {
  progress(`${PROCESSES} processes with and without PIN-guess counters, alternating; each ${WARMUP_CALLS} warm-up + ${RECORDED_CALLS} recorded wrong PINs`);
  const { library } = await dialInHandlerBundles();
  const backends = await startLocalBackends();
  const counted: number[] = [];
  const uncounted: number[] = [];
  try {
    // The limit is above the calls of a run, so that every step is a counted miss, not a refusal.
    const withCounters = handlerEnvironment({ ...backends.config, pinGuesses: { maxFailures: 1_000, windowSeconds: 3_600, hashKey: 'bench' } });
    const withoutCounters = handlerEnvironment(backends.config);
    for (let run = 0; run < PROCESSES; run++) {
      for (const [env, into] of [[withCounters, counted], [withoutCounters, uncounted]] as const) {
        const report = await runProbe<FailedPinReport>('failed-pin-probe', [library, String(WARMUP_CALLS), String(RECORDED_CALLS), randomUUID(), WRONG_PIN], env);
        into.push(...report.latenciesMs);
      }
    }
  } finally {
    await backends.stop();
  }
  const rows: BenchRow[] = [50, 99].map((p) => ({
    name: `wrong PIN entered: p${p}`,
    figure: `${formatDuration(percentile(counted, p))} (n=${counted.length})`,
    baseline: `${formatDuration(percentile(uncounted, p))} (without counters, n=${uncounted.length})`,
    ratio: percentile(counted, p) / percentile(uncounted, p),
  }));
  return {
    title: 'Warm latency of a failed-PIN step',
    rows,
    notes: [
      'The library handler bundle, in `node` processes alternating with and without PIN-guess counters. '
      + 'With them, the step reads the caller\'s counter, looks the PIN up and adds one to the counter (three DynamoDB requests on dynalite); without them, it looks the PIN up only.',
    ],
  };
}
