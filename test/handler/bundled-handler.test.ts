import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChimeSDKMeetingsClient, CreateMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createMeetingJoinHandlerFromConfig } from '../../src/dial-in';
import { HANDLER_CONFIG_VARIABLE, HandlerConfig } from '../../src/private/handler-environment';
import { FakeMeetingsService, SmaSimulator, VirtualClock, LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

/** The asset the construct deploys, as `npm test` bundles it before running the tests. */
const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'handler', 'meeting-join.lambda');
const PIN = '424242';

let db: LocalMeetingDirectory;
const savedEnv = { ...process.env };

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
  // The bundle's SDK clients read credentials and region from the environment, as in Lambda.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_NAMESPACE: 'Test',
    POWERTOOLS_SERVICE_NAME: 'test',
    POWERTOOLS_DEV: 'true',
  });
});

afterAll(async () => {
  process.env = savedEnv;
  await db.stop();
});

/** A simulator running `handler` against a fake Meetings service with one meeting, whose PIN is `PIN`. */
async function simulatorWithMeeting(handler: (config: HandlerConfig) => string | ((event: unknown) => Promise<unknown>)) {
  const clock = new VirtualClock();
  const meetings = new FakeMeetingsService({ clock, seed: 7 });
  await meetings.start();
  const client = new ChimeSDKMeetingsClient({ endpoint: meetings.endpoint, region: 'us-east-1' });
  const { Meeting } = await client.send(new CreateMeetingCommand({ ClientRequestToken: 'bundle-test', ExternalMeetingId: 'bundle-test', MediaRegion: 'us-east-1' }));
  await db.client.send(new PutItemCommand({
    TableName: db.tableName,
    Item: { pin: { S: PIN }, meetingId: { S: Meeting!.MeetingId! }, expiresAt: { N: String(Date.UTC(2100, 0, 1) / 1000) } },
  }));
  const config: HandlerConfig = { directoryTableName: db.tableName, meetingsEndpoint: meetings.endpoint, dynamoDbEndpoint: db.endpoint, meetingsRegion: 'us-east-1' };
  const sim = new SmaSimulator({ handler: handler(config), meetings, clock, seed: 7, env: { [HANDLER_CONFIG_VARIABLE]: JSON.stringify(config) } });
  const stop = async () => {
    sim.dispose();
    client.destroy();
    await meetings.stop();
  };
  return { sim, meetings, meetingId: Meeting!.MeetingId!, stop };
}

/** One dial-in call (wrong PIN, right PIN, in the meeting, caller hangs up) through `handler`; returns its transcript. */
async function dialIn(handler: (config: HandlerConfig) => string | ((event: unknown) => Promise<unknown>)) {
  const { sim, meetings, meetingId, stop } = await simulatorWithMeeting(handler);
  try {
    const call = await sim.inboundCall({ from: '+15105550101', to: '+12065550100' });
    await call.pressDigits('000000#');
    await call.pressDigits(`${PIN}#`);
    await call.wait(9_000);
    await call.hangUp();
    // Both handlers time the join on the wall clock: the one value that differs between two runs.
    const json = JSON.stringify(call.transcript.toJSON()).replace(/"joinStartedAt":"\d+"/g, '"joinStartedAt":"<wall clock>"');
    return { json, joined: call.joinedMeeting, attendees: meetings.attendees(meetingId) };
  } finally {
    await stop();
  }
}

describe('the bundled meeting-join handler', () => {
  it('plays a call in the simulator exactly like the in-process handler with the same configuration', async () => {
    const inProcess = await dialIn((config) => createMeetingJoinHandlerFromConfig(config));
    const bundled = await dialIn(() => BUNDLE);

    expect(bundled.json === inProcess.json).toBe(true);
    expect(bundled.json).toContain('JoinChimeMeeting');
    expect(bundled.joined).toBeDefined();
    expect(bundled.attendees).toEqual([]);
  });

  it('sweeps, on an EventBridge scheduled event, the attendee of a call that ended while Meetings was down', async () => {
    const { sim, meetings, meetingId, stop } = await simulatorWithMeeting(() => BUNDLE);
    try {
      const sweep = sim.schedule({ everyMs: 60_000 });
      const call = await sim.inboundCall({ from: '+15105550101', to: '+12065550100' });
      await call.pressDigits(`${PIN}#`);
      await call.wait(9_000);
      expect(call.joinedMeeting).toBeDefined();
      const outage = meetings.faults.inject('*', { kind: 'unavailable' });
      await call.hangUp();
      expect(meetings.attendees(meetingId)).toHaveLength(1);
      outage.cancel();

      await call.wait(60_000);
      expect(sweep.invocations).toBe(1);
      expect(sweep.errors).toEqual([]);
      expect(meetings.attendees(meetingId)).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('carries its own AWS SDK clients: a copy where @aws-sdk/* does not resolve plays the same call', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'meeting-join-asset-'));
    try {
      fs.cpSync(BUNDLE, elsewhere, { recursive: true });
      expect(() => require.resolve('@aws-sdk/client-dynamodb', { paths: [elsewhere] })).toThrow();

      const inProcess = await dialIn((config) => createMeetingJoinHandlerFromConfig(config));
      const copied = await dialIn(() => elsewhere);

      expect(copied.json === inProcess.json).toBe(true);
      expect(copied.joined).toBeDefined();
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
