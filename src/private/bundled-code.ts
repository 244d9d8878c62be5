import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The code of a handler bundled from `src/<entry>.lambda.ts` at build time. The path is resolved
 * from this file, so it works from the installed package whatever the working directory is.
 */
export function bundledHandlerCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', `${entry}.lambda`));
}

/** The runtime of the functions this library creates, unless the user picks another. */
export const DEFAULT_NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The architecture of the functions this library creates, unless the user picks another. */
export const DEFAULT_ARCHITECTURE = lambda.Architecture.ARM_64;
