import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findCredentialSource } from './credentials';

const ROOT = path.join(__dirname, '..', '..');

describe('findCredentialSource', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  function write(file: string, text: string): void {
    fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
    fs.writeFileSync(path.join(home, '.aws', file), text);
  }

  it('finds nothing in an empty environment and home', () => {
    expect(findCredentialSource({}, home)).toBeUndefined();
  });

  it('takes keys from the environment first, and needs both of them', () => {
    expect(findCredentialSource({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'secret' }, home)).toMatch(/environment/);
    expect(findCredentialSource({ AWS_ACCESS_KEY_ID: 'AKIA' }, home)).toBeUndefined();
  });

  it('takes the profile of AWS_PROFILE from the credentials file, or the default one', () => {
    write('credentials', '[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n[other]\nregion = us-east-1\n');
    expect(findCredentialSource({}, home)).toMatch(/profile "default"/);
    expect(findCredentialSource({ AWS_PROFILE: 'other' }, home)).toBeUndefined();
  });

  it('takes a config-file profile that has a way to get credentials (SSO, a role, an instance role)', () => {
    write('config', '[profile sso]\nsso_session = corp\n[profile ec2]\ncredential_source = Ec2InstanceMetadata\nrole_arn = arn:aws:iam::1:role/r\n[profile bare]\nregion = us-west-2\n');
    expect(findCredentialSource({ AWS_PROFILE: 'sso' }, home)).toMatch(/profile "sso"/);
    expect(findCredentialSource({ AWS_PROFILE: 'ec2' }, home)).toMatch(/profile "ec2"/);
    expect(findCredentialSource({ AWS_PROFILE: 'bare' }, home)).toBeUndefined();
    // In the config file a named profile is "[profile NAME]": a bare "[sso]" section is not it.
    write('config', '[sso]\nsso_session = corp\n');
    expect(findCredentialSource({ AWS_PROFILE: 'sso' }, home)).toBeUndefined();
  });
});

/** `npm run integ`'s script in `env`, as its projen task runs it. */
function runInteg(env: NodeJS.ProcessEnv) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', '--project', 'test/tsconfig.json', 'test/integ/run.ts'], {
    cwd: ROOT, env, encoding: 'utf-8',
  });
}

describe('npm run integ without credentials', () => {
  it('prints what it would do, deploys nothing and exits non-zero with a clear message', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-home-'));
    try {
      // Only what a shell needs: no AWS variable, a home without ~/.aws. The metadata endpoint stays
      // off for the test's own sake; the runner never asks it (it decides before any network call).
      const env = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' };
      const run = runInteg(env);
      expect(run.status).toBe(2);
      expect(run.stdout).toContain('deploy MeetingDialInInteg');
      expect(run.stdout).toContain('destroy both stacks');
      expect(run.stderr).toContain('No AWS credentials found: nothing was deployed.');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('refuses a region that cannot order phone numbers', () => {
    // No credentials either, so that a runner that checked the region too late would stop before the network.
    const env = { PATH: process.env.PATH, HOME: path.join(os.tmpdir(), 'no-such-home'), AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' };
    const run = runInteg(env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Region eu-west-1 cannot order phone numbers: set AWS_REGION to us-east-1 or us-west-2.');
  });
});
