import * as fs from 'fs';
import * as path from 'path';
import { dialInHandlerBundles } from '../dial-in/handler-bundles';
import { BenchSection, formatBytes } from '../harness';

/**
 * The deployed meeting-join handler (the `bundle` task's output: `index.js` and the SDK clients it
 * loads on first use) against the baselines bundled with the same esbuild options. Sizes are
 * deterministic: one run.
 */
export async function handlerBundleSize(): Promise<BenchSection> {
  const bundles = await dialInHandlerBundles();
  const [library, naive, empty] = [bundles.library, bundles.naive, bundles.empty].map((file) => fs.statSync(file).size);
  const asset = directoryBytes(path.dirname(bundles.library));
  return {
    title: 'Handler bundle size',
    rows: [
      {
        name: 'meeting-join handler bundle, loaded at cold start (`assets/handler/meeting-join.lambda/index.js`)',
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
      {
        name: 'the whole deployed asset, with the SDK clients loaded on first use (`aws-sdk/index.js`)',
        figure: formatBytes(asset),
        baseline: `${formatBytes(naive)} (naive handler, SDK from the runtime)`,
        ratio: asset / naive,
      },
    ],
    notes: [
      'esbuild, minified, for the Lambda Node.js runtime. The baselines leave `@aws-sdk/*` external (the runtime provides it), so their SDK clients weigh nothing here: '
      + 'their load time shows in the cold-start cases. The library\'s `index.js` carries the call flow, the SMA runtime and Powertools logger and metrics; '
      + 'its DynamoDB and Chime SDK Meetings clients are bundled apart, from the SDK\'s ES module sources, with only the commands the call flow uses.',
    ],
  };
}

function directoryBytes(directory: string): number {
  return fs.readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
}
