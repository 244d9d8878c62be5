import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { BenchSection, formatMegabytes, notMeasured, progress } from '../harness';
import { REPO_ROOT } from '../paths';

const run = promisify(execFile);
const TARGET_BYTES = 1024 * 1024;
const BASELINE_PACKAGE = path.join(REPO_ROOT, 'node_modules', 'cdk-amazon-chime-resources');

/** What `npm pack --dry-run --json` says of a package. */
interface PackSummary {
  /** The .tgz size in bytes. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

/**
 * The npm tarball of this package against that of `cdk-amazon-chime-resources` (its installed copy,
 * bundled dependencies included, as published): `npm pack --dry-run --json`, deterministic, one run.
 * The package needs lib/ and .jsii compiled from the current sources: when they are missing or older
 * than src/, this case compiles them first (`npx projen compile`).
 */
export async function npmTarball(): Promise<BenchSection> {
  const title = 'npm tarball';
  const compiled = await ensureCompiled();
  if (compiled !== true) {
    return { title, rows: [notMeasured('package tarball (.tgz)', compiled, '≤ 1 MB')] };
  }
  progress('npm pack --dry-run: this package, then cdk-amazon-chime-resources (8,000+ files)');
  const library = await pack(REPO_ROOT);
  const baseline = await pack(BASELINE_PACKAGE);
  return {
    title,
    rows: [
      {
        name: 'package tarball (.tgz)',
        figure: formatMegabytes(library.size),
        baseline: `${formatMegabytes(baseline.size)} (cdk-amazon-chime-resources)`,
        ratio: library.size / baseline.size,
        target: '≤ 1 MB',
        met: library.size <= TARGET_BYTES,
      },
      {
        name: 'unpacked size',
        figure: formatMegabytes(library.unpackedSize),
        baseline: `${formatMegabytes(baseline.unpackedSize)} (cdk-amazon-chime-resources)`,
        ratio: library.unpackedSize / baseline.unpackedSize,
      },
      {
        name: 'files in the tarball',
        figure: library.entryCount.toLocaleString('en-US'),
        baseline: `${baseline.entryCount.toLocaleString('en-US')} (cdk-amazon-chime-resources)`,
        ratio: library.entryCount / baseline.entryCount,
      },
    ],
    notes: [
      '`npm pack --dry-run --json --ignore-scripts` in the repository (lib/, .jsii, assets/ with the bundled handlers, API.md, README, LICENSE) and in the installed '
      + '`cdk-amazon-chime-resources`, whose published tarball carries its bundled dependencies (AWS SDK clients for its custom-resource handlers).',
    ],
  };
}

async function pack(directory: string): Promise<PackSummary> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: directory, maxBuffer: 64 * 1024 * 1024 });
  const [summary] = JSON.parse(stdout) as PackSummary[];
  return summary;
}

/** True when lib/ is current (compiling it if needed), else why it could not be built. */
async function ensureCompiled(): Promise<true | string> {
  const compiledAt = Math.min(...['lib/index.js', '.jsii'].map((file) => mtime(path.join(REPO_ROOT, file))));
  if (compiledAt >= newestSource(path.join(REPO_ROOT, 'src'))) {
    return true;
  }
  progress('lib/ is missing or older than src/: npx projen compile');
  try {
    await run('npx', ['projen', 'compile'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    return true;
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message: string };
    const detail = `${output.stdout ?? ''}${output.stderr ?? ''}`.trim().split('\n').slice(-3).join(' ') || output.message;
    return `lib/ could not be compiled (${detail.replace(/\|/g, '/')})`;
  }
}

function mtime(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}
