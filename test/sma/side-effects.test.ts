import { buildSync } from 'esbuild';

/** Bundles `source` (written as if it sat in test/sma) the way the project bundles its Lambda handlers. */
function bundle(source: string): string {
  const result = buildSync({
    stdin: { contents: source, resolveDir: __dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

// Bundle-size targets are measured by `npm run bench` (BENCHMARKS.md), not here.
describe('tree-shaking', () => {
  it('runs nothing on import: importing the whole module for its side effects bundles to (almost) nothing', () => {
    expect(Buffer.byteLength(bundle("import '../../src/sma';"))).toBeLessThan(100);
  });
});
