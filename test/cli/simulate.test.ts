import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';

const HANDLER = path.join(__dirname, '..', 'fixtures', 'simulator', 'dial-in-handler');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'simulate-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
  });
  return { code, stdout, stderr };
}

function scenarioFile(scenario: Record<string, unknown>, name = 'scenario.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}

const DIAL_IN = {
  name: 'dial in with a PIN, then the meeting ends',
  seed: 7,
  handler: HANDLER,
  caller: { from: '+15105550101' },
  number: { to: '+12065550100' },
  meetings: [{ alias: 'standup', pin: '123456' }],
  steps: [{ wait: 1000 }, { digits: '123456' }, { update: { action: 'mute' } }, { wait: 60_000 }, { endMeeting: 'standup' }, { wait: 10_000 }],
  expect: { joinedMeeting: 'standup', endReason: 'handler-hangup', promptsInclude: ['Please enter your meeting PIN', 'The meeting has ended'], violations: 0, muted: true },
};

describe('cdk-chime-meeting-dialin simulate', () => {
  test('plays a scenario through a bundled handler directory and prints the text transcript; exit 0 when expectations hold', async () => {
    const result = await run('simulate', '--scenario', scenarioFile(DIAL_IN));

    expect(result.stderr).toMatch(/^PASS /);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^call [0-9a-f-]{36} Inbound \+15105550101 → \+12065550100/);
    expect(result.stdout).toContain('+0.000s → NEW_INBOUND_CALL #1');
    expect(result.stdout).toContain('← JoinChimeMeeting meeting');
    expect(result.stdout).toContain('call ended: handler-hangup');
  });

  test('--format json and --format mermaid; join tokens never appear', async () => {
    const file = scenarioFile(DIAL_IN);
    const json = await run('simulate', '--scenario', file, '--format', 'json');
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document).toEqual(expect.objectContaining({ passed: true, failures: [] }));
    const join = document.transcript.entries.find((entry: any) => entry.kind === 'response' && entry.response.Actions[0]?.Type === 'JoinChimeMeeting');
    expect(join.response.Actions[0].Parameters.JoinToken).toBe('****');

    const mermaid = await run('simulate', '--scenario', file, '--format', 'mermaid');
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^sequenceDiagram\n {4}participant Caller\n {4}participant SMA\n {4}participant Handler\n {4}participant Meeting\n/);
    expect(mermaid.stdout).toContain('SMA->>Handler: +0.000s NEW_INBOUND_CALL seq 1');
  });

  test('exit 1 with the failed expectations when the call does not turn out as expected', async () => {
    const result = await run('simulate', '--scenario', scenarioFile({
      ...DIAL_IN, steps: [{ digits: '999999' }, { wait: 10_000 }], expect: { joinedMeeting: 'standup', violations: 0 },
    }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FAIL');
    expect(result.stderr).toContain('expected the call to join meeting "standup", it joined none');
    expect(result.stdout).toContain('No meeting has that PIN. Goodbye.');
  });

  test('--handler overrides the scenario\'s handler; a relative scenario handler is resolved from the scenario file', async () => {
    const { handler: _handler, ...withoutHandler } = DIAL_IN;
    const viaOption = await run('simulate', '--scenario', scenarioFile(withoutHandler), '--handler', HANDLER);
    expect(viaOption.code).toBe(0);

    const relative = await run('simulate', '--scenario', scenarioFile({ ...withoutHandler, handler: path.relative(dir, HANDLER) }, 'relative.json'));
    expect(relative.code).toBe(0);
  });

  test('an outbound scenario: dial-out with arguments naming a meeting, answered and joined', async () => {
    const result = await run('simulate', '--format', 'json', '--scenario', scenarioFile({
      handler: HANDLER,
      outbound: { from: '+12065550199', to: '+15105550177', arguments: { meetingId: '@review' } },
      meetings: [{ alias: 'review' }],
      steps: [{ answer: true }, { hangup: true }],
      expect: { joinedMeeting: 'review', endReason: 'caller-hangup', violations: 0 },
    }));
    expect(result.stderr).toMatch(/^PASS/);
    expect(result.code).toBe(0);
  });

  test.each([
    [[], 'simulate needs --scenario FILE'],
    [['--scenario'], '--scenario needs a value'],
    [['--scenario', 'x.json', '--format', 'html'], '--format must be text, json, mermaid, not "html"'],
    [['--scenario', 'x.json', '--verbose', 'yes'], 'unknown option "--verbose"'],
  ])('usage error %j: exit 2', async (args, message) => {
    const result = await run('simulate', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  test('a bad scenario file: exit 2 naming the field', async () => {
    const result = await run('simulate', '--scenario', scenarioFile({ ...DIAL_IN, steps: [{ digits: '12a' }] }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('scenario.steps[0].digits: "12a" is invalid: use 0-9, * and #');
  });

  test('a missing scenario file, invalid JSON, and a missing handler: exit 2', async () => {
    expect((await run('simulate', '--scenario', path.join(dir, 'none.json'))).stderr).toContain('cannot read');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "steps": [');
    expect(await run('simulate', '--scenario', broken)).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('is not valid JSON') }));
    const noHandler = await run('simulate', '--scenario', scenarioFile({ ...DIAL_IN, handler: undefined }));
    expect(noHandler).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('scenario.handler: is missing') }));
    const wrongHandler = await run('simulate', '--scenario', scenarioFile(DIAL_IN), '--handler', dir);
    expect(wrongHandler).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('has no index.js') }));
  });

  test('simulate --help prints the usage', async () => {
    const result = await run('simulate', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('simulate --scenario FILE');
  });
});
