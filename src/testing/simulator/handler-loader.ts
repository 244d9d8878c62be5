import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withEnvironment } from './environment';
import type { SmaEvent } from '../../sma';

/**
 * What the simulator hands a handler besides the event: a minimal Lambda context. Its
 * `getRemainingTimeInMillis` counts down in virtual time from `settings.lambdaTimeoutMs`.
 */
export interface SimulatedLambdaContext {
  /** Always `sma-handler`. */
  readonly functionName: string;
  /** Always `$LATEST`. */
  readonly functionVersion: string;
  /** A Lambda ARN in the simulator's account and Region. */
  readonly invokedFunctionArn: string;
  /** Always `128`. */
  readonly memoryLimitInMB: string;
  /** A seeded UUID per attempt. */
  readonly awsRequestId: string;
  /** `/aws/lambda/sma-handler`. */
  readonly logGroupName: string;
  /** A fixed stream name. */
  readonly logStreamName: string;
  /** Always true. */
  readonly callbackWaitsForEmptyEventLoop: boolean;
  /** Virtual milliseconds left before the Lambda timeout. */
  getRemainingTimeInMillis(): number;
}

/**
 * A SIP media application handler, as a Lambda handler: it gets an invocation event (a copy: changing
 * it changes nothing in the simulator) and returns the response, or a promise of it. `router.handler`
 * from `createSmaRouter` fits, as does the `handler` export of a bundled Lambda.
 */
export type SmaHandlerFunction = (event: SmaEvent, context: SimulatedLambdaContext) => unknown;

/** A handler module that cannot be loaded: missing, failing while it loads, or without a `handler` function. */
export class HandlerLoadError extends Error {
  /** @param message what is wrong, naming the path */
  constructor(message: string) {
    super(message);
    this.name = 'HandlerLoadError';
  }
}

/** Options of {@link loadHandler}. */
export interface LoadHandlerOptions {
  /**
   * Environment variables set while the module loads (handlers usually read their configuration at
   * load time); the previous values are restored afterwards.
   */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Loads the `handler` export of a CommonJS module: a bundled asset directory (such as projen's
 * `assets/handler/meeting-join.lambda/`, whose `index.js` exports `handler`) or a `.js` file.
 *
 * Every call loads a fresh instance: the entry file and the `.js`/`.cjs`/`.json` files it requires
 * from its own directory (outside `node_modules`) are compiled anew for each load, bypassing the
 * require cache (which some loaders, such as Jest's, do not let go of), so two simulators never
 * share a handler's module state. Packages from `node_modules` are required normally and shared, as
 * Node shares them.
 * @param handlerPath a directory containing `index.js`, or a JavaScript file
 * @param options environment variables for the load
 * @throws HandlerLoadError naming the path when there is no such module, it fails to load, or it exports no `handler` function
 */
export function loadHandler(handlerPath: string, options: LoadHandlerOptions = {}): SmaHandlerFunction {
  const file = resolveHandlerFile(handlerPath);
  if (/\.(ts|mts|cts|tsx|mjs)$/.test(file)) {
    throw new HandlerLoadError(`handler ${file} is ${file.endsWith('.mjs') ? 'an ES module' : 'TypeScript'}: ${BUNDLING_HINT}`);
  }
  let exported: unknown;
  try {
    exported = withEnvironment(options.env, () => new FreshModuleLoader(path.dirname(file)).load(file));
  } catch (error) {
    // `export`, `import` or type annotations do not compile as a CommonJS function body.
    const hint = error instanceof Error && error.name === 'SyntaxError' ? ` (is it an ES module or TypeScript? ${BUNDLING_HINT})` : '';
    throw new HandlerLoadError(`handler ${file} failed to load: ${error instanceof Error ? error.message : String(error)}${hint}`);
  }
  const handler = typeof exported === 'object' && exported !== null ? (exported as Record<string, unknown>).handler : undefined;
  if (typeof handler !== 'function') {
    throw new HandlerLoadError(`handler ${file} does not export a function named "handler"`);
  }
  return handler as SmaHandlerFunction;
}

/** What to do with a handler the loader cannot run as it is. */
const BUNDLING_HINT = 'the simulator loads CommonJS JavaScript, as a bundled Lambda asset is; bundle the handler first, e.g. '
  + '`npx esbuild src/handler.ts --bundle --platform=node --format=cjs --outfile=build/handler/index.js` '
  + '(what CDK\'s NodejsFunction does), then pass build/handler';

/** Loads a handler's own files afresh (once per load, cycles allowed as in Node); everything else through Node. */
class FreshModuleLoader {
  private readonly modules = new Map<string, { exports: unknown }>();

  constructor(private readonly root: string) {}

  public load(file: string): unknown {
    const known = this.modules.get(file);
    if (known) {
      return known.exports;
    }
    const module = { exports: {} as unknown, id: file, filename: file, loaded: false };
    this.modules.set(file, module);
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(readFileSync(file, 'utf8'));
      return module.exports;
    }
    const nodeRequire = createRequire(file);
    const localRequire = Object.assign((request: string) => {
      const resolved = nodeRequire.resolve(request);
      return this.isOwnFile(resolved) ? this.load(resolved) : nodeRequire(request);
    }, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: undefined, extensions: nodeRequire.extensions });
    const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
    // `Function` compiles in the caller's realm: under a test runner's sandbox the handler then sees
    // the same globals (`process.env` included) as the code that loads it.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a module loader compiles module source on purpose
    const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', `${source}\n//# sourceURL=${pathToFileURL(file).href}`);
    wrapper.call(module.exports, module.exports, localRequire, module, file, path.dirname(file));
    module.loaded = true;
    return module.exports;
  }

  private isOwnFile(file: string): boolean {
    const relative = path.relative(this.root, file);
    return path.isAbsolute(file) && !relative.startsWith('..') && !path.isAbsolute(relative)
      && !relative.split(path.sep).includes('node_modules') && /\.(c?js|json)$/.test(file);
  }
}

function resolveHandlerFile(handlerPath: string): string {
  const absolute = path.resolve(handlerPath);
  if (!existsSync(absolute)) {
    throw new HandlerLoadError(`handler ${absolute} does not exist: give a directory containing index.js, or a .js file`);
  }
  const file = statSync(absolute).isDirectory() ? path.join(absolute, 'index.js') : absolute;
  if (!existsSync(file)) {
    const other = ['index.mjs', 'index.ts', 'index.mts'].find((name) => existsSync(path.join(absolute, name)));
    throw new HandlerLoadError(`handler directory ${absolute} has no index.js${other ? ` but ${other}: ${BUNDLING_HINT}` : ''}`);
  }
  return file;
}

