// Runs in a `node` process: loads a handler bundle, plays whole dial-ins through it back to back,
// and reports the latency of every step of the recorded ones (the first ones warm it up).
import { failProbe, sendReport } from './probe-report';
import { DIAL_IN_STEPS, DialInCall, DialInResponse, actionTypes } from '../dial-in/dial-in-events';

/** What the warm-steps probe reports. */
export interface WarmStepsReport {
  /** Per step of DIAL_IN_STEPS, the latency of each recorded call, in ms. */
  readonly stepLatenciesMs: ReadonlyArray<readonly number[]>;
  /** The action types of each response of the last call. */
  readonly actionTypes: readonly string[];
}

async function main(): Promise<void> {
  const [handlerFile, warmupText, callsText, transactionPrefix, pin] = process.argv.slice(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(handlerFile) as { handler: (event: unknown) => Promise<DialInResponse> };
  const warmup = Number(warmupText);
  const stepLatenciesMs: number[][] = DIAL_IN_STEPS.map(() => []);
  let types: string[] = [];
  for (let index = 0; index < warmup + Number(callsText); index++) {
    const call = new DialInCall(`${transactionPrefix}-${index}`, pin);
    types = [];
    let previous: DialInResponse | undefined;
    for (let step = 0; step < DIAL_IN_STEPS.length; step++) {
      const event = call.event(step, previous);
      const start = performance.now();
      previous = await handler(event);
      const latency = performance.now() - start;
      if (index >= warmup) {
        stepLatenciesMs[step].push(latency);
      }
      types.push(actionTypes(previous));
    }
  }
  const report: WarmStepsReport = { stepLatenciesMs, actionTypes: types };
  sendReport(report);
}

main().catch(failProbe);
