import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { unacknowledgedNagFindings } from './nag';

function queueStack(options: { enforceSSL: boolean }): { app: App; stack: Stack; queue: sqs.Queue } {
  const app = new App();
  const stack = new Stack(app, 'NagSubject');
  const deadLetters = new sqs.Queue(stack, 'DeadLetters', { enforceSSL: true });
  const queue = new sqs.Queue(stack, 'Work', {
    enforceSSL: options.enforceSSL,
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
  });
  return { app, stack, queue };
}

describe('unacknowledgedNagFindings', () => {
  it('reports the rule and construct of a deliberately non-compliant resource', () => {
    const { app } = queueStack({ enforceSSL: false });

    const findings = unacknowledgedNagFindings(app);

    expect(findings).toEqual([
      expect.objectContaining({ rule: 'AwsSolutions-SQS4', constructPath: 'NagSubject/Work/Resource' }),
    ]);
  });

  it('returns nothing for a compliant stack', () => {
    const { app } = queueStack({ enforceSSL: true });

    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  it('leaves out a finding acknowledged on the construct', () => {
    const { app, queue } = queueStack({ enforceSSL: false });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS4', reason: 'proves acknowledgements are honoured' });

    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  it('still sees findings after the app was synthesized once', () => {
    const { app } = queueStack({ enforceSSL: false });
    app.synth();

    expect(unacknowledgedNagFindings(app).map((finding) => finding.rule)).toEqual(['AwsSolutions-SQS4']);
  });
});
