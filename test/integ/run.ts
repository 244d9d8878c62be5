// `npm run integ`: deploys the dial-in integration test to the AWS account and region of the
// environment, reads its assertion results, and destroys both stacks whatever happened.
// `--snapshot-only` (npx projen integ:snapshot) only rewrites the committed snapshot.
// Without credentials it prints the plan and stops before anything reaches the network: the
// credential check reads the environment and the shared files only, never the EC2 metadata endpoint.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findCredentialSource } from './credentials';
import { ASSERTION_STACK_NAME, DIAL_IN_STACK_NAME, INTEG_REGIONS } from './names';

/** Exit code when the run cannot start (no credentials, a region without phone numbers). */
const CANNOT_RUN = 2;
const ROOT = path.join(__dirname, '..', '..');
const STACKS = [DIAL_IN_STACK_NAME, ASSERTION_STACK_NAME];

main(process.argv.slice(2));

function main(args: string[]): void {
  if (args.includes('--snapshot-only')) {
    const { DIAL_IN_SNAPSHOT_DIR, synthDialInInteg, writeSnapshot } = synthesis();
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
    synthDialInInteg(outdir);
    writeSnapshot(outdir, DIAL_IN_SNAPSHOT_DIR);
    fs.rmSync(outdir, { recursive: true, force: true });
    console.log(`Wrote ${path.relative(ROOT, DIAL_IN_SNAPSHOT_DIR)}.`);
    return;
  }
  const clean = !args.includes('--no-clean');
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? INTEG_REGIONS[0];
  printPlan(region, clean);
  if (!INTEG_REGIONS.includes(region)) {
    fail(`Region ${region} cannot order phone numbers: set AWS_REGION to ${INTEG_REGIONS.join(' or ')}.`);
  }
  const credentials = findCredentialSource(process.env, os.homedir());
  if (!credentials) {
    fail('No AWS credentials found: nothing was deployed. Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY '
      + '(and AWS_SESSION_TOKEN), or set AWS_PROFILE to a profile of ~/.aws/config or ~/.aws/credentials, then run `npm run integ` again.');
  }
  console.log(`Credentials: ${credentials}.\n`);

  run('npx', ['projen', 'bundle']);
  const outdir = path.join(ROOT, '.tmp', 'integ', 'cdk.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  synthesis().synthDialInInteg(outdir);
  const outputsFile = path.join(ROOT, '.tmp', 'integ', 'outputs.json');
  fs.rmSync(outputsFile, { force: true });
  const env = { ...process.env, AWS_REGION: region, CDK_DEFAULT_REGION: region };
  let deployed = false;
  let failures: string[] = [];
  try {
    deployed = cdk(['deploy', ...STACKS, '--require-approval', 'never', '--outputs-file', outputsFile], env);
    failures = deployed ? failedAssertions(outputsFile) : ['the deployment failed (see the stack events above): an assertion that waits timed out, or a resource could not be created'];
  } finally {
    if (clean) {
      if (!cdk(['destroy', ...STACKS, '--force'], env)) {
        failures.push(`destroying the stacks failed: delete ${STACKS.join(' and ')} in ${region} by hand, and check that no phone number is left`);
      }
    } else {
      console.log(`--no-clean: ${STACKS.join(' and ')} are left in ${region}; the phone number stays billed until you run \`npx cdk destroy --app ${path.relative(ROOT, outdir)} --all\`.`);
    }
  }
  if (failures.length > 0) {
    console.error(`\nThe integration test failed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
    process.exit(1);
  }
  console.log('\nThe integration test passed: every assertion succeeded.');
}

/** The synthesis, loaded only when needed: aws-cdk-lib takes seconds to load, the plan and the credential check none. */
function synthesis() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeSnapshot } = require('../../scripts/diff-integ-snapshot.js') as { writeSnapshot(freshDir: string, snapshotDir: string): void };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...require('./synth') as typeof import('./synth'), writeSnapshot };
}

function printPlan(region: string, clean: boolean): void {
  console.log([
    `npm run integ: the dial-in integration test (test/integ/integ.dial-in.ts) in ${region}`,
    `  1. synthesize ${STACKS.join(' and ')} (environment-agnostic: the region comes from AWS_REGION; ${INTEG_REGIONS.join(' or ')})`,
    `  2. deploy ${DIAL_IN_STACK_NAME}: a MeetingDialIn that orders one local US phone number (removal policy DESTROY),`,
    '     its SIP media application, SIP rule, handler and meeting directory table',
    `  3. deploy ${ASSERTION_STACK_NAME}, whose assertions check that the number reaches Assigned, the SIP rule`,
    '     is enabled and targets the SIP media application, whose endpoint is the handler; then a smoke call without a phone:',
    '     CreateMeeting, a PIN item in the directory, NEW_INBOUND_CALL -> SpeakAndGetDigits, the PIN -> JoinChimeMeeting',
    '     with a JoinToken and the meeting id, the caller in ListAttendees, HANGUP -> no attendee left, DeleteMeeting',
    clean ? '  4. destroy both stacks, whatever happened (the number goes to the deletion queue)' : '  4. --no-clean: leave both stacks deployed',
    '  It needs a CDK-bootstrapped account with PSTN Audio access and a free phone number (the quota is 5).',
    '',
  ].join('\n'));
}

/** The failed assertions in the deployment's outputs, as integ-runner reads them (AssertionResults* of the assertion stack). */
function failedAssertions(outputsFile: string): string[] {
  const outputs = JSON.parse(fs.readFileSync(outputsFile, 'utf-8')) as Record<string, Record<string, string>>;
  const results = Object.entries(outputs[ASSERTION_STACK_NAME] ?? {}).filter(([name]) => name.startsWith('AssertionResults'));
  if (results.length === 0) {
    return [`${ASSERTION_STACK_NAME} reported no assertion results`];
  }
  const failed: string[] = [];
  for (const [name, value] of results) {
    const result = JSON.parse(value.replace(/\n/g, '\\n')) as { status?: string; message?: string };
    console.log(`  ${result.status === 'success' ? 'PASS' : 'FAIL'}  ${name}`);
    if (result.status !== 'success') {
      failed.push(`${name}: ${result.message ?? value}`);
    }
  }
  return failed;
}

function cdk(args: string[], env: NodeJS.ProcessEnv): boolean {
  const outdir = path.join(ROOT, '.tmp', 'integ', 'cdk.out');
  return run('npx', ['cdk', ...args, '--app', outdir, '--no-notices', '--no-version-reporting'], env, false);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, required = true): boolean {
  const { status } = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit' });
  if (status !== 0 && required) {
    fail(`${command} ${args.join(' ')} failed (exit code ${status}).`);
  }
  return status === 0;
}

function fail(message: string): never {
  console.error(message);
  process.exit(CANNOT_RUN);
}
