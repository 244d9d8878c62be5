// Runs in a fresh `node` process: loads a handler bundle, plays the first `steps` events of a
// dial-in through it, and reports the timings.
import { failProbe, sendReport } from './probe-report';
import { DialInCall, DialInResponse, actionTypes } from '../dial-in/dial-in-events';

/** What the cold-start probe reports. */
export interface ColdStartReport {
  /** From before `require(handler)` to each response, in ms. */
  readonly sinceRequireMs: readonly number[];
  /** From the process's time origin (its start) to the last response, in ms. */
  readonly sinceProcessStartMs: number;
  /** The action types of each response. */
  readonly actionTypes: readonly string[];
}

async function main(): Promise<void> {
  const [handlerFile, stepsText, transactionId, pin] = process.argv.slice(2);
  const start = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(handlerFile) as { handler: (event: unknown) => Promise<DialInResponse> };
  const call = new DialInCall(transactionId, pin);
  const sinceRequireMs: number[] = [];
  const types: string[] = [];
  let previous: DialInResponse | undefined;
  for (let step = 0; step < Number(stepsText); step++) {
    previous = await handler(call.event(step, previous));
    sinceRequireMs.push(performance.now() - start);
    types.push(actionTypes(previous));
  }
  const report: ColdStartReport = { sinceRequireMs, sinceProcessStartMs: performance.now(), actionTypes: types };
  sendReport(report);
}

main().catch(failProbe);
