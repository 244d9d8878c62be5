import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';
import { BENCH_WORK_DIR, REPO_ROOT } from '../paths';

/** A whole-process synthesis: wall time from spawning `node` to its exit, and the template's size. */
export interface ProcessSynthRun {
  readonly ms: number;
  readonly templateBytes: number;
}

type Shape = 'library' | 'baseline';

/**
 * Bundles bench/synth/synth-process.ts into one JavaScript file per shape that a plain `node` runs.
 * The construct library comes from lib/ (its compiled JavaScript, as users load it: the handler
 * assets resolve relative to it), aws-cdk-lib, constructs and the baseline library from node_modules.
 * Each shape's process loads only its own library: the other is replaced by an empty module, so
 * neither pays for loading the other. Returns a function that runs one synthesis in a fresh process.
 */
export async function processSynthesizer(): Promise<(shape: Shape, count: number, handlerDirectory: string) => ProcessSynthRun> {
  const library = path.join(REPO_ROOT, 'lib', 'index.js');
  if (!fs.existsSync(library)) {
    throw new Error('lib/index.js is missing: npm run bench compiles it first');
  }
  fs.mkdirSync(BENCH_WORK_DIR, { recursive: true });
  const empty = path.join(BENCH_WORK_DIR, 'empty-module.js');
  fs.writeFileSync(empty, 'module.exports = {};\n');
  const bundles = {} as Record<Shape, string>;
  for (const shape of ['library', 'baseline'] as const) {
    bundles[shape] = path.join(BENCH_WORK_DIR, `synth-process-${shape}.js`);
    await build({
      entryPoints: [path.join(__dirname, 'synth-process.ts')],
      outfile: bundles[shape],
      bundle: true,
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-amazon-chime-resources'],
      plugins: [{
        name: 'one-library-per-process',
        setup(builder) {
          builder.onResolve({ filter: /^\.\.\/\.\.\/src$/ }, () => (shape === 'library' ? { path: library, external: true } : { path: empty }));
          builder.onResolve({ filter: /^cdk-amazon-chime-resources$/ }, () => (shape === 'baseline' ? { path: 'cdk-amazon-chime-resources', external: true } : { path: empty }));
        },
      }],
    });
  }
  return (shape, count, handlerDirectory) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bundles[shape], shape, String(count), handlerDirectory], {
      cwd: REPO_ROOT,
      encoding: 'utf-8',
      env: { ...process.env, JSII_DEPRECATED: 'quiet' },
    });
    const ms = performance.now() - start;
    if (result.status !== 0) {
      throw new Error(`the ${shape} synthesis process failed (${result.status}): ${result.stderr.split('\n').slice(0, 3).join(' ')}`);
    }
    const { templateBytes } = JSON.parse(result.stdout.trim().split('\n').pop()!) as { templateBytes: number };
    return { ms, templateBytes };
  };
}
