import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as chime from 'aws-cdk-lib/aws-chime';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildExampleApp } from '../../examples/app';
import { MeetingDialIn, PhoneNumber, SipMediaApplication, SipRule, SipRuleTrigger } from '../../src';
import { isMeetingControlRegion } from '../../src/private/meeting-regions';
import { SIP_MEDIA_APPLICATION_REGIONS } from '../../src/private/pstn-audio-regions';
import { buildDialInInteg } from '../integ/dial-in-integ';

const ACCOUNT = '111122223333';

/** One app whose templates are validated, synthesized into its own directory. */
export interface ValidationApp {
  readonly name: string;
  readonly build: (outdir: string) => App;
}

/**
 * The apps the template check synthesizes: the example app users copy, the integration test's
 * stacks, a `MeetingDialIn` in every PSTN Audio region (built as it can be there), and each
 * building block on its own in a region where CloudFormation has the SIP media application type
 * and in one where it does not.
 */
export const VALIDATION_APPS: readonly ValidationApp[] = [
  { name: 'example', build: (outdir) => buildExampleApp({ outdir }) },
  { name: 'integ', build: (outdir) => buildDialInInteg(new App({ outdir })).app },
  {
    name: 'dial-in-per-region',
    build: (outdir) => {
      const app = new App({ outdir });
      for (const region of SIP_MEDIA_APPLICATION_REGIONS) {
        const stack = new Stack(app, `DialIn-${region}`, { env: { region, account: ACCOUNT } });
        // Numbers are ordered only in us-east-1 and us-west-2; a region without a Meetings control
        // plane names the control regions its meetings live in.
        const ordersNumbers = region === 'us-east-1' || region === 'us-west-2';
        new MeetingDialIn(stack, 'DialIn', {
          ...ordersNumbers ? {} : { phoneNumber: PhoneNumber.fromE164(stack, 'Number', '+12065550123') },
          ...isMeetingControlRegion(region) ? {} : { meetingRegions: ['eu-central-1'] },
        });
      }
      return app;
    },
  },
  {
    name: 'building-blocks',
    build: (outdir) => {
      const app = new App({ outdir });
      for (const region of ['us-east-1', 'us-west-2']) {
        const stack = new Stack(app, `BuildingBlocks-${region}`, { env: { region, account: ACCOUNT } });
        const handler = new lambda.Function(stack, 'Handler', {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler = async () => ({ SchemaVersion: "1.0", Actions: [] })'),
        });
        const sipMediaApplication = new SipMediaApplication(stack, 'SipMediaApplication', { handler });
        const phoneNumber = new PhoneNumber(stack, 'PhoneNumber', { areaCode: '206' });
        new SipRule(stack, 'SipRule', { trigger: SipRuleTrigger.toPhoneNumber(phoneNumber), targets: [{ sipMediaApplication }] });
      }
      return app;
    },
  },
];

/**
 * The check's control: a template both validators must flag, a CloudFormation SIP media application
 * in us-west-2, where CloudFormation has no such type. If neither flags it, the check sees nothing.
 */
export const CONTROL_APP: ValidationApp = {
  name: 'control',
  build: (outdir) => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Control-us-west-2', { env: { region: 'us-west-2', account: ACCOUNT } });
    new chime.CfnSipMediaApplication(stack, 'SipMediaApplication', {
      awsRegion: 'us-west-2',
      name: 'control',
      endpoints: [{ lambdaArn: `arn:aws:lambda:us-west-2:${ACCOUNT}:function:control` }],
    });
    return app;
  },
};

/** Where the template check writes the cloud assembly of `app` under `root`. */
export function assemblyDirectory(root: string, app: ValidationApp): string {
  return path.join(root, app.name);
}
