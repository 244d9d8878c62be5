import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../projenrc/lambda-bundling';

/** Bundles `entry` exactly as the build bundles Lambda handlers and returns the minified bytes. */
export async function bundledSize(entry: string): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: LAMBDA_BUNDLING.platform,
    target: LAMBDA_BUNDLING.target,
    external: [...LAMBDA_BUNDLING.externals],
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourcemap,
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((total, file) => total + file.contents.byteLength, 0);
}
