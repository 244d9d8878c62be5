import { runCli, USAGE } from '../../src/cli/run';

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
  });
  return { code, stdout, stderr };
}

describe('command line', () => {
  it.each([[], ['--help'], ['-h'], ['help']])('prints the usage for %j', async (...args) => {
    await expect(run(...args)).resolves.toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it('rejects an unknown command with its name and the usage', async () => {
    const result = await run('dial');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "dial"');
    expect(result.stderr).toContain(USAGE);
  });
});
