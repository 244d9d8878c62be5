/* eslint-disable @typescript-eslint/no-require-imports */
import type { AddressInfo } from 'net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalDynamoDbFaults } from './local-dynamodb-faults';
import { dynamoDbSdk } from '../dial-in/aws-sdk';
import { DIRECTORY_ATTRIBUTES } from '../dial-in/meeting-directory';

/** A local DynamoDB-compatible server holding a meeting directory table. */
export interface LocalMeetingDirectory {
  /** The endpoint to give DynamoDB clients (and the handler's `dynamoDbEndpoint`). */
  readonly endpoint: string;
  /** A client for the server, with dummy credentials. */
  readonly client: DynamoDBClient;
  /** The directory table's name. */
  readonly tableName: string;
  /**
   * Faults of the server: every request of `client` (and of clients given `endpoint`) goes through
   * them, e.g. `faults.inject('GetItem', { kind: 'server-error', times: 2 })`. Pass them to the
   * simulator's `heldRequestSources` so that its clock moves while a latency fault holds a request.
   */
  readonly faults: LocalDynamoDbFaults;
  /** Stops the server and the client. */
  stop(): Promise<void>;
}

interface DynaliteServer {
  listen(port: number, host: string, callback: () => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
}

/**
 * Starts dynalite (an in-memory DynamoDB implementation; install the `dynalite` package) on
 * 127.0.0.1 with a meeting directory table shaped like the one `MeetingDialIn` creates.
 */
export async function startLocalMeetingDirectory(tableName = 'meeting-directory'): Promise<LocalMeetingDirectory> {
  // Optional: only this function needs it, so users of the rest of the module do not install it.
  // eslint-disable-next-line import/no-extraneous-dependencies
  const dynalite = require('dynalite') as (options: Record<string, number>) => DynaliteServer;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const faults = new LocalDynamoDbFaults(`http://127.0.0.1:${server.address().port}`);
  const endpoint = await faults.start();
  const sdk = dynamoDbSdk();
  const client = new sdk.DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new sdk.CreateTableCommand({
    TableName: tableName,
    KeySchema: [{ AttributeName: DIRECTORY_ATTRIBUTES.pin, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: DIRECTORY_ATTRIBUTES.pin, AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  return {
    endpoint,
    client,
    tableName,
    faults,
    stop: async () => {
      client.destroy();
      await faults.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
