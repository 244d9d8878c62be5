import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SipMediaApplication } from '../src';

function newStack(region: string | null = 'us-east-1'): Stack {
  return new Stack(new App(), 'Subject', region ? { env: { region, account: '111122223333' } } : {});
}

function newHandler(stack: Stack, id = 'Handler'): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

describe('SipMediaApplication', () => {
  it('runs in the region it is given, which its env reports', () => {
    const stack = newStack('us-east-1');
    const handler = lambda.Function.fromFunctionArn(stack, 'WestHandler', 'arn:aws:lambda:us-west-2:111122223333:function:calls');
    const sma = new SipMediaApplication(stack, 'Sma', { handler, region: 'us-west-2', grantInvoke: false });

    expect(sma.env.region).toBe('us-west-2');
    Template.fromStack(stack).hasResourceProperties('AWS::Chime::SipMediaApplication', { AwsRegion: 'us-west-2' });
  });

  it('points the SIP media application at the handler in the stack region', () => {
    const stack = newStack();
    new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack), sipMediaApplicationName: 'dial-in' });

    Template.fromStack(stack).hasResourceProperties('AWS::Chime::SipMediaApplication', {
      AwsRegion: 'us-east-1',
      Name: 'dial-in',
      Endpoints: [{ LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Handler'), 'Arn'] } }],
    });
  });

  it('lets only the PSTN Audio service of this account invoke the handler, before the application exists', () => {
    const stack = newStack();
    new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) });
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'voiceconnector.chime.amazonaws.com',
      SourceAccount: '111122223333',
    });
    const [permissionId] = Object.keys(template.findResources('AWS::Lambda::Permission'));
    template.hasResource('AWS::Chime::SipMediaApplication', { DependsOn: [permissionId] });
  });

  it('derives a valid name from the construct path when none is given', () => {
    const stack = newStack();
    new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) });

    Template.fromStack(stack).hasResourceProperties('AWS::Chime::SipMediaApplication', {
      Name: Match.stringLikeRegexp('^Subject-Sma-[A-Za-z0-9]+$'),
    });
  });

  it('follows the stack region when the stack is environment-agnostic', () => {
    const stack = newStack(null);
    new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) });

    Template.fromStack(stack).hasResourceProperties('AWS::Chime::SipMediaApplication', {
      AwsRegion: { Ref: 'AWS::Region' },
    });
  });

  it('exposes the ID and ARN attributes of the resource', () => {
    const stack = newStack();
    const sma = new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) });

    const logicalId = stack.getLogicalId(sma.node.defaultChild as CfnElement);

    expect(stack.resolve(sma.sipMediaApplicationId)).toEqual({ 'Fn::GetAtt': [logicalId, 'SipMediaApplicationId'] });
    expect(stack.resolve(sma.sipMediaApplicationArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'SipMediaApplicationArn'] });
  });

  it('grants each of two applications sharing a handler its own permission', () => {
    const stack = newStack();
    const handler = newHandler(stack);
    new SipMediaApplication(stack, 'Primary', { handler });
    new SipMediaApplication(stack, 'Secondary', { handler });

    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 2);
  });

  it.each(['', 'a'.repeat(257), 'dial/in', 'dial:in'])('rejects the name %j and says what is allowed', (name) => {
    const stack = newStack();

    expect(() => new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack), sipMediaApplicationName: name }))
      .toThrow(`sipMediaApplicationName "${name}" is invalid: use 1 to 256 letters, digits, spaces, '_', '.' or '-'.`);
  });

  it('rejects a region without PSTN Audio and lists the ones that have it', () => {
    const stack = newStack('eu-south-1');

    expect(() => new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) }))
      .toThrow(/region "eu-south-1" has no PSTN Audio: choose one of us-east-1, us-west-2, .*ap-southeast-2\./);
  });

  it('rejects a handler in another region than the application', () => {
    const stack = newStack('us-east-1');
    const handler = lambda.Function.fromFunctionArn(stack, 'Remote', 'arn:aws:lambda:us-west-2:111122223333:function:calls');

    expect(() => new SipMediaApplication(stack, 'Sma', { handler }))
      .toThrow('handler is in region "us-west-2" but the SIP media application is in "us-east-1"');
  });

  it('grants placing and updating calls on this application only', () => {
    const stack = newStack();
    const sma = new SipMediaApplication(stack, 'Sma', { handler: newHandler(stack) });
    const imported = SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'West', { sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000002', region: 'us-west-2' });
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    sma.grantCreateCall(backend);
    imported.grantUpdateCall(backend);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Backend') }],
      PolicyDocument: {
        Statement: [
          { Action: 'chime:CreateSipMediaApplicationCall', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Sma'), 'SipMediaApplicationArn'] } },
          {
            Action: 'chime:UpdateSipMediaApplicationCall',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':chime:us-west-2:111122223333:sma/a1b2c3d4-0000-4000-8000-000000000002']] },
          },
        ],
      },
    });
  });

  it('imports an existing application in another region with its ARN there', () => {
    const stack = newStack('us-east-1');

    const imported = SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'Existing', {
      sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000000',
      region: 'us-west-2',
    });

    expect(imported.env.region).toBe('us-west-2');
    expect(stack.resolve(imported.sipMediaApplicationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':chime:us-west-2:111122223333:sma/a1b2c3d4-0000-4000-8000-000000000000']],
    });
  });

  it('rejects an import from a region without PSTN Audio', () => {
    const stack = newStack('us-east-1');

    expect(() => SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'Existing', {
      sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000000',
      region: 'sa-east-1',
    })).toThrow('region "sa-east-1" has no PSTN Audio');
  });

  it('imports an existing application by ID with its ARN in the stack environment', () => {
    const stack = newStack('us-west-2');

    const imported = SipMediaApplication.fromSipMediaApplicationId(stack, 'Existing', 'a1b2c3d4-0000-4000-8000-000000000000');

    expect(imported.sipMediaApplicationId).toBe('a1b2c3d4-0000-4000-8000-000000000000');
    expect(stack.resolve(imported.sipMediaApplicationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':chime:us-west-2:111122223333:sma/a1b2c3d4-0000-4000-8000-000000000000']],
    });
  });
});
