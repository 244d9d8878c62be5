import { DialInHandlerBundles, dialInHandlerBundles, handlerEnvironment } from '../dial-in/handler-bundles';
import { startLocalBackends } from '../dial-in/local-backends';
import { collectAlternating, SampleOptions } from '../harness';

/** Runs one probe of a handler bundle, with the handler's environment, and returns its report. */
export type HandlerProbe<R> = (handlerFile: string, env: Readonly<Record<string, string>>) => Promise<R>;

/**
 * Runs `probe` on each of `handlers`, alternating between them, against local servers started
 * here (in this process). The attendees each run creates are removed between runs, outside the
 * timings.
 */
export async function compareHandlers<K extends keyof DialInHandlerBundles, R>(
  handlers: readonly K[],
  probe: HandlerProbe<R>,
  options: SampleOptions,
): Promise<Record<K, R[]>> {
  const bundles = await dialInHandlerBundles();
  const backends = await startLocalBackends();
  try {
    const env = handlerEnvironment(backends.config);
    const measure = (handler: K) => async () => {
      const report = await probe(bundles[handler], env);
      backends.removeAttendees();
      return report;
    };
    const measures = Object.fromEntries(handlers.map((handler) => [handler, measure(handler)])) as Record<K, () => Promise<R>>;
    return await collectAlternating(measures, options);
  } finally {
    await backends.stop();
  }
}

/**
 * Throws unless every report of both handlers lists the same action types: the comparison is only
 * fair between handlers that answer alike.
 */
export function requireSameAnswers(figure: ReadonlyArray<{ readonly actionTypes: readonly string[] }>, baseline: typeof figure): void {
  const expected = baseline[0]?.actionTypes.join(' / ');
  for (const report of [...figure, ...baseline]) {
    const actual = report.actionTypes.join(' / ');
    if (actual !== expected) {
      throw new Error(`the handlers answered differently: [${actual}] vs [${expected}]`);
    }
  }
}
