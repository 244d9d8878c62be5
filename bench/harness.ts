/**
 * The benchmark harness: every figure is measured several times after a warm-up and compared, as
 * a ratio, with a baseline measured in the same run, because absolute numbers drift on shared
 * machines.
 */

/** The distribution of one measured quantity. */
export interface Sample {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** How often a measurement runs. */
export interface SampleOptions {
  /** Unrecorded runs first, to warm caches and JIT. */
  readonly warmup?: number;
  /** Recorded runs. */
  readonly runs?: number;
}

/** Runs `measure` (which returns the measured value of one run) and summarizes the recorded runs. */
export async function sample(measure: () => number | Promise<number>, options: SampleOptions = {}): Promise<Sample> {
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 7;
  for (let i = 0; i < warmup; i++) {
    await measure();
  }
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    values.push(await measure());
  }
  return summarize(values);
}

/** Median, min and max of values. */
export function summarize(values: readonly number[]): Sample {
  if (values.length === 0) {
    throw new Error('summarize needs at least one value');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** One line of BENCHMARKS.md. */
export interface BenchRow {
  /** What was measured. */
  readonly name: string;
  /** The measured figure, formatted with its unit and spread. */
  readonly figure: string;
  /** What it is compared with, formatted. */
  readonly baseline: string;
  /** figure / baseline, on the medians. */
  readonly ratio: number;
  /** The target, in words (e.g. "≤ 0.3× baseline", "≤ 15 KB"). */
  readonly target: string;
  /** Whether the target holds. */
  readonly met: boolean;
}

/** A group of rows with the issue or topic they belong to. */
export interface BenchSection {
  readonly title: string;
  readonly rows: readonly BenchRow[];
  readonly notes?: readonly string[];
}

/** Formats a sample of bytes as KB with one decimal. */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Formats a sample of milliseconds as "median ms (min–max, n runs)". */
export function formatMillis(value: Sample): string {
  return `${value.median.toFixed(1)} ms (${value.min.toFixed(1)}–${value.max.toFixed(1)}, n=${value.runs})`;
}

/** Renders the report. */
export function renderReport(sections: readonly BenchSection[], environment: string): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`; do not edit by hand. Every ratio compares two medians measured in the same run.',
    '',
    `Measured on: ${environment}`,
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', '| case | figure | baseline | ratio | target | met |', '|---|---|---|---|---|---|');
    for (const row of section.rows) {
      lines.push(`| ${row.name} | ${row.figure} | ${row.baseline} | ${row.ratio.toFixed(2)}× | ${row.target} | ${row.met ? 'yes' : '**no**'} |`);
    }
    for (const note of section.notes ?? []) {
      lines.push('', note);
    }
    lines.push('');
  }
  return lines.join('\n');
}
