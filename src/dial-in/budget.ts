/**
 * Where the call flow reads the time and gets timeouts from. Real Lambda invocations use the
 * system clock; the simulator's tests pass a virtual one so that budgets hold on virtual time.
 */
export interface CallFlowClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A signal that aborts after `ms` milliseconds on this clock. */
  timeout(ms: number): AbortSignal;
}

/** The wall clock. */
export const SYSTEM_CLOCK: CallFlowClock = {
  now: () => Date.now(),
  timeout: (ms) => AbortSignal.timeout(Math.max(0, ms)),
};

/** Thrown when an event's time budget is spent before its work is done. */
export class BudgetExceededError extends Error {
  constructor(operation: string) {
    super(`the event's time budget ran out before ${operation}`);
    this.name = 'BudgetExceededError';
  }
}

/**
 * The time one invocation may spend. The SIP media application retries an invocation that takes
 * longer than 5 s (docs/sma-model.md#invocation-timing), so every AWS call is bounded by its own timeout and by what is
 * left of the event's budget, keeping time back for the answer.
 */
export class EventBudget {
  private readonly deadline: number;

  constructor(private readonly clock: CallFlowClock, budgetMs: number, private readonly callTimeoutMs: number) {
    this.deadline = clock.now() + budgetMs;
  }

  /** Milliseconds left. */
  public remaining(): number {
    return this.deadline - this.clock.now();
  }

  /**
   * The abort signal for one AWS call: the call timeout or what is left of the budget, whichever
   * is shorter.
   * @throws BudgetExceededError when nothing is left
   */
  public signalFor(operation: string): AbortSignal {
    const remaining = this.remaining();
    if (remaining <= 0) {
      throw new BudgetExceededError(operation);
    }
    return this.clock.timeout(Math.min(this.callTimeoutMs, remaining));
  }
}
