import type { HeldRequest } from '../fakes';

/** Something that holds requests on the virtual clock: a fake service, or the local DynamoDB's faults. */
export interface HeldRequestSource {
  /** The requests held now. */
  heldRequests(): HeldRequest[];
  /** Calls `listener` when a request starts being held; returns the function that removes it. */
  onRequestHeld(listener: (request: HeldRequest) => void): () => void;
}

const NONE: ReadonlySet<HeldRequest> = new Set();

/**
 * Watches the requests the fakes hold back on the virtual clock (virtual latency faults). The
 * simulator advances the clock during an invocation only while one is held, so that a handler
 * waiting on real I/O never sees virtual time jump.
 */
export class HeldRequestWatcher {
  private readonly unsubscribe: (() => void)[];
  private readonly waiters = new Set<() => void>();
  private holdCount = 0;

  /** @param sources the fakes whose held requests count */
  constructor(private readonly sources: readonly HeldRequestSource[]) {
    this.unsubscribe = sources.map((source) => source.onRequestHeld(() => {
      this.holdCount += 1;
      const waiters = [...this.waiters];
      this.waiters.clear();
      for (const wake of waiters) {
        wake();
      }
    }));
  }

  /** The requests held now; the same empty set when none is (the common case, without allocation). */
  public snapshot(): ReadonlySet<HeldRequest> {
    if (this.holdCount === 0) {
      return NONE;
    }
    const held = this.held();
    return held.length === 0 ? NONE : new Set(held);
  }

  /** Every request held now. */
  public held(): HeldRequest[] {
    return this.holdCount === 0 ? [] : this.sources.flatMap((source) => source.heldRequests());
  }

  /** Whether a request other than the `known` ones is held now. */
  public holdsBeyond(known: ReadonlySet<HeldRequest>): boolean {
    return this.held().some((request) => !known.has(request));
  }

  /**
   * Waits until `done` settles or a fake starts holding a request, whichever comes first; the
   * listener is removed either way, so nothing accumulates over many invocations.
   */
  public async untilSettledOrHeld(done: Promise<void>): Promise<void> {
    let wake: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.waiters.add(wake);
    try {
      await Promise.race([done, held]);
    } finally {
      this.waiters.delete(wake);
    }
  }

  /** Stops watching. */
  public dispose(): void {
    for (const unsubscribe of this.unsubscribe) {
      unsubscribe();
    }
    this.waiters.clear();
  }
}
