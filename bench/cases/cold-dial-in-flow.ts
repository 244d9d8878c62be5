import { DIAL_IN_STEPS } from '../dial-in/dial-in-events';
import { BenchSection, formatMillis, progress, summarize } from '../harness';
import { coldStart, ColdStartReport } from '../probes/cold-start';
import { compareHandlers, requireSameAnswers } from '../probes/compare-handlers';

const TARGET_RATIO = 1.0;
const RUNS = { warmup: 2, runs: 15 };

/**
 * The whole cold dial-in: in a fresh `node` process per run, from before `require` of the handler
 * bundle to its answer to the last event (NEW_INBOUND_CALL → PIN: GetItem + CreateAttendee →
 * JoinChimeMeeting succeeded), against dynalite and the fake Meetings service on 127.0.0.1.
 */
export async function coldDialInFlow(): Promise<BenchSection> {
  progress(`${RUNS.warmup} + ${RUNS.runs} fresh processes per handler (library, naive), alternating`);
  const runs = await compareHandlers(['library', 'naive'], coldStart(DIAL_IN_STEPS.length), RUNS);
  requireSameAnswers(runs.library, runs.naive);
  const last = DIAL_IN_STEPS.length - 1;
  const library = summarize(runs.library.map((run) => run.sinceRequireMs[last]));
  const naive = summarize(runs.naive.map((run) => run.sinceRequireMs[last]));
  return {
    title: 'Whole cold dial-in flow',
    rows: [{
      name: `meeting-join handler bundle: \`require\` → ${DIAL_IN_STEPS.join(' → ')} answered, fresh process`,
      figure: formatMillis(library),
      baseline: `${formatMillis(naive)} (naive handler)`,
      ratio: library.median / naive.median,
      target: `≤ ${TARGET_RATIO.toFixed(1)}× naive`,
      met: library.median <= TARGET_RATIO * naive.median,
    }],
    notes: [
      `Both handlers answer every step with the same action types (${runs.library[0].actionTypes.join(' / ')}), checked on every run. `
      + 'The servers run in the benchmark process; each run has a new TransactionId, so CreateAttendee creates a new attendee every time. '
      + 'The naive handler uses the SDK clients from node_modules, as the Lambda runtime provides them; the library\'s loads its own, bundled from the SDK\'s ES module sources with only the commands it uses (see "Handler bundle size").',
      `Median time from \`require\` to each answer: library ${stepMedians(runs.library)}; naive ${stepMedians(runs.naive)}.`,
    ],
  };
}

function stepMedians(runs: readonly ColdStartReport[]): string {
  return DIAL_IN_STEPS.map((step, index) => `${step} ${summarize(runs.map((run) => run.sinceRequireMs[index])).median.toFixed(1)} ms`).join(', ');
}
