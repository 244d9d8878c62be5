import type { SmaEvent } from '../../sma';
import type { HeldRequest, JsonValue, VirtualClock } from '../fakes';
import type { SimulatedLambdaContext, SmaHandlerFunction } from './handler-loader';
import type { HeldRequestWatcher } from './held-request-watcher';
import type { SimulatorSettings } from './settings';
import type { ViolationRule } from './violations';

/** What an invocation needs from the simulator. */
export interface InvocationContext {
  /** The shared virtual clock. */
  readonly clock: VirtualClock;
  /** Timeouts and retry rules. */
  readonly settings: SimulatorSettings;
  /** Requests the fakes hold on the clock. */
  readonly holds: HeldRequestWatcher;
  /** The handler under test. */
  readonly handler: SmaHandlerFunction;
  /** A Lambda context for one attempt. */
  lambdaContext(attemptStartedAt: number): SimulatedLambdaContext;
}

/** What an invocation reports back to its call. */
export interface InvocationCallbacks {
  /**
   * Builds (and records) the event of attempt 1 or of the retry; `undefined` when the call may not
   * be invoked again (the invocation limit).
   */
  startAttempt(attempt: number): SmaEvent | undefined;
  /** Records a broken rule. */
  violation(rule: ViolationRule, message: string): void;
  /** Records that the SMA invokes again. */
  retrying(reason: 'error' | 'timeout'): void;
}

/** How an invocation ended. */
export type InvocationOutcome =
  | {
    /** The handler answered in time. */
    readonly kind: 'answered';
    /** The response as the SMA receives it (JSON round trip, as Lambda sends it). */
    readonly response: JsonValue;
    /** Which attempt answered. */
    readonly attempt: number;
    /** The Sequence of the answered event. */
    readonly sequence: number;
    /** Virtual milliseconds since the first attempt started. */
    readonly tookMs: number;
  }
  | {
    /** The SMA gave up on the call. */
    readonly kind: 'gave-up';
    /** `lambda-error`: the retry failed too; `lambda-timeout`: no answer in 20 s; `invocation-limit`: no invocation left. */
    readonly reason: 'lambda-error' | 'lambda-timeout' | 'invocation-limit';
  };

interface Attempt {
  readonly number: number;
  readonly event: SmaEvent;
  /** Requests already held when the attempt started: they belong to something else. */
  readonly foreignHolds: ReadonlySet<HeldRequest>;
  readonly done: Promise<void>;
  result?: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };
}

/** Turns of the event loop given to a handler after each clock step before stepping again. */
const SETTLE_TURNS = 50;

/**
 * Invokes the handler for one event as the SMA does (docs/sma-model.md#invocation-timing):
 * - the invocation takes the virtual time that passes while it runs. The clock moves only while one
 *   of the fakes holds a request of this attempt on it (a virtual latency fault); it then steps from
 *   deadline to deadline (the clock's sleepers, the held requests, the 5 s retry and the 20 s
 *   hang-up), so a handler's own earlier virtual timeout fires first. Real I/O never moves it;
 * - no answer after `retryAfterMs` (5 s): the SMA invokes again with the same event (Sequence per
 *   `settings.retrySequence`) and ignores the late answer;
 * - a handler that throws, rejects or returns something that is not JSON: invoked again at once;
 * - one retry per event: a second failure ends the call (SIP 480), and no answer `hangupAfterMs`
 *   (20 s) after the first attempt hangs up.
 *
 * The handler gets a deep copy of the event, so it cannot change what the simulator recorded.
 */
export async function invokeHandler(context: InvocationContext, callbacks: InvocationCallbacks): Promise<InvocationOutcome> {
  const { clock, settings, holds } = context;
  const startedAt = clock.now();
  const retryAt = startedAt + settings.retryAfterMs;
  const giveUpAt = startedAt + settings.hangupAfterMs;
  let retried = false;

  const start = (number: number): Attempt | undefined => {
    const event = callbacks.startAttempt(number);
    return event && runAttempt(context, number, event, holds.snapshot());
  };
  const retry = (reason: 'error' | 'timeout'): Attempt | undefined => {
    retried = true;
    callbacks.retrying(reason);
    return start(2);
  };

  let attempt = start(1);
  while (attempt) {
    while (!attempt.result && !holds.holdsBeyond(attempt.foreignHolds)) {
      await holds.untilSettledOrHeld(attempt.done);
    }
    const result = attempt.result;
    if (result?.ok) {
      const response = toWire(result.value);
      if (response.ok) {
        return { kind: 'answered', response: response.value, attempt: attempt.number, sequence: attempt.event.Sequence, tookMs: clock.now() - startedAt };
      }
      callbacks.violation('handler-error', `the handler returned a value Lambda cannot send as JSON: ${response.error}`);
    } else if (result) {
      callbacks.violation('handler-error', `the handler failed: ${describeError(result.error)}`);
    }
    if (result) {
      if (retried) {
        return { kind: 'gave-up', reason: 'lambda-error' };
      }
      attempt = retry('error');
      continue;
    }
    // A request of this attempt is held on the clock: move to the next deadline.
    const deadlines = [clock.nextDeadline(), ...holds.held().map((request) => request.until), giveUpAt, retried ? undefined : retryAt];
    const next = Math.min(...deadlines.filter((deadline): deadline is number => deadline !== undefined));
    if (next > clock.now()) {
      clock.advanceTo(next);
    }
    await settleAfterStep(attempt, holds);
    if (attempt.result) {
      continue;
    }
    if (clock.now() >= giveUpAt) {
      callbacks.violation('lambda-timeout', `no response within ${settings.hangupAfterMs} ms: the SMA hangs up`);
      return { kind: 'gave-up', reason: 'lambda-timeout' };
    }
    if (!retried && clock.now() >= retryAt) {
      callbacks.violation('response-time', `no response within ${settings.retryAfterMs} ms: the SMA invokes again and ignores the late response. `
        + 'A handler that bounds its own calls must time them on the invocation\'s clock, which is virtual here: '
        + 'timeoutSignal(context, ms) from cdk-chime-meeting-dialin/testing, not setTimeout or AbortSignal.timeout');
      attempt = retry('timeout');
    }
  }
  return { kind: 'gave-up', reason: 'invocation-limit' };
}

function runAttempt(context: InvocationContext, number: number, event: SmaEvent, foreignHolds: ReadonlySet<HeldRequest>): Attempt {
  let returned: unknown;
  let threw: { error: unknown } | undefined;
  try {
    returned = context.handler(structuredClone(event), context.lambdaContext(context.clock.now()));
  } catch (error) {
    threw = { error };
  }
  if (threw) {
    return { number, event, foreignHolds, done: Promise.resolve(), result: { ok: false, error: threw.error } };
  }
  if (!isThenable(returned)) {
    return { number, event, foreignHolds, done: Promise.resolve(), result: { ok: true, value: returned } };
  }
  const attempt: Attempt = {
    number,
    event,
    foreignHolds,
    done: Promise.resolve(returned).then(
      (value) => { attempt.result = { ok: true, value }; },
      (error: unknown) => { attempt.result = { ok: false, error }; },
    ),
  };
  return attempt;
}

/**
 * Lets the handler react to a clock step (a timeout of its own firing, say) before the next step:
 * while a request of this attempt is still held, give it a few turns of the event loop.
 */
async function settleAfterStep(attempt: Attempt, holds: HeldRequestWatcher): Promise<void> {
  for (let turn = 0; turn < SETTLE_TURNS && !attempt.result && holds.holdsBeyond(attempt.foreignHolds); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The value as JSON carries it: what Lambda sends the SMA (`undefined` becomes `null`). */
function toWire(value: unknown): { ok: true; value: JsonValue } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(JSON.stringify(value) ?? 'null') as JsonValue };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
