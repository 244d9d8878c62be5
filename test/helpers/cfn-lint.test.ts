import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as fs from 'fs';
import * as path from 'path';
import { cfnLintErrors, cfnLintVersion } from './cfn-lint';

/** The version that .projenrc.ts pins, read from the task it generates. */
function pinnedCfnLintVersion(): string {
  const tasks = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.projen', 'tasks.json'), 'utf-8'));
  const install: string = tasks.tasks['cfn-lint:install'].steps[0].exec;
  return /install-cfn-lint\.js (\S+)/.exec(install)![1];
}

describe('cfnLintErrors', () => {
  it('runs the cfn-lint version pinned in .projenrc.ts, whatever is on PATH', () => {
    expect(cfnLintVersion()).toBe(pinnedCfnLintVersion());
  });

  it('knows AWS::Chime::SipMediaApplication, which the constructs synthesize', () => {
    const app = new App();
    const stack = new Stack(app, 'LintSubject', { env: { region: 'us-east-1' } });
    new CfnResource(stack, 'Sma', {
      type: 'AWS::Chime::SipMediaApplication',
      properties: { AwsRegion: 'us-east-1', Name: 'dial-in', Endpoints: [{ LambdaArn: 'arn:aws:lambda:us-east-1:111111111111:function:dial-in' }] },
    });

    expect(cfnLintErrors(app)).toEqual([]);
  });

  it('reports a template with an unknown property and a wrongly typed value', () => {
    const app = new App();
    const stack = new Stack(app, 'LintSubject');
    new CfnResource(stack, 'Broken', {
      type: 'AWS::SQS::Queue',
      properties: { VisibilityTimeout: 'soon', NotAQueueProperty: true },
    });

    const errors = cfnLintErrors(app);

    expect(errors.map((error) => error.resourcePath)).toEqual(expect.arrayContaining([
      expect.stringContaining('Resources/Broken/Properties'),
    ]));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every((error) => error.stack === 'LintSubject')).toBe(true);
  });

  it('passes a valid template', () => {
    const app = new App();
    const stack = new Stack(app, 'LintSubject');
    new sqs.Queue(stack, 'Queue', { enforceSSL: true });

    expect(cfnLintErrors(app)).toEqual([]);
  });

  it('lints every stack of the app', () => {
    const app = new App();
    new sqs.Queue(new Stack(app, 'Good'), 'Queue');
    new CfnResource(new Stack(app, 'Bad'), 'Broken', { type: 'AWS::SQS::Queue', properties: { Nope: 1 } });

    expect(new Set(cfnLintErrors(app).map((error) => error.stack))).toEqual(new Set(['Bad']));
  });
});
