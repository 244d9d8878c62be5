import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector, TriggeredFault } from './fault-injector';
import type { HeldRequests } from './held-requests';
import type { IdStream } from './ids';
import { isJsonObject } from './json';
import type { JsonObject, JsonValue } from './json';
import { formatValidationIssues, validateInput } from './model-validator';
import type { RequestLog, RequestLogEntry } from './request-log';
import { FakeServiceError } from './service-error';
import type { OperationModel, ServiceModel, ShapeModel, StructureShapeModel } from './service-model';
import { sleepOn } from './virtual-clock';
import type { Clock } from './virtual-clock';

/** What an operation handler knows about the request besides its input. */
export interface RequestContext {
  /** The operation name. */
  readonly operation: string;
  /** The request ID sent back in `x-amzn-RequestId`. */
  readonly requestId: string;
  /**
   * The Region the client addressed: the one of a per-Region endpoint ({@link regionalEndpointPath}),
   * else the one in the SigV4 credential scope of the `Authorization` header; undefined for an
   * unsigned request to the plain endpoint.
   */
  readonly region?: string;
}

/** The path prefix of the endpoint that stands for one Region, e.g. `/region/eu-central-1`. */
export function regionalEndpointPath(region: string): string {
  return `/region/${region}`;
}

const REGIONAL_PATH = /^\/region\/([a-z0-9-]+)(\/.*)$/;
// `Credential=<key id>/<date>/<region>/<service>/aws4_request`, per the SigV4 documentation:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//;

/**
 * Serves one operation. Receives the validated input (member names as in the model), returns the
 * response body or nothing, and throws {@link FakeServiceError} to answer with a modelled error.
 */
export type OperationHandler = (input: JsonObject, context: RequestContext) => JsonObject | void | Promise<JsonObject | void>;

/** How to build a {@link RestJsonServer}. */
export interface RestJsonServerOptions {
  /** The service model: routes, input constraints, errors. */
  readonly model: ServiceModel;
  /** One handler per operation of the model. */
  readonly handlers: Readonly<Record<string, OperationHandler>>;
  /** The clock that latency faults wait on and the log stamps requests with. */
  readonly clock: Clock;
  /** Where request IDs come from. */
  readonly requestIds: IdStream;
  /** Injected faults. */
  readonly faults: FaultInjector;
  /** Where answered requests are recorded. */
  readonly log: RequestLog;
  /** Response members whose values are replaced by `<redacted>` in the log, at any depth. */
  readonly redactedOutputMembers?: readonly string[];
  /** Runs before each handler, e.g. to apply what the clock's progress implies. */
  readonly beforeEachRequest?: () => void;
  /** Where requests held back by virtual latency are registered while they wait. */
  readonly heldRequests?: HeldRequests;
  /** Told of every request to a known operation as it arrives, before faults and latency. */
  readonly onRequestReceived?: (request: ReceivedRequest) => void;
}

/** A request as it arrived, before any fault or latency applies. */
export interface ReceivedRequest {
  /** The operation it calls. */
  readonly operation: string;
  /** The request body as sent (JSON text, possibly empty). */
  readonly body: string;
}

/** Where an unmatched request ends up. */
const UNKNOWN_OPERATION = 'UnknownOperationException';
const REDACTED = '<redacted>';

interface Route {
  readonly operation: string;
  readonly model: OperationModel;
  readonly pathPattern: RegExp;
  readonly labels: readonly string[];
}

interface ErrorDescription {
  readonly errorType: string;
  readonly message: string;
  readonly code?: string;
  readonly retryAfterSeconds?: number;
}

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/**
 * A local HTTP server that speaks an AWS rest-json protocol as a service model describes it, so
 * that the real AWS SDK client works against it through its `endpoint` option.
 *
 * For each request: match the route (method, path template, literal query), apply an injected
 * fault, bind URI labels, query parameters, headers and JSON body to the input members, validate
 * them against the model (400 `BadRequestException` naming every bad field), call the handler and
 * answer with the model's status code. Errors carry the `x-amzn-errortype` header and a
 * `{ Code, Message, RequestId }` body, from which the SDK builds its typed exception.
 */
export class RestJsonServer {
  private readonly routes: Route[];
  private server?: Server;
  private url?: string;

  /** @param options the model, handlers and shared parts of the fake */
  constructor(private readonly options: RestJsonServerOptions) {
    const missing = Object.keys(options.model.operations).filter((operation) => !options.handlers[operation]);
    if (missing.length > 0) {
      throw new Error(`RestJsonServer: no handler for ${missing.join(', ')}`);
    }
    this.routes = Object.entries(options.model.operations).map(([operation, model]) => compileRoute(operation, model));
    // The most specific route first: `POST /meetings?operation=create-attendees` before `POST /meetings`.
    this.routes.sort((a, b) => Object.keys(b.model.query).length - Object.keys(a.model.query).length);
  }

  /** The base URL, e.g. `http://127.0.0.1:54321`. Throws before {@link start}. */
  public get endpoint(): string {
    if (!this.url) {
      throw new Error(`The fake ${this.options.model.serviceId} service is not started: call start() first`);
    }
    return this.url;
  }

  /** Listens on 127.0.0.1 at a random free port. @returns the endpoint URL */
  public async start(): Promise<string> {
    if (this.url) {
      return this.url;
    }
    const server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  /** Closes the server and every open connection, including requests held back by latency faults. */
  public async stop(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = undefined;
    this.url = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { clock, log } = this.options;
    const sequence = log.nextSequenceNumber();
    const receivedAt = clock.now();
    const requestId = this.options.requestIds.uuid();
    const method = request.method ?? 'GET';
    const rawPath = request.url ?? '/';
    const rawBody = await readBody(request);
    const url = new URL(rawPath, 'http://fake.invalid');
    const region = addressedRegion(url, headerValue(request, 'authorization'));
    const matched = this.match(method, url);

    const finish = (answer: Answer, details: Partial<Pick<RequestLogEntry, 'input' | 'output' | 'errorType' | 'errorMessage' | 'fault'>>) => {
      log.record({ sequence, operation: matched?.route.operation, method, path: rawPath, statusCode: answer.statusCode, receivedAt, ...details });
      if (!response.destroyed && !response.writableEnded) {
        response.writeHead(answer.statusCode, { 'x-amzn-RequestId': requestId, ...answer.headers });
        response.end(answer.body);
      }
    };

    if (!matched) {
      const message = `No ${this.options.model.serviceId} operation matches ${method} ${url.pathname}`;
      finish(this.errorAnswer({ errorType: UNKNOWN_OPERATION, message }, requestId, 404), { errorType: UNKNOWN_OPERATION, errorMessage: message });
      return;
    }
    const { route, labelValues } = matched;
    this.options.onRequestReceived?.({ operation: route.operation, body: rawBody });

    const fault = this.options.faults.take(route.operation);
    if (fault && fault.kind !== 'latency') {
      finish(this.faultAnswer(fault, requestId), { errorType: fault.errorType, errorMessage: fault.message, fault: fault.kind });
      return;
    }
    if (fault) {
      await (fault.realTime ? realDelay(fault.latencyMs) : this.holdOnClock(route.operation, fault.latencyMs, response));
    }

    let input: JsonObject | undefined;
    try {
      input = this.bindInput(route, labelValues, url.searchParams, request, rawBody);
      const issues = validateInput(this.options.model, route.operation, input);
      if (issues.length > 0) {
        throw new FakeServiceError('BadRequestException', formatValidationIssues(issues));
      }
      this.options.beforeEachRequest?.();
      const output = (await this.options.handlers[route.operation](input, { operation: route.operation, requestId, region })) ?? undefined;
      finish(this.successAnswer(route.model, output), { input, output: output && this.redact(output), fault: fault?.kind });
    } catch (error) {
      const failure = this.describeFailure(route, error);
      finish(this.errorAnswer(failure, requestId), { input, errorType: failure.errorType, errorMessage: failure.message, fault: fault?.kind });
    }
  }

  /**
   * Waits `latencyMs` of the clock's time, registered as a held request until the deadline passes
   * or the client hangs up (the answer is still computed then, as a real service would).
   */
  private async holdOnClock(operation: string, latencyMs: number, response: ServerResponse): Promise<void> {
    const release = this.options.heldRequests?.hold(operation, this.options.clock.now() + latencyMs);
    if (!release) {
      return sleepOn(this.options.clock, latencyMs);
    }
    response.once('close', release);
    try {
      await sleepOn(this.options.clock, latencyMs);
    } finally {
      response.off('close', release);
      release();
    }
  }

  private match(method: string, url: URL): { route: Route; labelValues: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.model.method !== method) {
        continue;
      }
      const found = route.pathPattern.exec(url.pathname);
      if (!found) {
        continue;
      }
      if (!Object.entries(route.model.query).every(([key, value]) => url.searchParams.get(key) === value)) {
        continue;
      }
      const labelValues: Record<string, string> = {};
      route.labels.forEach((label, index) => {
        labelValues[label] = decodeLabel(found[index + 1]);
      });
      return { route, labelValues };
    }
    return undefined;
  }

  private bindInput(
    route: Route, labelValues: Record<string, string>, query: URLSearchParams, request: IncomingMessage, rawBody: string,
  ): JsonObject {
    const input: JsonObject = {};
    if (!route.model.input) {
      return input;
    }
    const { shapes } = this.options.model;
    const inputShape = shapes[route.model.input] as StructureShapeModel;
    const bodyMembers = Object.entries(inputShape.members).filter(([, member]) => member.location === undefined);
    const body = bodyMembers.length > 0 ? parseJsonBody(rawBody) : {};
    for (const [name, member] of Object.entries(inputShape.members)) {
      const shape = shapes[member.shape];
      const wireName = member.locationName ?? name;
      switch (member.location) {
        case 'uri':
          input[name] = labelValues[wireName] === undefined ? undefined : fromText(shape, labelValues[wireName]);
          break;
        case 'querystring':
          input[name] = shape.type === 'list'
            ? nonEmpty(query.getAll(wireName).map((text) => fromText(shapes[shape.member], text)))
            : optional(query.get(wireName), (text) => fromText(shape, text));
          break;
        case 'header':
          input[name] = optional(headerValue(request, wireName), (text) => fromText(shape, text));
          break;
        case 'headers':
          break;
        default:
          input[name] = body[name];
      }
    }
    return input;
  }

  private describeFailure(route: Route, error: unknown): ErrorDescription {
    if (!(error instanceof FakeServiceError)) {
      const message = error instanceof Error ? error.message : String(error);
      return { errorType: 'ServiceFailureException', message: `The fake ${this.options.model.serviceId} service failed: ${message}` };
    }
    if (!route.model.errors.includes(error.errorType)) {
      return {
        errorType: 'ServiceFailureException',
        message: `The fake answered ${error.errorType}, which ${route.operation} does not declare in the service model: ${error.message}`,
      };
    }
    return { errorType: error.errorType, message: error.message, code: error.code, retryAfterSeconds: error.retryAfterSeconds };
  }

  private successAnswer(operation: OperationModel, output: JsonObject | undefined): Answer {
    if (operation.responseCode === 204) {
      return { statusCode: 204, headers: {} };
    }
    return { statusCode: operation.responseCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(output ?? {}) };
  }

  private faultAnswer(fault: TriggeredFault, requestId: string): Answer {
    const errorType = fault.errorType ?? 'ServiceFailureException';
    return this.errorAnswer({ errorType, message: fault.message, retryAfterSeconds: fault.retryAfterSeconds }, requestId);
  }

  private errorAnswer(failure: ErrorDescription, requestId: string, statusCode?: number): Answer {
    const { errorType, message, retryAfterSeconds } = failure;
    const errorModel = this.options.model.errors[errorType];
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-errortype': errorType };
    if (retryAfterSeconds !== undefined) {
      headers['Retry-After'] = String(retryAfterSeconds);
    }
    const code = failure.code ?? errorModel?.code ?? errorType.replace(/Exception$/, '');
    return {
      statusCode: statusCode ?? errorModel?.httpStatusCode ?? 500,
      headers,
      body: JSON.stringify({ Code: code, Message: message, RequestId: requestId }),
    };
  }

  private redact(output: JsonObject): JsonObject {
    const members = new Set(this.options.redactedOutputMembers ?? []);
    return members.size === 0 ? output : redactMembers(output, members) as JsonObject;
  }
}

function compileRoute(operation: string, model: OperationModel): Route {
  const labels: string[] = [];
  const source = model.path.split('/').map((segment) => {
    const label = /^\{([^}]+?)(\+?)\}$/.exec(segment);
    if (!label) {
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    labels.push(label[1]);
    return label[2] === '+' ? '(.+)' : '([^/]+)';
  }).join('/');
  return { operation, model, labels, pathPattern: new RegExp(`^${source}$`) };
}

/** Converts a URI label, query parameter or header to the member's type; leaves bad text for the validator to report. */
function fromText(shape: ShapeModel | undefined, text: string): JsonValue {
  switch (shape?.type) {
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'float':
    case 'double':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

/** Decodes a URI label; a malformed escape stays as sent, for the validator to judge. */
function decodeLabel(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function optional(text: string | null | undefined, convert: (text: string) => JsonValue): JsonValue | undefined {
  return text === null || text === undefined ? undefined : convert(text);
}

function nonEmpty(values: JsonValue[]): JsonValue[] | undefined {
  return values.length > 0 ? values : undefined;
}

/** The Region a request addressed; strips a per-Region endpoint's prefix from `url`. */
function addressedRegion(url: URL, authorization: string | undefined): string | undefined {
  const regional = REGIONAL_PATH.exec(url.pathname);
  if (regional) {
    url.pathname = regional[2];
    return regional[1];
  }
  return authorization === undefined ? undefined : CREDENTIAL_SCOPE.exec(authorization)?.[1];
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseJsonBody(rawBody: string): JsonObject {
  if (rawBody.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new FakeServiceError('BadRequestException', 'The request body is not valid JSON');
  }
  if (!isJsonObject(parsed)) {
    throw new FakeServiceError('BadRequestException', 'The request body must be a JSON object');
  }
  return parsed;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function redactMembers(value: JsonValue | undefined, members: ReadonlySet<string>): JsonValue | undefined {
  if (Array.isArray(value)) {
    return value.map((item) => redactMembers(item, members) ?? null);
  }
  if (!isJsonObject(value)) {
    return value;
  }
  const copy: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    copy[key] = members.has(key) && typeof member === 'string' ? REDACTED : redactMembers(member, members);
  }
  return copy;
}
