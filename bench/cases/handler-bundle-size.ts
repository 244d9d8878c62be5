import * as fs from 'fs';
import { dialInHandlerBundles } from '../dial-in/handler-bundles';
import { BenchSection, formatBytes } from '../harness';

/**
 * The deployed meeting-join handler bundle (the `bundle` task's output) against the baselines bundled
 * with the same esbuild options. Sizes are deterministic: one run.
 */
export async function handlerBundleSize(): Promise<BenchSection> {
  const bundles = await dialInHandlerBundles();
  const [library, naive, empty] = [bundles.library, bundles.naive, bundles.empty].map((file) => fs.statSync(file).size);
  return {
    title: 'Handler bundle size',
    rows: [
      {
        name: 'meeting-join handler bundle (`assets/handler/meeting-join.lambda/index.js`)',
        figure: formatBytes(library),
        baseline: `${formatBytes(naive)} (naive handler)`,
        ratio: library / naive,
      },
      {
        name: 'the same, against the floor',
        figure: formatBytes(library),
        baseline: `${formatBytes(empty)} (empty handler)`,
        ratio: library / empty,
      },
    ],
    notes: [
      'esbuild, minified, for the Lambda Node.js runtime, with `@aws-sdk/*` external in all three (the runtime provides it), so the SDK clients weigh nothing here: '
      + 'their load time shows in the cold-start cases. The library bundle carries the call flow, the SMA runtime and Powertools logger and metrics.',
    ],
  };
}
