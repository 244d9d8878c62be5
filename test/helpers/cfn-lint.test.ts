import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { cfnLintErrors } from './cfn-lint';

describe('cfnLintErrors', () => {
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
