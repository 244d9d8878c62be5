import { randomUUID } from 'crypto';
import { HandlerProbe } from './compare-handlers';
import { runProbe } from './run-probe';
import type { WarmStepsReport } from './warm-steps-probe';
import { BENCH_PIN } from '../dial-in/local-backends';

export type { WarmStepsReport } from './warm-steps-probe';

/**
 * A probe that loads the handler in a `node` process, plays `warmup` whole dial-ins back to back,
 * then records the latency of every step of `calls` more (each call with its own TransactionId).
 */
export function warmSteps(warmup: number, calls: number): HandlerProbe<WarmStepsReport> {
  return (handlerFile, env) => runProbe<WarmStepsReport>('warm-steps-probe', [handlerFile, String(warmup), String(calls), randomUUID(), BENCH_PIN], env);
}
