import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeldRequests } from './fakes/held-requests';
import type { HeldRequest } from './fakes/held-requests';
import { sleepOn } from './fakes/virtual-clock';
import type { Clock } from './fakes/virtual-clock';

/**
 * What goes wrong with a DynamoDB request, with the errors DynamoDB answers
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html):
 * - `throttle`: `ThrottlingException`, 400 (the SDK retries it);
 * - `server-error`: `InternalServerError`, 500;
 * - `unavailable`: `ServiceUnavailable`, 503;
 * - `latency`: the request is held back for `latencyMs` on the clock, then served (even when its
 *   client has given up: DynamoDB still applies a write whose answer nobody reads).
 */
export type DynamoDbFaultKind = 'throttle' | 'server-error' | 'unavailable' | 'latency';

/** A fault of the local DynamoDB server. */
export interface DynamoDbFaultSpec {
  /** What goes wrong. */
  readonly kind: DynamoDbFaultKind;
  /** How many matching requests it hits. Default: every one until cancelled. */
  readonly times?: number;
  /** `latency` only: milliseconds on the clock (see {@link LocalDynamoDbFaults.useClock}). */
  readonly latencyMs?: number;
}

/** An injected DynamoDB fault. */
export interface InjectedDynamoDbFault {
  /** The operation (`GetItem`, `UpdateItem`, ...) or `'*'`. */
  readonly operation: string;
  /** How many requests it has hit. */
  readonly hits: number;
  /** Stops it. */
  cancel(): void;
}

const ERRORS: Readonly<Record<Exclude<DynamoDbFaultKind, 'latency'>, { readonly status: number; readonly type: string }>> = {
  'throttle': { status: 400, type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException' },
  'server-error': { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' },
  'unavailable': { status: 503, type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable' },
};

/**
 * Faults in front of a local DynamoDB-compatible server: a small HTTP proxy that answers some
 * requests with DynamoDB's errors, or holds them on a (virtual) clock, and passes the rest through.
 * Held requests are reported like the fakes' (`heldRequests`, `onRequestHeld`), so that the simulator
 * advances its clock while one is held.
 */
export class LocalDynamoDbFaults {
  private readonly faults: Array<{ operation: string; spec: DynamoDbFaultSpec; remaining: number; hits: number }> = [];
  private readonly held = new HeldRequests();
  private clock?: Clock;
  private server?: Server;
  private readonly receivedListeners = new Set<(request: { readonly operation: string; readonly body: string }) => void>();

  /** @param target the endpoint requests are passed to */
  constructor(private readonly target: string) {}

  /** The clock latency faults wait on (the simulator's virtual clock). Default: none, so latency needs one. */
  public useClock(clock: Clock): void {
    this.clock = clock;
  }

  /**
   * Makes `operation` (e.g. `GetItem`; `'*'` for all) fail or slow down.
   * @throws RangeError for a latency fault without `latencyMs` or before `useClock`, or a bad `times`
   */
  public inject(operation: string, spec: DynamoDbFaultSpec): InjectedDynamoDbFault {
    if (spec.kind === 'latency' && (spec.latencyMs === undefined || !(spec.latencyMs >= 0) || !this.clock)) {
      throw new RangeError('LocalDynamoDbFaults.inject: a latency fault needs latencyMs >= 0 and a clock (useClock)');
    }
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times >= 1)) {
      throw new RangeError(`LocalDynamoDbFaults.inject: times must be a positive integer, got ${spec.times}`);
    }
    const record = { operation, spec, remaining: spec.times ?? Infinity, hits: 0 };
    this.faults.push(record);
    return {
      operation,
      get hits() {
        return record.hits;
      },
      cancel: () => {
        record.remaining = 0;
      },
    };
  }

  /** Cancels every fault. */
  public clear(): void {
    this.faults.length = 0;
  }

  /** The requests a latency fault holds now. */
  public heldRequests(): HeldRequest[] {
    return this.held.list();
  }

  /** Calls `listener` whenever a latency fault starts holding a request; returns the function that removes it. */
  public onRequestHeld(listener: (request: HeldRequest) => void): () => void {
    return this.held.onHold(listener);
  }

  /**
   * Calls `listener` with each request as it arrives (the operation and the JSON body), e.g. to
   * count the lookups that reach the table.
   * @returns a function that removes the listener
   */
  public onRequestReceived(listener: (request: { readonly operation: string; readonly body: string }) => void): () => void {
    this.receivedListeners.add(listener);
    return () => {
      this.receivedListeners.delete(listener);
    };
  }

  /** Starts the proxy on 127.0.0.1; returns its endpoint. */
  public async start(): Promise<string> {
    const server = createServer((request, response) => {
      void this.serve(request, response);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Stops the proxy and closes its connections. */
  public async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  }

  private take(operation: string): DynamoDbFaultSpec | undefined {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && (candidate.operation === operation || candidate.operation === '*'));
    if (!fault) {
      return undefined;
    }
    fault.remaining -= 1;
    fault.hits += 1;
    return fault.spec;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    // The operation is the X-Amz-Target header's suffix, e.g. `DynamoDB_20120810.GetItem`.
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    for (const listener of [...this.receivedListeners]) {
      listener({ operation, body: body.toString('utf8') });
    }
    const fault = this.take(operation);
    if (fault && fault.kind !== 'latency') {
      const error = ERRORS[fault.kind];
      response.writeHead(error.status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: error.type, message: `Injected ${fault.kind} fault` }));
      return;
    }
    if (fault && this.clock) {
      const release = this.held.hold(target, this.clock.now() + fault.latencyMs!);
      response.once('close', release);
      try {
        await sleepOn(this.clock, fault.latencyMs!);
      } finally {
        release();
      }
    }
    await this.forward(request, body, response);
  }

  private forward(request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const upstream = httpRequest(`${this.target}${request.url ?? '/'}`, { method: request.method, headers: request.headers }, (answer) => {
        if (response.destroyed) {
          answer.resume();
          answer.on('end', resolve);
          return;
        }
        response.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(response);
        answer.on('end', resolve);
      });
      upstream.on('error', () => {
        if (!response.destroyed && !response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'local server unreachable' }));
        }
        resolve();
      });
      upstream.end(body);
    });
  }
}
