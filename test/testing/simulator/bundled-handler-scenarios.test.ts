import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CALLER, DIAL_IN_NUMBER, startFakes } from './helpers';
import { hangup, speak } from '../../../src/sma';
import {
  HandlerLoadError, loadHandler, loadScenarioFile, LocalDirectoryTable, parseScenario, runScenario, SmaSimulator, timeoutSignal,
} from '../../../src/testing';
import type { SimulatedLambdaContext } from '../../../src/testing';

const ROOT = path.join(__dirname, '..', '..', '..');
const SCENARIOS = path.join(ROOT, 'scenarios');
const BUNDLED_HANDLER = path.join(ROOT, 'assets', 'handler', 'meeting-join.lambda');

describe('the shipped example scenarios', () => {
  const files = readdirSync(SCENARIOS).filter((file) => file.endsWith('.json'));

  it('are there', () => {
    expect(files).toEqual(expect.arrayContaining(['dial-in.json', 'wrong-pin.json']));
  });

  it.each(files)('%s runs the bundled handler from the file alone, and its expectations hold', async (file) => {
    const result = await runScenario(loadScenarioFile(path.join(SCENARIOS, file)), { baseDir: SCENARIOS });

    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
});

describe('runScenario with the bundled handler', () => {
  const scenario = (env?: Record<string, string>, pin = '12345678') => parseScenario({
    handler: BUNDLED_HANDLER,
    caller: { from: CALLER },
    number: { to: DIAL_IN_NUMBER },
    meetings: [{ alias: 'standup', pin }],
    steps: [{ wait: 2000 }, { digits: `${pin}#` }, { wait: 9000 }],
    expect: { joinedMeeting: 'standup', violations: 0 },
    ...(env ? { env } : {}),
  });

  it('keeps the handler settings the scenario gives, on the local endpoints', async () => {
    const result = await runScenario(scenario({ CDK_CHIME_DIALIN_CONFIG: JSON.stringify({ pinLength: 8, directoryTableName: 'elsewhere' }) }));

    expect(result.failures).toEqual([]);
  });

  it('a scenario env that is not JSON is a scenario error naming the field', async () => {
    await expect(runScenario(scenario({ CDK_CHIME_DIALIN_CONFIG: '{pinLength' }))).rejects.toThrow('scenario.env.CDK_CHIME_DIALIN_CONFIG: is not valid JSON');
  });
});

describe('LocalDirectoryTable', () => {
  let table: LocalDirectoryTable;
  let client: DynamoDBClient;

  beforeEach(async () => {
    table = new LocalDirectoryTable('directory');
    client = new DynamoDBClient({ endpoint: await table.start(), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  });

  afterEach(async () => {
    client.destroy();
    await table.stop();
  });

  it('answers the real SDK client\'s GetItem, PutItem and DeleteItem', async () => {
    await client.send(new PutItemCommand({ TableName: 'directory', Item: { pin: { S: '123456' }, meetingId: { S: 'm' } } }));

    expect((await client.send(new GetItemCommand({ TableName: 'directory', Key: { pin: { S: '123456' } }, ConsistentRead: true }))).Item)
      .toEqual({ pin: { S: '123456' }, meetingId: { S: 'm' } });
    await client.send(new DeleteItemCommand({ TableName: 'directory', Key: { pin: { S: '123456' } } }));
    expect((await client.send(new GetItemCommand({ TableName: 'directory', Key: { pin: { S: '123456' } } }))).Item).toBeUndefined();
  });

  it('refuses what it does not evaluate instead of ignoring it', async () => {
    await expect(client.send(new PutItemCommand({ TableName: 'directory', Item: { pin: { S: '1' } }, ConditionExpression: 'attribute_not_exists(pin)' })))
      .rejects.toThrow("the simulator's directory table does not evaluate ConditionExpression");
    await expect(client.send(new UpdateItemCommand({ TableName: 'directory', Key: { pin: { S: '1' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } })))
      .rejects.toThrow('serves GetItem, PutItem and DeleteItem only, not UpdateItem');
    await expect(client.send(new QueryCommand({ TableName: 'directory', KeyConditionExpression: 'pin = :p', ExpressionAttributeValues: { ':p': { S: '1' } } })))
      .rejects.toThrow('not Query');
    await expect(client.send(new GetItemCommand({ TableName: 'other', Key: { pin: { S: '1' } } }))).rejects.toThrow('Table: other not found');
  });
});

describe('timeoutSignal', () => {
  /** A handler that looks the meeting up with a 1 s deadline of its own, then says whether it answered. */
  function handlerWith(deadline: (context: SimulatedLambdaContext) => AbortSignal | undefined, fakes: Awaited<ReturnType<typeof startFakes>>) {
    type Event = { InvocationEventType: string; CallDetails: { Participants: Array<{ CallId: string }> } };
    return async (event: Event, context: SimulatedLambdaContext) => {
      if (event.InvocationEventType !== 'NEW_INBOUND_CALL') {
        return { SchemaVersion: '1.0', Actions: [] };
      }
      const callId = event.CallDetails.Participants[0].CallId;
      let text = 'The meeting service answered.';
      try {
        await fakes.meetingsClient.send(new GetMeetingCommand({ MeetingId: '0b7c5a0e-1f3d-4c2e-9a6b-2d8e4f1a3c5b' }), { abortSignal: deadline(context) });
      } catch (error) {
        text = (error as Error).name === 'AbortError' ? 'The meeting service is slow.' : 'The meeting service failed.';
      }
      return { SchemaVersion: '1.0', Actions: [speak({ callId, text }), hangup({ callId })] };
    };
  }

  it('fires on the simulator\'s clock, so a latency fault is cut short before the SMA retries', async () => {
    const fakes = await startFakes();
    try {
      fakes.meetings.faults.inject('GetMeeting', { kind: 'latency', latencyMs: 8000 });
      const handler = handlerWith((context) => timeoutSignal(context, 1000), fakes) as never;
      const sim = new SmaSimulator({ handler, meetings: fakes.meetings, voice: fakes.voice, clock: fakes.clock });
      const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
      await call.wait(5000);

      expect(call.prompts).toEqual(['The meeting service is slow.']);
      expect(call.violations).toEqual([]);
      sim.dispose();
    } finally {
      await fakes.stop();
    }
  });

  it('a handler without one gets a response-time violation that points at it', async () => {
    const fakes = await startFakes();
    try {
      fakes.meetings.faults.inject('GetMeeting', { kind: 'latency', latencyMs: 8000 });
      const handler = handlerWith(() => undefined, fakes) as never;
      const sim = new SmaSimulator({ handler, meetings: fakes.meetings, voice: fakes.voice, clock: fakes.clock });
      const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
      await call.wait(10_000);

      expect(call.violations.map((violation) => violation.rule)).toContain('response-time');
      expect(call.violations.find((violation) => violation.rule === 'response-time')?.message)
        .toContain('timeoutSignal(context, ms) from cdk-chime-meeting-dialin/testing');
      sim.dispose();
    } finally {
      await fakes.stop();
    }
  });

  it('outside the simulator, is a system-clock timeout', () => {
    const signal = timeoutSignal({ getRemainingTimeInMillis: () => 3000 }, 60_000);

    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
  });
});

describe('handlers the simulator cannot load as they are', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'handler-kinds-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const HINT = 'the simulator loads CommonJS JavaScript, as a bundled Lambda asset is; bundle the handler first, e.g. `npx esbuild src/handler.ts --bundle --platform=node --format=cjs';

  it('an ES module in a .js file fails with how to bundle it', () => {
    const file = path.join(dir, 'index.js');
    writeFileSync(file, 'export const handler = async () => ({ SchemaVersion: "1.0", Actions: [] });\n');

    expect(() => loadHandler(dir)).toThrow(HandlerLoadError);
    expect(() => loadHandler(dir)).toThrow(/Unexpected token 'export' \(is it an ES module or TypeScript\? the simulator loads CommonJS/);
  });

  it.each(['handler.mjs', 'handler.ts'])('%s fails with how to bundle it', (name) => {
    const file = path.join(dir, name);
    writeFileSync(file, 'export const handler = async () => ({});\n');

    expect(() => loadHandler(file)).toThrow(HINT);
  });

  it('a directory with index.ts and no index.js fails with how to bundle it', () => {
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'index.ts'), 'export const handler = async () => ({});\n');

    expect(() => loadHandler(path.join(dir, 'src'))).toThrow(`has no index.js but index.ts: ${HINT}`);
  });
});
