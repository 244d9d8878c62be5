import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ts from 'typescript';
import { MeetingDialIn } from '../src';
import { CallFlowWorld, startCallFlowWorld } from './dial-in/call-flow-harness';
import { LocalMeetingDirectory, startLocalMeetingDirectory, VirtualClock } from '../src/testing';

/**
 * The README's backend example, run as written in a function wired with `connectBackend`: its
 * environment comes from the synthesized template (tokens resolved to the local stand-ins), its SDK
 * clients reach the fakes and dynalite through the SDK's own endpoint variables
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html), and only its
 * `declare` lines (what the web app would know) are filled in by the test.
 */
const ROOT = path.join(__dirname, '..');

function readmeBackendSample(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const sample = [...readme.matchAll(/```tsx\n([\s\S]*?)```/g)].map((match) => match[1]).find((code) => code.includes('registerMeeting({ dynamodb, meeting'));
  if (!sample) {
    throw new Error('the README has no backend example calling registerMeeting({ dynamodb, meeting: ... })');
  }
  return sample;
}

/** The backend function's environment, as `connectBackend` set it in the template. */
function backendEnvironment(): { variables: Record<string, unknown>; outputs: string[] } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-')) });
  const stack = new Stack(app, 'Backend', { env: { region: 'us-east-1', account: '111122223333' } });
  const dialIn = new MeetingDialIn(stack, 'DialIn');
  const appBackend = new lambda.Function(stack, 'AppBackend', {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  dialIn.connectBackend(appBackend);
  const template = Template.fromStack(stack).toJSON();
  const [backendId] = Object.keys(template.Resources).filter((id) => id.startsWith('AppBackend') && template.Resources[id].Type === 'AWS::Lambda::Function');
  return { variables: template.Resources[backendId].Properties.Environment.Variables, outputs: Object.keys(template.Outputs) };
}

/** A template value with its references replaced by what stands in for them here. */
function resolve(value: unknown, world: CallFlowWorld, db: LocalMeetingDirectory): string {
  if (typeof value === 'string') {
    return value;
  }
  const text = JSON.stringify(value);
  if (/"Ref":"DialInMeetingDirectory/.test(text)) {
    return db.tableName;
  }
  if (/"DialInSipMediaApplication[^"]*","SipMediaApplicationId"/.test(text)) {
    return world.sim.sipMediaApplicationId;
  }
  if (/"Ref":"DialInPhoneNumber/.test(text)) {
    return world.dialInNumber;
  }
  throw new Error(`no local stand-in for ${text}`);
}

let db: LocalMeetingDirectory;
let world: CallFlowWorld | undefined;
const savedEnvironment = { ...process.env };

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(() => db.stop());

afterEach(async () => {
  await world?.stop();
  for (const name of Object.keys(process.env)) {
    if (!(name in savedEnvironment)) {
      delete process.env[name];
    }
  }
  Object.assign(process.env, savedEnvironment);
});

describe('the README\'s backend example', () => {
  it('runs as written with connectBackend: registers a PIN, dials out and mutes the phone attendee', async () => {
    const { variables, outputs } = backendEnvironment();
    // The backend compares call records' expiry with the system clock, as in production: the
    // handler's virtual clock starts now.
    world = await startCallFlowWorld(db, {}, 1, {}, { clock: new VirtualClock(Date.now()) });
    const localWorld = world;
    Object.assign(process.env, Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(value, localWorld, db)])), {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_ENDPOINT_URL_CHIME_SDK_MEETINGS: world.meetings.endpoint,
      AWS_ENDPOINT_URL_CHIME_SDK_VOICE: world.voice.endpoint,
    });
    expect(outputs.map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'DialInMeetingDirectoryTableName', 'DialInPhoneNumber1', 'DialInPhoneNumbers', 'DialInSipMediaApplicationId', 'DialInSipMediaApplicationRegion',
    ]);

    // The web app's roster would show the phone attendee once the callee has answered and pressed 1.
    const answerDialOut = async (): Promise<string> => {
      const [placed] = localWorld.voice.calls();
      const call = localWorld.sim.call(placed.transactionId);
      await call.answer();
      await call.pressDigits('1');
      await call.wait(9_000);
      return call.joinedMeeting!.attendeeId;
    };
    const logged: string[] = [];
    const source = readmeBackendSample()
      .replace(/^declare const phoneAttendeeId: string;.*$/m, 'const phoneAttendeeId = await answerDialOut();');
    const javascript = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the sample's imports, resolved as a user's would be
    const sampleRequire = (specifier: string) => specifier === 'cdk-chime-meeting-dialin/client' ? require('../src/client') : require(specifier);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the README's sample as written
    const run = new Function('require', 'exports', 'answerDialOut', 'console', `return (async () => {\n${javascript}\n})();`);
    await run(sampleRequire, {}, answerDialOut, { log: (line: string) => logged.push(line) });

    const [placed] = world.voice.calls();
    const call = world.sim.call(placed.transactionId);
    await call.settle();
    expect(placed).toMatchObject({ sipMediaApplicationId: world.sim.sipMediaApplicationId, toPhoneNumber: '+12125550123' });
    expect(call.muted).toBe(true);
    // The invitation lists the dial-in's number and a PIN of the handler's length, both from the environment.
    const invitation = [
      'Join by phone', '\\+1 206-555-0100', 'Meeting PIN: (\\d{6}) followed by #', '', 'One tap mobile', `\\${world.dialInNumber},,\\1#`,
    ].join('\n');
    expect(world.dialInNumber).toBe('+12065550100');
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^${invitation}$`))]);
    expect(call.violations).toEqual([]);
  });
});
