import { App, AppProps, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CallerIdentity, CallPrompt, MeetingDialIn, PhoneNumber } from '../src';

/**
 * The app users copy: phone dial-in for the Chime SDK meetings of a web app. A caller dials the
 * ordered number, enters the meeting's PIN and waits until the host lets them in (from the web
 * app, or by calling with the host PIN); the app backend registers PINs, admits callers, dials phones
 * out and mutes them.
 */
export function buildExampleApp(props: AppProps = {}): App {
  const app = new App(props);
  const stack = new Stack(app, 'DialInExample', { env: { region: 'us-east-1' } });

  // Who is paged when callers cannot join: subscribe the on-call rota to this topic.
  const onCall = new sns.Topic(stack, 'OnCall', { enforceSSL: true });

  const dialIn = new MeetingDialIn(stack, 'DialIn', {
    phoneNumberOptions: { areaCode: '206', removalPolicy: RemovalPolicy.RETAIN },
    // A toll-free number beside the local one: the invitation lists both.
    phoneNumbers: [new PhoneNumber(stack, 'TollFree', { tollFreePrefix: '888', removalPolicy: RemovalPolicy.RETAIN })],
    pinLength: 6,
    pinTimeout: Duration.seconds(10),
    callerIdentity: CallerIdentity.MASKED,
    alarms: true,
    alarmActions: [new cloudwatchActions.SnsAction(onCall)],
    dashboard: true,
    // Phone callers wait until the host admits them; leave this out to let them join at once.
    waitingRoom: {
      holdPrompt: CallPrompt.text('Thanks for calling. The host will let you into the meeting shortly.'),
      lobbyTimeout: Duration.minutes(20),
    },
  });

  // The app's backend (here a stand-in function) registers PINs, places calls and mutes phone
  // attendees: connectBackend grants it that and tells it the table, the application and the numbers.
  const backend = new lambda.Function(stack, 'AppBackend', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  dialIn.connectBackend(backend);
  Validations.of(backend).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The stand-in backend writes its logs with the Lambda basic execution role.',
  });
  return app;
}
