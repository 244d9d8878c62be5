import * as path from 'path';
import { build, BuildOptions } from 'esbuild';
import { LAMBDA_BUNDLING } from '../projenrc/lambda-bundling';

/** The esbuild options of a Lambda handler: exactly those of the build. */
function lambdaBuildOptions(entry: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: LAMBDA_BUNDLING.platform,
    target: LAMBDA_BUNDLING.target,
    external: [...LAMBDA_BUNDLING.externals],
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourcemap,
    logLevel: 'silent',
  };
}

/** Bundles `entry` exactly as the build bundles Lambda handlers and returns the minified bytes. */
export async function bundledSize(entry: string): Promise<number> {
  const result = await build({ ...lambdaBuildOptions(entry), write: false });
  return result.outputFiles.reduce((total, file) => total + file.contents.byteLength, 0);
}

/**
 * Bundles `entry` exactly as the build bundles Lambda handlers into `<outdir>/index.js` (the layout
 * of a Lambda asset) and returns that file's path. `@aws-sdk/*` stays external, resolved at run
 * time from the repository's node_modules as the Lambda runtime provides it.
 */
export async function bundleLambda(entry: string, outdir: string): Promise<string> {
  const outfile = path.join(outdir, 'index.js');
  await build({ ...lambdaBuildOptions(entry), outfile });
  return outfile;
}
