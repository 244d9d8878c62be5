/**
 * The time source of the fakes. Time moves only when a test (or the simulator) advances it, so
 * timeouts of minutes or days run in no real time and every run sees the same timestamps.
 */
export interface Clock {
  /** The current time, in milliseconds since the Unix epoch. */
  now(): number;
  /** Moves the time forward by `ms` milliseconds and tells every listener. */
  advance(ms: number): void;
  /**
   * Calls `listener` with the new time after every advance.
   * @returns a function that removes the listener
   */
  onAdvance(listener: (now: number) => void): () => void;
}

/** 2025-01-01T00:00:00.000Z: a fixed start, so that timestamps in transcripts are reproducible. */
export const DEFAULT_CLOCK_START_MS = Date.UTC(2025, 0, 1);

/** A pending {@link VirtualClock.sleep}. */
interface Sleeper {
  readonly wakeAt: number;
  /** Breaks ties between sleepers due at the same instant: the earlier sleep wakes first. */
  readonly order: number;
  readonly wake: () => void;
}

/** A {@link Clock} that only moves when told to. Uses no real timers. */
export class VirtualClock implements Clock {
  private currentMs: number;
  private readonly listeners = new Set<(now: number) => void>();
  private readonly sleepers = new Set<Sleeper>();
  private sleepCount = 0;

  /** @param startMs the initial time in milliseconds since the Unix epoch */
  constructor(startMs: number = DEFAULT_CLOCK_START_MS) {
    assertFiniteTime(startMs, 'startMs');
    this.currentMs = startMs;
  }

  /** The current virtual time in milliseconds since the Unix epoch. */
  public now(): number {
    return this.currentMs;
  }

  /**
   * Moves the virtual time forward and then calls the listeners in registration order.
   * @param ms how far to move, zero or more milliseconds
   */
  public advance(ms: number): void {
    assertFiniteTime(ms, 'ms');
    if (ms < 0) {
      throw new RangeError(`VirtualClock.advance: time cannot go back (ms = ${ms})`);
    }
    this.currentMs += ms;
    const now = this.currentMs;
    for (const listener of [...this.listeners]) {
      listener(now);
    }
    this.wakeSleepers(now);
  }

  /** Moves the virtual time forward to `timeMs`; a time in the past is an error. */
  public advanceTo(timeMs: number): void {
    this.advance(timeMs - this.currentMs);
  }

  /** @inheritdoc */
  public onAdvance(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Resolves once the virtual time has reached `now() + ms`, i.e. after somebody advanced it that far.
   * Never resolves on its own. Sleepers due at the same advance wake in deadline order, then in the
   * order they started sleeping.
   * @param ms how long to sleep in virtual time; `<= 0` resolves at once
   * @param signal rejects the sleep with the signal's reason when aborted, and forgets its deadline
   */
  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    if (ms <= 0) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.sleepers.delete(sleeper);
        reject(signal?.reason);
      };
      const sleeper: Sleeper = {
        wakeAt: this.currentMs + ms,
        order: this.sleepCount++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.add(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The earliest instant a pending {@link sleep} (or {@link sleepOn} on this clock, which includes the
   * fakes' virtual latency) wakes at, or `undefined` when nothing sleeps. Lets a driver advance the
   * clock from deadline to deadline, so that an earlier timeout fires before a later one.
   */
  public nextDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const sleeper of this.sleepers) {
      if (earliest === undefined || sleeper.wakeAt < earliest) {
        earliest = sleeper.wakeAt;
      }
    }
    return earliest;
  }

  private wakeSleepers(now: number): void {
    if (this.sleepers.size === 0) {
      return;
    }
    const due = [...this.sleepers].filter((sleeper) => sleeper.wakeAt <= now);
    due.sort((a, b) => a.wakeAt - b.wakeAt || a.order - b.order);
    for (const sleeper of due) {
      this.sleepers.delete(sleeper);
      sleeper.wake();
    }
  }
}

/**
 * Resolves once `clock` has reached its current time plus `ms`. Resolves at once for `ms <= 0`.
 * @param clock the clock to wait on
 * @param ms how long to wait in the clock's time
 */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  if (clock instanceof VirtualClock) {
    return clock.sleep(ms);
  }
  const wakeAt = clock.now() + ms;
  if (ms <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const unsubscribe = clock.onAdvance((now) => {
      if (now >= wakeAt) {
        unsubscribe();
        resolve();
      }
    });
  });
}

function assertFiniteTime(value: number, name: string): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`VirtualClock: ${name} must be a finite number of milliseconds, got ${value}`);
  }
}
