import type { ServiceModel } from './service-model';

/**
 * What goes wrong:
 * - `throttle`: the service's throttling error (`ThrottlingException` for Meetings, `ThrottledClientException` for Voice), 429;
 * - `server-error`: `ServiceFailureException`, 500;
 * - `unavailable`: `ServiceUnavailableException`, 503;
 * - `latency`: the answer is held back for `latencyMs`, then the request is served normally;
 * - `error`: any other error the operation declares, named by `errorType`.
 */
export type FaultKind = 'throttle' | 'server-error' | 'unavailable' | 'latency' | 'error';

/** A fault to inject into one operation (or every operation, `'*'`). */
export interface FaultSpec {
  /** What goes wrong. */
  readonly kind: FaultKind;
  /**
   * How many matching requests it hits; afterwards the operation works again ("N failures then
   * success"). Default: every matching request until the fault is cancelled or cleared.
   */
  readonly times?: number;
  /** `latency` only: how long the answer is held back, in milliseconds. */
  readonly latencyMs?: number;
  /**
   * `latency` only: wait real milliseconds instead of virtual ones. Default `false`: the answer is
   * sent once the fake's clock has been advanced by `latencyMs`; until then the request hangs,
   * which is how a test exercises its client-side timeouts.
   */
  readonly realTime?: boolean;
  /** `error` only: the exception name, one the operation declares in the model (e.g. `ForbiddenException`). */
  readonly errorType?: string;
  /** The error message; a default names the injected fault. */
  readonly message?: string;
  /** Sent as the `Retry-After` header on the error. Leave unset in tests: the SDK honours it and waits. */
  readonly retryAfterSeconds?: number;
}

/** A fault that was injected, to inspect or cancel. */
export interface InjectedFault {
  /** The operation name, or `'*'` for every operation. */
  readonly operation: string;
  /** The fault as injected. */
  readonly spec: FaultSpec;
  /** How many requests it has hit so far. */
  readonly hits: number;
  /** How many more requests it will hit (`Infinity` until cancelled). */
  readonly remaining: number;
  /** Stops the fault from hitting further requests. */
  cancel(): void;
}

/** A fault resolved for one request: the error to answer, or the latency to add. */
export interface TriggeredFault {
  /** The fault kind. */
  readonly kind: FaultKind;
  /** The exception name to answer with; absent for `latency`. */
  readonly errorType?: string;
  /** The error message. */
  readonly message: string;
  /** The `Retry-After` header value, if any. */
  readonly retryAfterSeconds?: number;
  /** The latency to add, for `latency`. */
  readonly latencyMs: number;
  /** Whether the latency is real time. */
  readonly realTime: boolean;
}

const KIND_ERRORS: Readonly<Record<Exclude<FaultKind, 'latency' | 'error'>, readonly string[]>> = {
  'throttle': ['ThrottlingException', 'ThrottledClientException'],
  'server-error': ['ServiceFailureException'],
  'unavailable': ['ServiceUnavailableException'],
};

/** Per-operation fault injection for a fake service. Faults hit requests in the order they were injected. */
export class FaultInjector {
  private readonly faults: FaultRecord[] = [];

  /** @param model the service model, to check operation and error names at injection time */
  constructor(private readonly model: ServiceModel) {}

  /**
   * Makes `operation` fail (or slow down) as `spec` says.
   * @param operation an operation name of the service, or `'*'` for all of them
   * @param spec what goes wrong and how often
   * @returns a handle to inspect or cancel the fault
   */
  public inject(operation: string, spec: FaultSpec): InjectedFault {
    this.checkSpec(operation, spec);
    const record = new FaultRecord(operation, spec, spec.times ?? Infinity);
    this.faults.push(record);
    return record;
  }

  /** Removes every fault of `operation`, or every fault when no operation is given. */
  public clear(operation?: string): void {
    for (const fault of this.faults) {
      if (operation === undefined || fault.operation === operation) {
        fault.cancel();
      }
    }
    this.prune();
  }

  /** The faults that will still hit requests. */
  public active(): InjectedFault[] {
    this.prune();
    return [...this.faults];
  }

  /**
   * Consumes the first fault that applies to a request of `operation`.
   * Used by the fake's HTTP server once per request.
   */
  public take(operation: string): TriggeredFault | undefined {
    this.prune();
    const fault = this.faults.find((candidate) => candidate.operation === operation || candidate.operation === '*');
    if (!fault) {
      return undefined;
    }
    fault.hit();
    const { spec } = fault;
    return {
      kind: spec.kind,
      errorType: spec.kind === 'latency' ? undefined : this.errorTypeFor(operation, spec),
      message: spec.message ?? `Injected ${spec.kind} fault on ${operation}`,
      retryAfterSeconds: spec.retryAfterSeconds,
      latencyMs: spec.latencyMs ?? 0,
      realTime: spec.realTime ?? false,
    };
  }

  private errorTypeFor(operation: string, spec: FaultSpec): string {
    if (spec.kind === 'error') {
      return spec.errorType!;
    }
    const candidates = KIND_ERRORS[spec.kind as keyof typeof KIND_ERRORS];
    const declared = this.model.operations[operation]?.errors ?? [];
    return candidates.find((name) => declared.includes(name))
      ?? candidates.find((name) => this.model.errors[name] !== undefined)
      ?? 'ServiceFailureException';
  }

  private checkSpec(operation: string, spec: FaultSpec): void {
    const where = `FaultInjector.inject(${JSON.stringify(operation)})`;
    if (operation !== '*' && !this.model.operations[operation]) {
      throw new Error(`${where}: ${this.model.serviceId} has no operation ${operation}; known: ${Object.keys(this.model.operations).join(', ')}`);
    }
    if (spec.times !== undefined && !(spec.times === Infinity || (Number.isInteger(spec.times) && spec.times >= 1))) {
      throw new RangeError(`${where}: times must be a positive integer, got ${spec.times}`);
    }
    if (spec.kind === 'latency') {
      if (spec.latencyMs === undefined || !(spec.latencyMs >= 0)) {
        throw new RangeError(`${where}: a latency fault needs latencyMs >= 0`);
      }
      return;
    }
    if (spec.kind === 'error') {
      const errorType = spec.errorType;
      if (errorType === undefined) {
        throw new Error(`${where}: an error fault needs errorType`);
      }
      const declaredBy = operation === '*' ? Object.keys(this.model.errors) : this.model.operations[operation].errors;
      if (!declaredBy.includes(errorType)) {
        throw new Error(`${where}: ${errorType} is not an error the operation declares; declared: ${declaredBy.join(', ')}`);
      }
      return;
    }
    if (!(spec.kind in KIND_ERRORS)) {
      throw new Error(`${where}: unknown fault kind ${String(spec.kind)}`);
    }
  }

  private prune(): void {
    for (let i = this.faults.length - 1; i >= 0; i--) {
      if (this.faults[i].remaining <= 0) {
        this.faults.splice(i, 1);
      }
    }
  }
}

class FaultRecord implements InjectedFault {
  public hits = 0;

  constructor(public readonly operation: string, public readonly spec: FaultSpec, public remaining: number) {}

  public hit(): void {
    this.hits += 1;
    this.remaining -= 1;
  }

  public cancel(): void {
    this.remaining = 0;
  }
}
