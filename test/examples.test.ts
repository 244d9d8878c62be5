import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp } from '../examples/app';
import { cfnLintErrors } from './helpers/cfn-lint';
import { unacknowledgedNagFindings } from './helpers/nag';

function exampleApp(): App {
  return buildExampleApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-')) });
}

describe('the example app', () => {
  it('matches its snapshot', () => {
    const app = exampleApp();
    const stack = app.node.findChild('DialInExample') as unknown as import('aws-cdk-lib').Stack;

    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expect(unacknowledgedNagFindings(exampleApp())).toEqual([]);
  });

  it('has no cfn-lint errors', () => {
    expect(cfnLintErrors(exampleApp())).toEqual([]);
  });
});
