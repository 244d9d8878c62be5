import * as path from 'path';

/** The repository root. */
export const REPO_ROOT = path.join(__dirname, '..');

/** Where the benchmarks write what they build (bundles, synthesized apps); git-ignored. */
export const BENCH_WORK_DIR = path.join(REPO_ROOT, '.tmp', 'bench');

/** The benchmark fixtures: the baselines' handlers and the user handlers measured. */
export const FIXTURES_DIR = path.join(__dirname, 'fixtures');

/** The meeting-join handler bundle that `MeetingDialIn` deploys, built by the `bundle` task. */
export const LIBRARY_HANDLER_BUNDLE = path.join(REPO_ROOT, 'assets', 'handler', 'meeting-join.lambda', 'index.js');
