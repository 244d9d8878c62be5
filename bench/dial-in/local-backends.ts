import { AddressInfo } from 'net';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DIRECTORY_ATTRIBUTES } from '../../src/dial-in/meeting-directory';
import { HandlerConfig } from '../../src/private/handler-environment';
import { FakeMeetingsService } from '../../src/testing/fakes';

// dynalite has no type declarations; this is the part of its API the benchmarks use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => {
  listen(port: number, host: string, callback: () => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
};

/** The PIN the benchmark caller dials with; the directory maps it to {@link LocalBackends.meetingId}. */
export const BENCH_PIN = '123456';

/** Static credentials and region for every AWS SDK client of the benchmarks (the servers ignore them). */
export const BENCH_AWS_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  // The SDK warns once per process on Node < 22; the Lambda runtimes it is measured for are newer.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The services a dial-in call needs, on 127.0.0.1: a fake Chime SDK Meetings and an in-memory DynamoDB. */
export interface LocalBackends {
  /** The meeting the benchmark PIN leads to. */
  readonly meetingId: string;
  /** The handler configuration that points at these servers. */
  readonly config: HandlerConfig;
  /** Deletes the attendees the calls created (so a long run never reaches the meeting's attendee limit) and clears the fake's request log. */
  removeAttendees(): void;
  /** Stops both servers. */
  stop(): Promise<void>;
}

/**
 * Starts the fake Meetings service and dynalite, creates a meeting, the directory table and the
 * item `BENCH_PIN → meeting`.
 */
export async function startLocalBackends(): Promise<LocalBackends> {
  const meetings = new FakeMeetingsService();
  const meetingsEndpoint = await meetings.start();
  const meeting = meetings.createMeeting({ externalMeetingId: 'bench-meeting' });

  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', resolve));
  const dynamoDbEndpoint = `http://127.0.0.1:${dynamo.address().port}`;
  const tableName = 'bench-meeting-directory';
  const client = new DynamoDBClient({
    endpoint: dynamoDbEndpoint,
    region: BENCH_AWS_ENVIRONMENT.AWS_REGION,
    credentials: { accessKeyId: BENCH_AWS_ENVIRONMENT.AWS_ACCESS_KEY_ID, secretAccessKey: BENCH_AWS_ENVIRONMENT.AWS_SECRET_ACCESS_KEY },
  });
  await client.send(new CreateTableCommand({
    TableName: tableName,
    KeySchema: [{ AttributeName: DIRECTORY_ATTRIBUTES.pin, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: DIRECTORY_ATTRIBUTES.pin, AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await client.send(new PutItemCommand({
    TableName: tableName,
    Item: {
      [DIRECTORY_ATTRIBUTES.pin]: { S: BENCH_PIN },
      [DIRECTORY_ATTRIBUTES.meetingId]: { S: meeting.meetingId },
      // As registerMeeting writes it: the meeting's control region, which the handler's client is made for.
      [DIRECTORY_ATTRIBUTES.meetingRegion]: { S: meeting.controlRegion },
      [DIRECTORY_ATTRIBUTES.expiresAt]: { N: String(Math.floor(Date.now() / 1000) + 24 * 3600) },
    },
  }));
  client.destroy();

  return {
    meetingId: meeting.meetingId,
    config: {
      directoryTableName: tableName,
      meetingsEndpoint,
      dynamoDbEndpoint,
      meetingsRegion: BENCH_AWS_ENVIRONMENT.AWS_REGION,
      meetingRegions: [meeting.controlRegion],
    },
    removeAttendees: () => {
      for (const attendee of meetings.attendees(meeting.meetingId)) {
        meetings.deleteAttendee(meeting.meetingId, attendee.attendeeId);
      }
      meetings.requests.clear();
    },
    stop: async () => {
      await meetings.stop();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}
