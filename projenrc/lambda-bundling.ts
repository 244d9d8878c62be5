/**
 * How every Lambda handler of this library is bundled. Shared by .projenrc.ts (the build) and the
 * benchmarks, so that what the benchmarks measure is what users deploy.
 */
export const LAMBDA_BUNDLING = {
  platform: 'node',
  /** The oldest Node.js runtime the bundles must run on. */
  target: 'node22',
  /** The Lambda Node.js runtime ships AWS SDK v3; bundling it again would only slow cold starts. */
  externals: ['@aws-sdk/*'],
  minify: true,
  sourcemap: false,
} as const;
