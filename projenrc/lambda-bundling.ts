/**
 * How every Lambda handler of this library is bundled. Shared by .projenrc.ts (the build) and the
 * benchmarks, so that what the benchmarks measure is what users deploy.
 */
export const LAMBDA_BUNDLING = {
  platform: 'node',
  /** The oldest Node.js runtime the bundles must run on. */
  target: 'node22',
  /** The Lambda Node.js runtime ships AWS SDK v3 (see HANDLER_SDK_CHUNKS for the one handler that brings its own). */
  externals: ['@aws-sdk/*'],
  minify: true,
  sourcemap: false,
} as const;

/** A handler whose AWS SDK clients are bundled into a second file beside it, loaded on first use. */
export interface HandlerSdkChunk {
  /**
   * The module that names every SDK export the handler uses. It lives in a folder named like the
   * handler's bundle, so its own bundle lands beside the handler's `index.js`, as `aws-sdk/index.js`.
   */
  readonly entry: string;
  /** Each SDK client package the handler requires, and the module that stands in for it in the bundle. */
  readonly standIns: Readonly<Record<string, string>>;
}

/**
 * Handlers that carry their own AWS SDK clients. The call flow's handler has a cold-start target
 * against a handler that uses the runtime's SDK: bundled from their ES module sources, its two
 * clients keep only the commands it uses and load faster than the runtime's full packages
 * (BENCHMARKS.md, "Whole cold dial-in flow"). In a second file, they still cost nothing before
 * the caller's first prompt. Other handlers (provisioning) keep the runtime's SDK.
 */
export const HANDLER_SDK_CHUNKS: Readonly<Record<string, HandlerSdkChunk>> = {
  'src/handler/meeting-join.lambda.ts': {
    entry: 'src/handler/meeting-join.lambda/aws-sdk.ts',
    standIns: {
      '@aws-sdk/client-chime-sdk-meetings': './src/handler/meeting-join.lambda/client-chime-sdk-meetings.js',
      '@aws-sdk/client-dynamodb': './src/handler/meeting-join.lambda/client-dynamodb.js',
    },
  },
};
