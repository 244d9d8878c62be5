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

/**
 * Runs every measure of `measures` once per round, in alternating order (forward, then backward),
 * so that drift of a shared machine falls on all of them alike. Returns the recorded results of
 * each measure, warm-up rounds left out.
 */
export async function collectAlternating<K extends string, T>(
  measures: Readonly<Record<K, () => Promise<T>>>,
  options: SampleOptions = {},
): Promise<Record<K, T[]>> {
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 7;
  const keys = Object.keys(measures) as K[];
  const results = Object.fromEntries(keys.map((key) => [key, [] as T[]])) as Record<K, T[]>;
  for (let round = 0; round < warmup + runs; round++) {
    const order = round % 2 === 0 ? keys : [...keys].reverse();
    for (const key of order) {
      const result = await measures[key]();
      if (round >= warmup) {
        results[key].push(result);
      }
    }
  }
  return results;
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

/** The value below which `p` percent of `values` lie (nearest rank), e.g. `percentile(latencies, 99)`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new Error('percentile needs at least one value');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Prints a progress line under the running case. */
export function progress(message: string): void {
  process.stdout.write(`  ${message}\n`);
}

/** One line of BENCHMARKS.md. */
export interface BenchRow {
  /** What was measured. */
  readonly name: string;
  /** The measured figure, formatted with its unit and spread. */
  readonly figure: string;
  /** What it is compared with, formatted. */
  readonly baseline: string;
  /** figure / baseline, on the medians; undefined when nothing was measured. */
  readonly ratio?: number;
  /** The target, in words (e.g. "≤ 0.3× baseline", "≤ 15 KB"); undefined for a figure reported without one. */
  readonly target?: string;
  /** Whether the target holds; undefined when there is no target or nothing was measured. */
  readonly met?: boolean;
}

/** A row for a figure that could not be measured in this run, saying why. */
export function notMeasured(name: string, reason: string, target?: string): BenchRow {
  return { name, figure: `not measured: ${reason}`, baseline: '—', target };
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

/** Formats a byte count as MB with two decimals. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** Formats one duration in ms with three significant digits, in µs below 1 ms (e.g. "2.72 ms", "104 µs", "2.31 µs"). */
export function formatDuration(ms: number): string {
  return ms >= 1 ? `${ms.toPrecision(3)} ms` : `${(ms * 1000).toPrecision(3)} µs`;
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
    'Written by `npm run bench`; do not edit by hand. Every ratio compares a figure with its baseline measured in the same run:',
    'medians unless the row names another statistic (p50, p99). Timings read "median (min–max, n=recorded runs)", after',
    'unrecorded warm-up runs. A target of "—" marks a figure reported for reference, without a target.',
    '',
    `Measured on: ${environment}`,
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', '| case | figure | baseline | ratio | target | met |', '|---|---|---|---|---|---|');
    for (const row of section.rows) {
      const ratio = row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`;
      const met = row.met === undefined ? '—' : row.met ? 'yes' : '**no**';
      lines.push(`| ${row.name} | ${row.figure} | ${row.baseline} | ${ratio} | ${row.target ?? '—'} | ${met} |`);
    }
    for (const note of section.notes ?? []) {
      lines.push('', note);
    }
    lines.push('');
  }
  return lines.join('\n');
}
