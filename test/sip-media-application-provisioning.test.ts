import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { MeetingDialIn, PhoneNumber, SipMediaApplication, SipMediaApplicationProvisioning } from '../src';
import { cfnLintErrors } from './helpers/cfn-lint';
import { unacknowledgedNagFindings } from './helpers/nag';
import { isMeetingControlRegion } from '../src/private/meeting-regions';
import { SIP_MEDIA_APPLICATION_REGIONS } from '../src/private/pstn-audio-regions';

const ACCOUNT = '111122223333';

function newStack(app: App, region?: string, id = `Subject-${region ?? 'agnostic'}`): Stack {
  return new Stack(app, id, region ? { env: { region, account: ACCOUNT } } : {});
}

function newHandler(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

/**
 * A MeetingDialIn as it can be built in `region`: phone numbers are ordered only in us-east-1 and
 * us-west-2, and a region without a Meetings control plane (eu-west-1) must name the control
 * regions its meetings live in.
 */
function dialInIn(app: App, region: string): Stack {
  const stack = newStack(app, region);
  const ordersNumbers = region === 'us-east-1' || region === 'us-west-2';
  new MeetingDialIn(stack, 'DialIn', {
    ...ordersNumbers ? {} : { phoneNumber: PhoneNumber.fromE164(stack, 'Number', '+12065550123') },
    ...isMeetingControlRegion(region) ? {} : { meetingRegions: ['eu-central-1'] },
  });
  return stack;
}

describe('SipMediaApplication provisioning by region', () => {
  it.each([
    ['us-east-1', 'AWS::Chime::SipMediaApplication'],
    ['us-west-2', 'Custom::ChimeSipMediaApplication'],
    ['eu-west-2', 'AWS::Chime::SipMediaApplication'],
  ])('in %s is a %s', (region, type) => {
    const stack = newStack(new App(), region);
    new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) });

    Template.fromStack(stack).resourceCountIs(type, 1);
  });

  it('can be forced either way', () => {
    const app = new App();
    const east = newStack(app, 'us-east-1');
    new SipMediaApplication(east, 'Sma', { handler: newHandler(east), provisioning: SipMediaApplicationProvisioning.VOICE_API });
    const west = newStack(app, 'us-west-2');
    new SipMediaApplication(west, 'Sma', { handler: newHandler(west), provisioning: SipMediaApplicationProvisioning.CLOUDFORMATION });

    Template.fromStack(east).resourceCountIs('Custom::ChimeSipMediaApplication', 1);
    Template.fromStack(west).resourceCountIs('AWS::Chime::SipMediaApplication', 1);
  });

  it('through the Voice API has the same surface: ID, ARN, grants and the invoke permission it waits for', () => {
    const stack = newStack(new App(), 'us-west-2');
    const sma = new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack), sipMediaApplicationName: 'dial-in' });
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    sma.grantCreateCall(backend);
    sma.grantUpdateCall(backend);
    const template = Template.fromStack(stack);

    const [logicalId] = Object.keys(template.findResources('Custom::ChimeSipMediaApplication'));
    expect(stack.resolve(sma.sipMediaApplicationId)).toEqual({ Ref: logicalId });
    expect(stack.resolve(sma.sipMediaApplicationArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'SipMediaApplicationArn'] });
    const [permissionId] = Object.keys(template.findResources('AWS::Lambda::Permission', {
      Properties: { Principal: 'voiceconnector.chime.amazonaws.com', SourceAccount: ACCOUNT },
    }));
    template.hasResource('Custom::ChimeSipMediaApplication', {
      Properties: { Name: 'dial-in', AwsRegion: 'us-west-2', LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Handler'), 'Arn'] } },
      DependsOn: [permissionId],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Backend') }],
      PolicyDocument: {
        Statement: [
          { Action: 'chime:CreateSipMediaApplicationCall', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId, 'SipMediaApplicationArn'] } },
          { Action: 'chime:UpdateSipMediaApplicationCall', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId, 'SipMediaApplicationArn'] } },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['chime:CreateSipMediaApplication', 'chime:DeleteSipMediaApplication']) })]) },
    });
  });

  it('warns in an environment-agnostic stack which provisioning it uses and why', () => {
    const stack = newStack(new App());
    new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) });

    Annotations.fromStack(stack).hasWarning('/Subject-agnostic/Sma', Match.stringLikeRegexp(
      'region is unknown at synth.*AWS::Chime::SipMediaApplication, which CloudFormation does not have in us-west-2.*VOICE_API'));
    Template.fromStack(stack).resourceCountIs('AWS::Chime::SipMediaApplication', 1);
  });

  it('MeetingDialIn passes sipMediaApplicationProvisioning on: an environment-agnostic stack can go to us-west-2 without a warning', () => {
    const stack = newStack(new App());
    new MeetingDialIn(stack, 'DialIn', { sipMediaApplicationProvisioning: SipMediaApplicationProvisioning.VOICE_API });

    Template.fromStack(stack).resourceCountIs('AWS::Chime::SipMediaApplication', 0);
    Template.fromStack(stack).resourceCountIs('Custom::ChimeSipMediaApplication', 1);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('region is unknown at synth'));
  });

  it('refuses a Voice API application in another region than its stack', () => {
    const stack = newStack(new App(), 'us-west-2');
    const handler = lambda.Function.fromFunctionAttributes(stack, 'East', {
      functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:calls`, sameEnvironment: true,
    });

    expect(() => new SipMediaApplication(stack, 'Sma', { handler, region: 'us-east-1', provisioning: SipMediaApplicationProvisioning.VOICE_API }))
      .toThrow('region "us-east-1" is not the stack\'s region "us-west-2"');
  });

  it('a MeetingDialIn in every PSTN Audio region has no cfn-lint errors in its own region', () => {
    const app = new App();
    for (const region of SIP_MEDIA_APPLICATION_REGIONS) {
      dialInIn(app, region);
    }

    expect(cfnLintErrors(app)).toEqual([]);
  });

  it('a MeetingDialIn in us-west-2 has no unacknowledged cdk-nag findings', () => {
    const app = new App();
    dialInIn(app, 'us-west-2');

    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });
});

describe('SipMediaApplication handler permission', () => {
  it('fails synth for an imported handler that cannot be granted, saying how to fix it', () => {
    const stack = newStack(new App());
    const handler = lambda.Function.fromFunctionArn(stack, 'Imported', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:calls`);

    expect(() => new SipMediaApplication(stack, 'Sma', { handler, region: 'us-east-1' }))
      .toThrow(/cannot be granted the invoke permission.*sameEnvironment: true.*aws lambda add-permission.*grantInvoke: false/);
  });

  it('fails synth for a handler in another account', () => {
    const stack = newStack(new App(), 'us-east-1');
    const handler = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:us-east-1:444455556666:function:calls');

    expect(() => new SipMediaApplication(stack, 'Sma', { handler })).toThrow(/cannot be granted the invoke permission/);
  });

  it('leaves the permission to the user who says so', () => {
    const stack = newStack(new App(), 'us-east-1');
    const handler = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:us-east-1:444455556666:function:calls');
    new SipMediaApplication(stack, 'Sma', { handler, grantInvoke: false });

    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 0);
  });
});
