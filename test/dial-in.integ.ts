// A full stack for the integration snapshot (`npx projen integ:dial-in:snapshot` records it,
// `npm test` asserts it has not changed): MeetingDialIn with an app backend that uses it.
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MeetingDialIn } from '../src';

// Stack traces in the metadata hold absolute paths and line numbers; they would make the snapshot machine-specific.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'MeetingDialInInteg', { env: { region: 'us-east-1' } });
const dialIn = new MeetingDialIn(stack, 'DialIn', { phoneNumberOptions: { areaCode: '206' }, alarms: true });
const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
dialIn.grantDialOut(backend);
dialIn.grantCallUpdates(backend);
dialIn.grantRegisterMeetings(backend);
app.synth();
