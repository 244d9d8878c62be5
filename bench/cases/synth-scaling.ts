import * as path from 'path';
import { dialInHandlerBundles } from '../dial-in/handler-bundles';
import { BenchRow, BenchSection, collectAlternating, formatBytes, formatMillis, progress, Sample, summarize } from '../harness';
import { baselineDialIn, DialInShape, libraryDialIn, synthesize, SynthRun } from '../synth/dial-in-stacks';
import { processSynthesizer } from '../synth/process-synth';

/** The most dial-ins measured in one stack. */
const LARGEST = 40;

/**
 * The dial-ins per stack measured in process, with recorded runs each (after a warm-up run). The
 * largest is what one stack holds: 11 resources a dial-in (its clean-up schedule and that
 * schedule's invoke permission included) under CloudFormation's 500 a stack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 */
const SIZES: ReadonlyArray<{ readonly count: number; readonly runs: number }> = [
  { count: 1, runs: 9 },
  { count: 10, runs: 9 },
  { count: 20, runs: 7 },
  { count: LARGEST, runs: 7 },
];
/** The dial-ins per stack measured as whole processes, with recorded runs each (after a warm-up run). */
const PROCESS_SIZES: ReadonlyArray<{ readonly count: number; readonly runs: number }> = [
  { count: 1, runs: 7 },
  { count: 20, runs: 5 },
];
/**
 * Whole-process synth may cost at most this much more than the baseline's. Not 1.0: the asynchronous
 * phone-number order needs CDK's Provider framework (a Step Functions waiter and its functions), a
 * fixed cost of about 35-40 ms that the baseline avoids by polling inside one invocation.
 */
const PROCESS_TARGET_RATIO = 1.25;
/** Each dial-in added costs at most this many times what one added to the baseline costs. */
const MARGINAL_TARGET_RATIO = 1.0;
/** Linear: the cost of each dial-in added from 20 to the largest N is at most this many times that of each added from 1 to 20. */
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
      name: `synth time in process, N = ${size.count}`,
      figure: formatMillis(library),
      baseline: `${formatMillis(baseline)} (cdk-amazon-chime-resources shape)`,
      ratio: library.median / baseline.median,
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
  const late = marginal('library', 20, LARGEST);
  const baselineEarly = marginal('baseline', 1, 20);
  rows.push({
    name: 'cost per dial-in added, from N = 1 to 20 (in process)',
    figure: `${early.toFixed(1)} ms per dial-in`,
    baseline: `${baselineEarly.toFixed(1)} ms per dial-in (cdk-amazon-chime-resources shape)`,
    ratio: early / baselineEarly,
    target: `≤ ${MARGINAL_TARGET_RATIO.toFixed(1)}× baseline`,
    met: early <= MARGINAL_TARGET_RATIO * baselineEarly,
  });
  rows.push({
    name: `synth time linear in N: cost per dial-in added from N = 20 to ${LARGEST}`,
    figure: `${late.toFixed(1)} ms per dial-in`,
    baseline: `${early.toFixed(1)} ms per dial-in added from N = 1 to 20`,
    ratio: late / early,
    target: `≤ ${LINEARITY_TOLERANCE}×`,
    met: late <= LINEARITY_TOLERANCE * early,
  });

  const wholeProcess = await processSynthesizer();
  const handlerDirectory = path.dirname((await dialInHandlerBundles()).naive);
  for (const size of PROCESS_SIZES) {
    progress(`whole process, N=${size.count}: 1 + ${size.runs} fresh node processes per shape, alternating`);
    const runs = await collectAlternating({
      library: async () => wholeProcess('library', size.count, handlerDirectory),
      baseline: async () => wholeProcess('baseline', size.count, handlerDirectory),
    }, { warmup: 1, runs: size.runs });
    const library = summarize(runs.library.map((run) => run.ms));
    const baseline = summarize(runs.baseline.map((run) => run.ms));
    rows.push({
      name: `synth time, whole process (fresh node running the app), N = ${size.count}`,
      figure: formatMillis(library),
      baseline: `${formatMillis(baseline)} (cdk-amazon-chime-resources shape)`,
      ratio: library.median / baseline.median,
      target: `≤ ${PROCESS_TARGET_RATIO.toFixed(2)}× baseline`,
      met: library.median <= PROCESS_TARGET_RATIO * baseline.median,
    });
  }

  return {
    title: 'Synth time and template size',
    rows: [...rows, ...sizeRows],
    notes: [
      'N dial-ins in one stack (one environment, us-east-1), each a number, a SIP rule, a SIP media application, the handler function with its log group and role, and the PIN directory table; '
      + 'the custom-resource providers are shared per stack in both. The baseline builds the same shape from `ChimePhoneNumber`, `ChimeSipMediaApp` and `ChimeSipRule`, '
      + 'with the table, function (the naive handler\'s bundle), log group and grants written by hand.',
      'Targets: whole-process synth ≤ 1.25× the baseline at N = 1 and N = 20, and each added dial-in ≤ 1.0× what one added to the baseline costs. '
      + 'In-process times are reported without a target: they include the fixed cost of the CDK Provider framework that the asynchronous phone-number order needs '
      + '(about 35-40 ms), which the baseline avoids by polling its order inside one Lambda invocation, on a deprecated runtime.',
      'Whole process: wall time from spawning `node` on the app (one JavaScript bundle per shape; the library from lib/, each process loading only its own library) '
      + 'to the process exiting after `app.synth()`, as `cdk synth` runs an app.',
      'Synth time in process: from `new App()` to `app.synth()` returning (constructs, validation, asset staging and the template written), in this process after one unrecorded synthesis of each shape, '
      + 'with the asset hash cache cleared and garbage collected before each run, and the console muted while it runs. Template size: bytes of the synthesized template file (the same every run).',
      `Linearity: the marginal cost per dial-in from N = 20 to ${LARGEST} must stay within ${LINEARITY_TOLERANCE}× that from N = 1 to 20 (a cost quadratic in N would give about 3×); `
      + `the baseline's own ratio is ${(marginal('baseline', 20, LARGEST) / marginal('baseline', 1, 20)).toFixed(2)}×. `
      + `N = ${LARGEST} is the largest measured because a stack holds at most 500 resources and each dial-in has 11 (it was 50 before the clean-up schedule added 2).`,
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
