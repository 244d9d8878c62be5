import * as fs from 'fs';
import * as path from 'path';
import { BENCH_AWS_ENVIRONMENT } from './local-backends';
import { HandlerConfig, renderHandlerEnvironment } from '../../src/private/handler-environment';
import { bundleLambda } from '../bundle';
import { BENCH_WORK_DIR, FIXTURES_DIR, LIBRARY_HANDLER_BUNDLE } from '../paths';

/** The handlers the dial-in cases compare, as bundled `index.js` files. */
export interface DialInHandlerBundles {
  /** The meeting-join handler `MeetingDialIn` deploys (SDK clients loaded on first use). */
  readonly library: string;
  /** The baseline: the same flow with both SDK clients imported and created at module load. */
  readonly naive: string;
  /** The floor: a handler that returns `{}`. */
  readonly empty: string;
}

let bundles: Promise<DialInHandlerBundles> | undefined;

/**
 * The three handler bundles. The library's is the `bundle` task's output; the two baselines are
 * bundled here, once per run, with the same esbuild options.
 */
export function dialInHandlerBundles(): Promise<DialInHandlerBundles> {
  bundles ??= (async () => {
    if (!fs.existsSync(LIBRARY_HANDLER_BUNDLE)) {
      throw new Error(`${LIBRARY_HANDLER_BUNDLE} is missing: run the bundle task first (npm run bench does)`);
    }
    const [naive, empty] = await Promise.all([
      bundleLambda(path.join(FIXTURES_DIR, 'naive-dial-in-handler.ts'), path.join(BENCH_WORK_DIR, 'naive-dial-in-handler')),
      bundleLambda(path.join(FIXTURES_DIR, 'empty-handler.ts'), path.join(BENCH_WORK_DIR, 'empty-handler')),
    ]);
    return { library: LIBRARY_HANDLER_BUNDLE, naive, empty };
  })();
  return bundles;
}

/**
 * The environment a deployed handler sees, pointed at local servers: the configuration variable
 * `MeetingDialIn` writes, its Powertools settings, and static AWS credentials and region.
 */
export function handlerEnvironment(config: HandlerConfig): Record<string, string> {
  return {
    ...BENCH_AWS_ENVIRONMENT,
    ...renderHandlerEnvironment(config),
    POWERTOOLS_SERVICE_NAME: 'bench-dial-in',
    POWERTOOLS_METRICS_NAMESPACE: 'CdkChimeMeetingDialInBench',
  };
}
