import * as path from 'path';
import { dialInHandlerBundles } from '../dial-in/handler-bundles';
import { BenchRow, BenchSection, collectAlternating, formatBytes, formatMillis, progress, Sample, summarize } from '../harness';
import { baselineDialIn, DialInShape, libraryDialIn, synthesize, SynthRun } from '../synth/dial-in-stacks';

/** The dial-ins per stack measured, with recorded runs each (after a warm-up run). */
const SIZES: ReadonlyArray<{ readonly count: number; readonly runs: number; readonly target: boolean }> = [
  { count: 1, runs: 9, target: true },
  { count: 10, runs: 9, target: false },
  { count: 20, runs: 7, target: true },
  { count: 50, runs: 7, target: false },
];
const TARGET_RATIO = 1.0;
/** Linear: the cost of each dial-in added from 20 to 50 is at most this many times that of each added from 1 to 20. */
const LINEARITY_TOLERANCE = 1.5;

/**
 * Synth time and template size of N dial-ins in one stack: `MeetingDialIn` against the same shape
 * built from `cdk-amazon-chime-resources`, in this process, each run on a fresh `App`.
 */
export async function synthScaling(): Promise<BenchSection> {
  const shapes: Record<'library' | 'baseline', DialInShape> = {
    library: libraryDialIn(),
    baseline: baselineDialIn(path.dirname((await dialInHandlerBundles()).naive)),
  };
  progress('first synthesis of each shape (loads and compiles aws-cdk-lib code; not recorded)');
  synthesize(shapes.library, 1);
  synthesize(shapes.baseline, 1);

  const times = new Map<number, Record<'library' | 'baseline', Sample>>();
  const rows: BenchRow[] = [];
  const sizeRows: BenchRow[] = [];
  for (const size of SIZES) {
    progress(`N=${size.count}: 1 + ${size.runs} syntheses per shape, alternating`);
    const runs = await collectAlternating({
      library: async () => synthesize(shapes.library, size.count),
      baseline: async () => synthesize(shapes.baseline, size.count),
    }, { warmup: 1, runs: size.runs });
    const library = summarize(runs.library.map((run) => run.ms));
    const baseline = summarize(runs.baseline.map((run) => run.ms));
    times.set(size.count, { library, baseline });
    rows.push({
      name: `synth time, N = ${size.count}`,
      figure: formatMillis(library),
      baseline: `${formatMillis(baseline)} (cdk-amazon-chime-resources shape)`,
      ratio: library.median / baseline.median,
      ...size.target ? { target: `≤ ${TARGET_RATIO.toFixed(1)}× baseline`, met: library.median <= TARGET_RATIO * baseline.median } : {},
    });
    const libraryBytes = templateBytes(runs.library);
    const baselineBytes = templateBytes(runs.baseline);
    sizeRows.push({
      name: `template size, N = ${size.count}`,
      figure: formatBytes(libraryBytes),
      baseline: `${formatBytes(baselineBytes)} (cdk-amazon-chime-resources shape)`,
      ratio: libraryBytes / baselineBytes,
    });
  }

  const marginal = (shape: 'library' | 'baseline', from: number, to: number) =>
    (times.get(to)![shape].median - times.get(from)![shape].median) / (to - from);
  const early = marginal('library', 1, 20);
  const late = marginal('library', 20, 50);
  rows.push({
    name: 'synth time linear in N: cost per dial-in added from N = 20 to 50',
    figure: `${late.toFixed(1)} ms per dial-in`,
    baseline: `${early.toFixed(1)} ms per dial-in added from N = 1 to 20`,
    ratio: late / early,
    target: `≤ ${LINEARITY_TOLERANCE}×`,
    met: late <= LINEARITY_TOLERANCE * early,
  });

  return {
    title: 'Synth time and template size',
    rows: [...rows, ...sizeRows],
    notes: [
      'N dial-ins in one stack (one environment, us-east-1), each a number, a SIP rule, a SIP media application, the handler function with its log group and role, and the PIN directory table; '
      + 'the custom-resource providers are shared per stack in both. The baseline builds the same shape from `ChimePhoneNumber`, `ChimeSipMediaApp` and `ChimeSipRule`, '
      + 'with the table, function (the naive handler\'s bundle), log group and grants written by hand.',
      'Synth time: from `new App()` to `app.synth()` returning (constructs, validation, asset staging and the template written), in this process after one unrecorded synthesis of each shape, '
      + 'with the asset hash cache cleared and garbage collected before each run, and the console muted while it runs. Template size: bytes of the synthesized template file (the same every run).',
      `Linearity: the marginal cost per dial-in from N = 20 to 50 must stay within ${LINEARITY_TOLERANCE}× that from N = 1 to 20 (a cost quadratic in N would give about 3×); `
      + `the baseline's own ratio is ${(marginal('baseline', 20, 50) / marginal('baseline', 1, 20)).toFixed(2)}×.`,
    ],
  };
}

function templateBytes(runs: readonly SynthRun[]): number {
  const sizes = new Set(runs.map((run) => run.templateBytes));
  if (sizes.size !== 1) {
    throw new Error(`the template size changed between runs: ${[...sizes].join(', ')}`);
  }
  return runs[0].templateBytes;
}
