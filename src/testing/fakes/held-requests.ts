/** A request a fake holds back until its clock reaches a deadline (a virtual `latency` fault). */
export interface HeldRequest {
  /** The operation the request called. */
  readonly operation: string;
  /** The virtual time (ms since the epoch) at which the fake answers it. */
  readonly until: number;
}

/**
 * The requests a fake currently holds on its clock. A request stops counting as held when its
 * deadline passes or when its client goes away, so that a driver that advances the clock "while a
 * request is held" does not keep advancing for a client that has already given up.
 */
export class HeldRequests {
  private readonly held = new Set<HeldRequest>();
  private readonly listeners = new Set<(request: HeldRequest) => void>();

  /**
   * Records a held request and tells the listeners.
   * @returns a function that releases it (idempotent)
   */
  public hold(operation: string, until: number): () => void {
    const request: HeldRequest = { operation, until };
    this.held.add(request);
    for (const listener of [...this.listeners]) {
      listener(request);
    }
    return () => {
      this.held.delete(request);
    };
  }

  /** The requests held now, in the order they were held. */
  public list(): HeldRequest[] {
    return [...this.held];
  }

  /** How many requests are held now. */
  public get size(): number {
    return this.held.size;
  }

  /**
   * Calls `listener` whenever a request starts being held.
   * @returns a function that removes the listener
   */
  public onHold(listener: (request: HeldRequest) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
