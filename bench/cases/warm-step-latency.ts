import { DIAL_IN_STEPS } from '../dial-in/dial-in-events';
import { BenchRow, BenchSection, formatDuration, percentile, progress } from '../harness';
import { compareHandlers, requireSameAnswers } from '../probes/compare-handlers';
import { warmSteps, WarmStepsReport } from '../probes/warm-steps';

/** Processes per handler, alternating; each warms up, then records. */
const PROCESSES = 3;
const WARMUP_CALLS = 50;
const RECORDED_CALLS = 150;

/**
 * Warm per-event latency of each dial-in step, p50 and p99: each handler bundle is loaded once per
 * process and plays whole dial-ins back to back against dynalite and the fake Meetings service;
 * the time of every `handler(event)` call is recorded after the warm-up calls.
 */
export async function warmStepLatency(): Promise<BenchSection> {
  progress(`${PROCESSES} processes per handler (library, naive), alternating; each ${WARMUP_CALLS} warm-up + ${RECORDED_CALLS} recorded dial-ins`);
  const runs = await compareHandlers(['library', 'naive'], warmSteps(WARMUP_CALLS, RECORDED_CALLS), { warmup: 0, runs: PROCESSES });
  requireSameAnswers(runs.library, runs.naive);
  const rows: BenchRow[] = [];
  DIAL_IN_STEPS.forEach((step, index) => {
    const library = latencies(runs.library, index);
    const naive = latencies(runs.naive, index);
    for (const p of [50, 99]) {
      const figure = percentile(library, p);
      const baseline = percentile(naive, p);
      rows.push({
        name: `${step}: p${p}`,
        figure: `${formatDuration(figure)} (n=${library.length})`,
        baseline: `${formatDuration(baseline)} (naive handler, n=${naive.length})`,
        ratio: figure / baseline,
      });
    }
  });
  return {
    title: 'Warm per-event latency per step',
    rows,
    notes: [
      `Each handler bundle runs in ${PROCESSES} \`node\` processes, alternating with the other's, with the environment \`MeetingDialIn\` gives it (the library's Powertools logs and metrics go to /dev/null). `
      + `Each process plays ${WARMUP_CALLS} unrecorded dial-ins, then ${RECORDED_CALLS} recorded ones, back to back, each with its own TransactionId. `
      + 'The latency is that of `handler(event)`, from the call to the resolved response; "PIN entered" includes GetItem on dynalite and CreateAttendee on the fake Meetings service, both served by the benchmark process.',
    ],
  };
}

function latencies(reports: readonly WarmStepsReport[], step: number): number[] {
  return reports.flatMap((report) => report.stepLatenciesMs[step]);
}
