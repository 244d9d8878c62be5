import { FaultInjector } from './fault-injector';
import { HeldRequests } from './held-requests';
import type { HeldRequest } from './held-requests';
import { RestJsonServer, regionalEndpointPath } from './http-server';
import type { OperationHandler, ReceivedRequest } from './http-server';
import { SeededIds } from './ids';
import { RequestLog } from './request-log';
import type { ServiceModel } from './service-model';
import { VirtualClock } from './virtual-clock';
import type { Clock } from './virtual-clock';

/** Options every fake service takes. */
export interface FakeServiceOptions {
  /** The time source; share one between the fakes and the simulator. Default: a new {@link VirtualClock}. */
  readonly clock?: Clock;
  /** The seed of every identifier the fake makes; the same seed gives the same IDs. Default: 1. */
  readonly seed?: number | string;
  /** The Region in ARNs and the default media Region. Default: `us-east-1`. */
  readonly region?: string;
  /** The account ID in ARNs. Default: `111122223333`. */
  readonly accountId?: string;
}

/**
 * What the fake services share: an HTTP server on 127.0.0.1 that speaks the service's rest-json
 * protocol, fault injection, a request log, a clock and seeded identifiers.
 */
export abstract class FakeService {
  /** The fake's clock. Advancing it applies timeouts (meeting idle end, order processing, ...). */
  public readonly clock: Clock;
  /** Per-operation fault injection, e.g. `faults.inject('CreateAttendee', { kind: 'throttle', times: 2 })`. */
  public readonly faults: FaultInjector;
  /** Every request the fake answered, for assertions. */
  public readonly requests = new RequestLog();
  /** The Region in ARNs. */
  public readonly region: string;
  /** The account ID in ARNs. */
  public readonly accountId: string;
  /** The identifier source; each kind of ID takes its own stream. */
  protected readonly ids: SeededIds;
  private server?: RestJsonServer;
  private applyingTime = false;
  private readonly held = new HeldRequests();
  private readonly receivedListeners = new Set<(request: ReceivedRequest) => void>();

  /**
   * @param model the service model the fake serves
   * @param options clock, seed, Region and account
   */
  protected constructor(private readonly model: ServiceModel, options: FakeServiceOptions) {
    this.clock = options.clock ?? new VirtualClock();
    this.ids = new SeededIds(options.seed);
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '111122223333';
    this.faults = new FaultInjector(model);
    this.clock.onAdvance(() => this.catchUpWithClock());
  }

  /** The base URL to pass as the SDK client's `endpoint`. Throws before {@link start}. */
  public get endpoint(): string {
    if (!this.server) {
      throw new Error(`The fake ${this.model.serviceId} service is not started: call start() first`);
    }
    return this.server.endpoint;
  }

  /**
   * The endpoint that stands for one Region, as `https://<service>.<region>.amazonaws.com` does: a
   * request sent there belongs to `region` whatever Region the client signs for. Throws before {@link start}.
   */
  public endpointFor(region: string): string {
    return `${this.endpoint}${regionalEndpointPath(region)}`;
  }

  /** Starts the HTTP server on 127.0.0.1 at a random port. @returns the endpoint URL */
  public async start(): Promise<string> {
    this.server ??= new RestJsonServer({
      model: this.model,
      handlers: this.operationHandlers(),
      clock: this.clock,
      requestIds: this.ids.stream('request'),
      faults: this.faults,
      log: this.requests,
      redactedOutputMembers: this.redactedOutputMembers(),
      beforeEachRequest: () => this.catchUpWithClock(),
      heldRequests: this.held,
      onRequestReceived: (request) => [...this.receivedListeners].forEach((listener) => listener(request)),
    });
    return this.server.start();
  }

  /**
   * The requests a virtual `latency` fault holds right now, until the clock reaches their deadline
   * (or their client goes away). The simulator advances the clock while a request is held.
   */
  public heldRequests(): HeldRequest[] {
    return this.held.list();
  }

  /**
   * Calls `listener` whenever a virtual `latency` fault starts holding a request.
   * @returns a function that removes the listener
   */
  public onRequestHeld(listener: (request: HeldRequest) => void): () => void {
    return this.held.onHold(listener);
  }

  /**
   * Calls `listener` as each request arrives, before faults and latency apply: the simulator uses it to
   * tell which call sent a request whose answer comes late.
   * @returns a function that removes the listener
   */
  public onRequestReceived(listener: (request: ReceivedRequest) => void): () => void {
    this.receivedListeners.add(listener);
    return () => {
      this.receivedListeners.delete(listener);
    };
  }

  /** Stops the HTTP server and closes every connection. The fake's state stays. */
  public async stop(): Promise<void> {
    await this.server?.stop();
  }

  /**
   * Applies everything that is due at the clock's current time. Runs on every clock advance,
   * before every request and before every programmatic query, so the state never lags the clock.
   * Listeners that the catch-up notifies may call back into the fake; they see the state as of now.
   */
  protected catchUpWithClock(): void {
    if (this.applyingTime) {
      return;
    }
    this.applyingTime = true;
    try {
      this.applyTime(this.clock.now());
    } finally {
      this.applyingTime = false;
    }
  }

  /** One handler per operation of the model. */
  protected abstract operationHandlers(): Record<string, OperationHandler>;

  /** Applies what is due at `now`: ends, expiries, completions. */
  protected abstract applyTime(now: number): void;

  /** Response members whose values the request log hides. */
  protected redactedOutputMembers(): readonly string[] {
    return [];
  }
}
