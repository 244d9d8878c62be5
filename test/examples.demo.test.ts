import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The README's main command, as a user runs it after `npm ci` (the bundles are built by `npm test`). */
describe('the demo', () => {
  it('synthesizes the example and plays a dial-in call through the synthesized handler that ends in the meeting', () => {
    const root = path.join(__dirname, '..');
    // Inside the project, like ./cdk.out: the handler asset resolves the AWS SDK (which Lambda
    // provides) from the project's node_modules.
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
    const outdir = fs.mkdtempSync(path.join(root, '.tmp', 'demo-'));

    const output = execFileSync(path.join(root, 'node_modules', '.bin', 'ts-node'), ['--project', 'examples/tsconfig.json', 'examples/demo.ts', outdir], {
      cwd: root,
      encoding: 'utf-8',
      env: { ...process.env, CI: 'true' },
    });

    expect(output).toContain('1 x AWS::Chime::SipMediaApplication');
    expect(output).toMatch(/→ ACTION_SUCCESSFUL #\d+ JoinChimeMeeting/);
    expect(output).toContain('The call ended in the meeting');
    expect(output).toContain('(0 left). Rule violations: 0.');
    expect(fs.existsSync(path.join(outdir, 'DialInExample.template.json'))).toBe(true);
  }, 120_000);
});
