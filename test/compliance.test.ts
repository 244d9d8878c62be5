import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PhoneNumber, SipMediaApplication, SipRule, SipRuleTrigger } from '../src';
import { cfnLintErrors } from './helpers/cfn-lint';
import { unacknowledgedNagFindings } from './helpers/nag';

/** The building blocks wired together by hand, as a user composing them would. */
function buildingBlocksApp(): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'blocks-')) });
  const stack = new Stack(app, 'BuildingBlocks', { env: { region: 'us-east-1', account: '111122223333' } });
  const handler = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ SchemaVersion: "1.0", Actions: [] })'),
  });
  const sma = new SipMediaApplication(stack, 'Sma', { handler });
  const number = new PhoneNumber(stack, 'Number', { areaCode: '206' });
  new SipRule(stack, 'Rule', { trigger: SipRuleTrigger.toPhoneNumber(number), targets: [{ sipMediaApplication: sma }] });
  return app;
}

describe('building blocks composed by hand', () => {
  it('have no cfn-lint errors', () => {
    expect(cfnLintErrors(buildingBlocksApp())).toEqual([]);
  });

  it('leave only the user handler\'s own managed-policy finding to the user', () => {
    const findings = unacknowledgedNagFindings(buildingBlocksApp());

    expect(findings.map((finding) => `${finding.rule} ${finding.constructPath}`)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] BuildingBlocks/Handler/ServiceRole/Resource',
    ]);
  });
});
