import * as path from 'path';
import { bundledSize } from '../bundle';
import { BenchSection, formatBytes } from '../harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const TARGET_BYTES = 15 * 1024;

/** The SMA runtime's weight in a user's handler (issue: SMA runtime). Sizes are deterministic: one run. */
export async function smaRuntimeSize(): Promise<BenchSection> {
  const baseline = await bundledSize(path.join(FIXTURES, 'empty-handler.ts'));
  const figure = await bundledSize(path.join(FIXTURES, 'router-join-handler.ts'));
  return {
    title: 'SMA runtime',
    rows: [{
      name: 'handler using only the router and `joinChimeMeeting`, bundled (esbuild, minified)',
      figure: formatBytes(figure),
      baseline: `${formatBytes(baseline)} (empty handler)`,
      ratio: figure / baseline,
      target: '≤ 15 KB',
      met: figure <= TARGET_BYTES,
    }],
  };
}
