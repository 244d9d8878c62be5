import { App, AppProps, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CallerIdentity, MeetingDialIn, PhoneNumber } from '../src';

/**
 * The app users copy: phone dial-in for the Chime SDK meetings of a web app. A caller dials the
 * ordered number, enters the meeting's PIN and is in the meeting; the app backend registers PINs,
 * dials phones out and mutes them.
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
  });

  // The app's backend (here just a role) registers PINs, places calls and mutes phone attendees.
  const backend = new iam.Role(stack, 'AppBackend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  dialIn.grantRegisterMeetings(backend);
  dialIn.grantDialOut(backend);
  dialIn.grantCallUpdates(backend);
  return app;
}
