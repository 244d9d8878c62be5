import { randomUUID } from 'crypto';
import type { ColdStartReport } from './cold-start-probe';
import { HandlerProbe } from './compare-handlers';
import { runProbe } from './run-probe';
import { BENCH_PIN } from '../dial-in/local-backends';

export type { ColdStartReport } from './cold-start-probe';

/**
 * A probe that starts the handler cold in a fresh `node` process and plays the first `steps`
 * events of a dial-in (1: to the first prompt; 3: joined) with a new TransactionId.
 */
export function coldStart(steps: number): HandlerProbe<ColdStartReport> {
  return (handlerFile, env) => runProbe<ColdStartReport>('cold-start-probe', [handlerFile, String(steps), randomUUID(), BENCH_PIN], env);
}
