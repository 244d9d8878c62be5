import { BenchSection, formatMillis, progress, summarize } from '../harness';
import { coldStart } from '../probes/cold-start';
import { compareHandlers, requireSameAnswers } from '../probes/compare-handlers';

const TARGET_RATIO = 0.3;
const RUNS = { warmup: 2, runs: 15 };

/**
 * Cold start to the first prompt: in a fresh `node` process per run, from before `require` of the
 * handler bundle to its answer to NEW_INBOUND_CALL (SpeakAndGetDigits). Node's own start-up, the
 * same for every handler, is left out of the figure and given in a note.
 */
export async function coldStartToFirstPrompt(): Promise<BenchSection> {
  progress(`${RUNS.warmup} + ${RUNS.runs} fresh processes per handler (library, naive, empty), alternating`);
  const runs = await compareHandlers(['library', 'naive', 'empty'], coldStart(1), RUNS);
  requireSameAnswers(runs.library, runs.naive);
  const firstResponse = (key: keyof typeof runs) => summarize(runs[key].map((run) => run.sinceRequireMs[0]));
  const fromProcessStart = (key: keyof typeof runs) => summarize(runs[key].map((run) => run.sinceProcessStartMs)).median.toFixed(1);
  const library = firstResponse('library');
  const naive = firstResponse('naive');
  const empty = firstResponse('empty');
  return {
    title: 'Cold start to the first prompt',
    rows: [
      {
        name: 'meeting-join handler bundle: `require` → SpeakAndGetDigits, fresh process',
        figure: formatMillis(library),
        baseline: `${formatMillis(naive)} (naive handler: both SDK clients imported and created at load)`,
        ratio: library.median / naive.median,
        target: `≤ ${TARGET_RATIO}× naive`,
        met: library.median <= TARGET_RATIO * naive.median,
      },
      {
        name: 'the same, against the floor',
        figure: formatMillis(library),
        baseline: `${formatMillis(empty)} (empty handler returning \`{}\`)`,
        ratio: library.median / empty.median,
      },
    ],
    notes: [
      'Each run is a new `node` process (no module cache; the OS file cache is warm after the warm-up runs) that requires the bundle and invokes `handler` once, '
      + 'with the environment `MeetingDialIn` gives the function. The baselines leave `@aws-sdk/*` external, loaded from node_modules as the Lambda runtime provides it; the library\'s handler carries its two clients in `aws-sdk/index.js` beside its bundle, which it loads only when an event needs them. '
      + `Counted from the process's start instead (Node's own boot included), the medians are ${fromProcessStart('library')} ms (library), `
      + `${fromProcessStart('naive')} ms (naive) and ${fromProcessStart('empty')} ms (empty).`,
    ],
  };
}
