import type { FaultKind } from './fault-injector';
import type { JsonObject } from './json';

/** One request a fake service answered. */
export interface RequestLogEntry {
  /** 1 for the first request the fake received, then 2, 3, ... */
  readonly sequence: number;
  /** The operation, or `undefined` when no operation matched the method and path. */
  readonly operation?: string;
  /** The HTTP method. */
  readonly method: string;
  /** The request path with its query string. */
  readonly path: string;
  /** The parsed input (URI labels, query, headers and body members by model name); absent when it could not be parsed. */
  readonly input?: JsonObject;
  /** The HTTP status code of the answer. */
  readonly statusCode: number;
  /** The exception name of an error answer. */
  readonly errorType?: string;
  /** The message of an error answer. */
  readonly errorMessage?: string;
  /** The injected fault that shaped the answer, if any. */
  readonly fault?: FaultKind;
  /** The response body of a successful answer, with join tokens replaced by `<redacted>`. */
  readonly output?: JsonObject;
  /** The fake's (virtual) time when the request arrived, in milliseconds since the epoch. */
  readonly receivedAt: number;
}

/** The requests a fake service answered, in arrival order, for assertions. */
export class RequestLog {
  private readonly recorded: RequestLogEntry[] = [];
  private nextSequence = 1;

  /** Every request so far. */
  public entries(): readonly RequestLogEntry[] {
    return [...this.recorded];
  }

  /** The requests of one operation. */
  public forOperation(operation: string): RequestLogEntry[] {
    return this.recorded.filter((entry) => entry.operation === operation);
  }

  /** How many requests of `operation` (or in all) arrived. */
  public count(operation?: string): number {
    return operation === undefined ? this.recorded.length : this.forOperation(operation).length;
  }

  /** Forgets every request; sequence numbers keep counting. */
  public clear(): void {
    this.recorded.length = 0;
  }

  /** Reserves the next sequence number for a request that has just arrived. */
  public nextSequenceNumber(): number {
    return this.nextSequence++;
  }

  /** Adds an answered request, keeping arrival order when a delayed answer finishes after later ones. */
  public record(entry: RequestLogEntry): void {
    let index = this.recorded.length;
    while (index > 0 && this.recorded[index - 1].sequence > entry.sequence) {
      index -= 1;
    }
    this.recorded.splice(index, 0, entry);
  }
}
