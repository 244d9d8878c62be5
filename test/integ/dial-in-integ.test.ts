import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ASSERTION_STACK_NAME, DIAL_IN_STACK_NAME } from './names';
import { DIAL_IN_SNAPSHOT_DIR, dialInIntegApp, synthDialInInteg } from './synth';
import { cfnLintErrors } from '../helpers/cfn-lint';
import { unacknowledgedNagFindings } from '../helpers/nag';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { snapshotDifferences } = require('../../scripts/diff-integ-snapshot.js') as { snapshotDifferences(snapshotDir: string, freshDir: string): string[] };

const STACKS = [DIAL_IN_STACK_NAME, ASSERTION_STACK_NAME];

interface SnapshotResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

function snapshotTemplate(stack: string): { Resources: Record<string, SnapshotResource> } {
  return JSON.parse(fs.readFileSync(path.join(DIAL_IN_SNAPSHOT_DIR, `${stack}.template.json`), 'utf-8'));
}

describe('the dial-in integration test', () => {
  it('matches its committed snapshot, the assertion stack included (asset hashes and assertion salts aside)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-dial-in-'));
    try {
      const assembly = synthDialInInteg(outdir);
      expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([...STACKS].sort());
      const differences = snapshotDifferences(DIAL_IN_SNAPSHOT_DIR, outdir);
      if (differences.length > 0) {
        throw new Error(`${differences.join('\n')}\nIf the change is intended, run \`npx projen integ:snapshot\` and commit the snapshot.`);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('retains nothing: no Retain or Snapshot policy on any resource, and the phone number is released', () => {
    for (const stack of STACKS) {
      for (const [id, resource] of Object.entries(snapshotTemplate(stack).Resources)) {
        expect({ id, deletion: resource.DeletionPolicy ?? 'Delete', replace: resource.UpdateReplacePolicy ?? 'Delete' })
          .toEqual({ id, deletion: 'Delete', replace: 'Delete' });
      }
    }
    const numbers = Object.values(snapshotTemplate(DIAL_IN_STACK_NAME).Resources).filter((resource) => resource.Type === 'Custom::ChimePhoneNumber');
    // The number's removal policy is its DeletionPolicy: CloudFormation sends the Delete that releases it.
    expect(numbers.map((number) => [number.DeletionPolicy, number.UpdateReplacePolicy, number.Properties?.RemovalPolicy]))
      .toEqual([['Delete', 'Delete', undefined]]);
  });

  it('leaves no cdk-nag finding unacknowledged', () => {
    expect(unacknowledgedNagFindings(dialInIntegApp().app)).toEqual([]);
  });

  it('has no cfn-lint error', () => {
    expect(cfnLintErrors(dialInIntegApp().app)).toEqual([]);
  });
});
