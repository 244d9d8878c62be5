import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, USAGE } from '../../src/cli/run';

const ROOT = path.join(__dirname, '..', '..');

/** The command line as a process of its own (from the sources), so that stdout is the real one. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cdk-chime-meeting-dialin simulate with the bundled handler', () => {
  it('--format json prints JSON only on stdout; the handler\'s logs and metrics go to stderr', () => {
    const result = cli('simulate', '--scenario', 'scenarios/dial-in.json', '--handler', 'assets/handler/meeting-join.lambda', '--format', 'json');

    expect(result.status).toBe(0);
    const document = JSON.parse(result.stdout) as { passed: boolean; transcript: unknown };
    expect(document.passed).toBe(true);
    // Powertools' JSON log line and EMF metrics of the handler, on stderr.
    expect(result.stderr).toContain('"message":"inbound call"');
    expect(result.stderr).toContain('"_aws"');
    expect(result.stderr).toMatch(/PASS [0-9a-f-]{36}: every expectation holds/);
  }, 60_000);
});

describe('simulate --help', () => {
  it('points at the scenario guide and the example scenarios the package ships, and summarizes the format', async () => {
    let stdout = '';
    expect(await runCli(['simulate', '--help'], { stdout: { write: (text: string) => { stdout += text; } }, stderr: { write: () => undefined } })).toBe(0);

    const guide = /The full guide: (\S+)/.exec(stdout)?.[1];
    const examples = /Examples \(they run the bundled handler\): (\S+)/.exec(stdout)?.[1];
    expect(guide && existsSync(guide)).toBe(true);
    expect(examples && existsSync(path.join(examples, 'dial-in.json'))).toBe(true);
    for (const field of ['caller.from', 'meetings', 'steps', 'expect', '{ digits: "123456#" }', 'CDK_CHIME_DIALIN_CONFIG']) {
      expect(USAGE).toContain(field);
    }
  });
});
