import { App, AppProps, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SipMediaApplication } from '../src';

/**
 * The app users copy: a SIP media application whose handler answers every call with a greeting
 * and hangs up. It grows into the full dial-in example as the library's constructs land.
 */
export function buildExampleApp(props: AppProps = {}): App {
  const app = new App(props);
  const stack = new Stack(app, 'DialInExample', { env: { region: 'us-east-1' } });

  const handler = new lambda.Function(stack, 'CallHandler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline(GREETING_HANDLER),
  });

  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The AWS managed basic execution policy only lets the handler write its own CloudWatch logs.',
  });

  new SipMediaApplication(stack, 'SipMediaApplication', { handler });
  return app;
}

const GREETING_HANDLER = `
exports.handler = async (event) => {
  const leg = (event.CallDetails.Participants || []).find((p) => p.ParticipantTag === 'LEG-A');
  if (event.InvocationEventType !== 'NEW_INBOUND_CALL' || !leg) {
    return { SchemaVersion: '1.0', Actions: [] };
  }
  return {
    SchemaVersion: '1.0',
    Actions: [
      { Type: 'Speak', Parameters: { CallId: leg.CallId, Text: 'Hello from your SIP media application.' } },
      { Type: 'Hangup', Parameters: { SipResponseCode: '0' } },
    ],
  };
};
`;
