import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DIRECTORY_ATTRIBUTES } from '../../dial-in/meeting-directory';

/** A DynamoDB attribute value, as the JSON protocol carries it. */
type AttributeValue = Readonly<Record<string, unknown>>;
/** A DynamoDB item, as the JSON protocol carries it. */
export type LocalDirectoryItem = Readonly<Record<string, AttributeValue>>;

/**
 * The meeting directory table the simulator serves the bundled handler, so that a scenario file
 * alone can drive it: an in-memory table keyed by `pin`, on 127.0.0.1, speaking the DynamoDB JSON
 * protocol (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html)
 * for the three operations the handler sends: GetItem, PutItem and DeleteItem of whole items.
 *
 * It is not a DynamoDB: any other operation, and any condition, update or projection expression,
 * is answered with a ValidationException that says so, never ignored. Tests of code that needs
 * those use `startLocalMeetingDirectory` (dynalite).
 */
export class LocalDirectoryTable {
  private readonly items = new Map<string, LocalDirectoryItem>();
  private server?: Server;

  /** @param tableName the table's name; requests for another table get ResourceNotFoundException */
  constructor(public readonly tableName = 'meeting-directory') {}

  /** Starts serving on 127.0.0.1 and resolves to the endpoint. */
  public async start(): Promise<string> {
    const server = createServer((request, response) => void this.serve(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this.endpoint;
  }

  /** The endpoint to give DynamoDB clients (`dynamoDbEndpoint` of the handler's configuration). */
  public get endpoint(): string {
    if (!this.server) {
      throw new Error('the local directory table is not started');
    }
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stores `item` (it must have a string `pin`), replacing the item of the same PIN. */
  public put(item: LocalDirectoryItem): void {
    this.items.set(keyOf(item), structuredClone(item));
  }

  /** The item of a key, if any. */
  public get(pin: string): LocalDirectoryItem | undefined {
    const item = this.items.get(pin);
    return item && structuredClone(item);
  }

  /** Stops serving. */
  public async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('DynamoDB_20120810.') ? target.slice('DynamoDB_20120810.'.length) : target;
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      reply(response, 200, this.handle(operation, input));
    } catch (error) {
      const failure = error instanceof TableError ? error : new TableError('InternalServerError', error instanceof Error ? error.message : String(error));
      reply(response, failure.type === 'InternalServerError' ? 500 : 400, { __type: `com.amazonaws.dynamodb.v20120810#${failure.type}`, message: failure.message });
    }
  }

  private handle(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    if (!['GetItem', 'PutItem', 'DeleteItem'].includes(operation)) {
      throw new TableError('ValidationException', `the simulator's directory table serves GetItem, PutItem and DeleteItem only, not ${operation || 'this request'}`);
    }
    const unsupported = ['ConditionExpression', 'Expected', 'UpdateExpression', 'ProjectionExpression', 'AttributesToGet', 'ReturnValues']
      .filter((name) => input[name] !== undefined && !(name === 'ReturnValues' && input[name] === 'NONE'));
    if (unsupported.length > 0) {
      throw new TableError('ValidationException', `the simulator's directory table does not evaluate ${unsupported.join(', ')}`);
    }
    if (input.TableName !== this.tableName) {
      throw new TableError('ResourceNotFoundException', `Requested resource not found: Table: ${String(input.TableName)} not found`);
    }
    switch (operation) {
      case 'GetItem': {
        const item = this.items.get(keyOf(input.Key as LocalDirectoryItem));
        return item ? { Item: item } : {};
      }
      case 'PutItem':
        this.put(input.Item as LocalDirectoryItem);
        return {};
      default:
        this.items.delete(keyOf(input.Key as LocalDirectoryItem));
        return {};
    }
  }
}

class TableError extends Error {
  constructor(public readonly type: string, message: string) {
    super(message);
  }
}

function keyOf(item: LocalDirectoryItem | undefined): string {
  const key = item?.[DIRECTORY_ATTRIBUTES.pin]?.S;
  if (typeof key !== 'string' || key.length === 0) {
    throw new TableError('ValidationException', `One of the required keys was not given a value: the key is the string attribute "${DIRECTORY_ATTRIBUTES.pin}"`);
  }
  return key;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
