import { AddressInfo } from 'net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DIRECTORY_ATTRIBUTES } from '../../src/dial-in/meeting-directory';

// dynalite has no type declarations; this is the part of its API the tests use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => {
  listen(port: number, host: string, callback: () => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
};

/** A real DynamoDB-compatible server (dynalite, in memory) on 127.0.0.1, with a meeting directory table. */
export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly tableName: string;
  stop(): Promise<void>;
}

export async function startLocalDynamoDb(tableName = 'meeting-directory'): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new CreateTableCommand({
    TableName: tableName,
    KeySchema: [{ AttributeName: DIRECTORY_ATTRIBUTES.pin, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: DIRECTORY_ATTRIBUTES.pin, AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  return {
    endpoint,
    client,
    tableName,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
