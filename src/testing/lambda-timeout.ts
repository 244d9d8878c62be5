/**
 * The registered symbol under which the simulator puts, on the Lambda context it passes a handler,
 * a timer on its virtual clock. `Symbol.for` makes every copy of this module (a bundled handler
 * carries its own) agree on it.
 */
export const SIMULATOR_TIMEOUT = Symbol.for('cdk-chime-meeting-dialin.simulator.timeout');

/** The part of a Lambda context {@link timeoutSignal} reads. */
export interface TimedContext {
  /** Milliseconds left before the function times out. */
  getRemainingTimeInMillis(): number;
}

/**
 * An AbortSignal that aborts `ms` milliseconds from now on the clock of the invocation: the
 * simulator's virtual clock under `SmaSimulator` and `cdk-chime-meeting-dialin simulate`, the
 * system clock in Lambda (`AbortSignal.timeout`). Give it to the AWS SDK calls a handler bounds
 * itself (`client.send(command, { abortSignal: timeoutSignal(context, 1_500) })`), so that the
 * deadline fires under the simulator's latency faults as it would in Lambda: a timer on the system
 * clock never fires while virtual time passes, and the SMA's 5 s retry comes first.
 * @param context the Lambda context the handler was invoked with
 * @param ms how long until the signal aborts, in milliseconds
 */
export function timeoutSignal(context: TimedContext | undefined, ms: number): AbortSignal {
  const timer = (context as { [SIMULATOR_TIMEOUT]?: (ms: number) => AbortSignal } | undefined)?.[SIMULATOR_TIMEOUT];
  return typeof timer === 'function' ? timer(Math.max(0, ms)) : AbortSignal.timeout(Math.max(0, ms));
}
