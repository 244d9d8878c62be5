// Runs in a `node` process: loads a handler bundle, plays calls whose caller enters a wrong PIN, and
// reports the latency of the failed-PIN step of the recorded ones (the first ones warm it up).
import { failProbe, sendReport } from './probe-report';
import { DialInCall, DialInResponse, actionTypes } from '../dial-in/dial-in-events';

/** What the failed-PIN probe reports. */
export interface FailedPinReport {
  /** The latency of each recorded failed-PIN step, in ms. */
  readonly latenciesMs: readonly number[];
  /** The action types of the last failed-PIN step's answer. */
  readonly actionTypes: readonly string[];
}

async function main(): Promise<void> {
  const [handlerFile, warmupText, callsText, transactionPrefix, wrongPin] = process.argv.slice(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(handlerFile) as { handler: (event: unknown) => Promise<DialInResponse> };
  const warmup = Number(warmupText);
  const latenciesMs: number[] = [];
  let types: string[] = [];
  for (let index = 0; index < warmup + Number(callsText); index++) {
    const call = new DialInCall(`${transactionPrefix}-${index}`, wrongPin);
    const prompt = await handler(call.event(0));
    const event = call.event(1, prompt);
    const start = performance.now();
    const answer = await handler(event);
    const latency = performance.now() - start;
    if (index >= warmup) {
      latenciesMs.push(latency);
    }
    types = [actionTypes(answer)];
  }
  sendReport({ latenciesMs, actionTypes: types } satisfies FailedPinReport);
}

main().catch(failProbe);
