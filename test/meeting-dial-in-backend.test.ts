import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { MeetingDialIn, MeetingDialInProps, PhoneNumber, SipMediaApplicationProvisioning } from '../src';
import { cfnLintErrors } from './helpers/cfn-lint';
import { unacknowledgedNagFindings } from './helpers/nag';

/** A stack in us-east-1; `{}` for an environment-agnostic one. */
function newStack(env: { region?: string; account?: string } = { region: 'us-east-1', account: '111122223333' }): Stack {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-')) });
  return new Stack(app, 'DialIn', { env });
}

function backendFunction(stack: Stack, id = 'Backend'): lambda.Function {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});') });
}

function variablesOf(template: Template, logicalIdPrefix: string): Record<string, unknown> {
  const functions = template.findResources('AWS::Lambda::Function');
  const [id] = Object.keys(functions).filter((name) => name.startsWith(logicalIdPrefix));
  return functions[id].Properties.Environment.Variables;
}

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

function statementsOf(template: Template, rolePrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp(`^${rolePrefix}`) } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => [statement.Action].flat()).sort();

describe('MeetingDialIn.connectBackend', () => {
  it('sets the documented variables on the backend function', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn', { pinLength: 8, meetingRegions: ['us-east-1', 'eu-central-1'] });
    dialIn.connectBackend(backendFunction(stack));
    const variables = variablesOf(Template.fromStack(stack), 'Backend');

    expect(variables).toEqual({
      CDK_CHIME_DIALIN_DIRECTORY_TABLE: { Ref: expect.stringMatching(/^DialInMeetingDirectory/) },
      CDK_CHIME_DIALIN_CALL_RECORD_TABLE: { Ref: expect.stringMatching(/^DialInMeetingDirectory/) },
      CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_ID: { 'Fn::GetAtt': [expect.stringMatching(/^DialInSipMediaApplication/), 'SipMediaApplicationId'] },
      CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_REGION: 'us-east-1',
      CDK_CHIME_DIALIN_PHONE_NUMBERS: { Ref: expect.stringMatching(/^DialInPhoneNumber/) },
      CDK_CHIME_DIALIN_PIN_LENGTH: '8',
      CDK_CHIME_DIALIN_MEETING_REGIONS: 'us-east-1,eu-central-1',
    });
  });

  it('grants registerMeeting and the PIN lifecycle, dialOut, updateCall and call-record reads, and no more', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn');
    dialIn.connectBackend(backendFunction(stack));
    const statements = statementsOf(Template.fromStack(stack), 'BackendServiceRoleDefaultPolicy');

    expect(actionsOf(statements)).toEqual([
      'chime:CreateSipMediaApplicationCall', 'chime:UpdateSipMediaApplicationCall',
      'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
    ]);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'dynamodb:GetItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['call#*'] } } }));
  });

  it('on a standby, sets no phone numbers; with a custom handler, only what applies', () => {
    const standbyStack = newStack({ region: 'us-west-2', account: '111122223333' });
    const standby = new MeetingDialIn(standbyStack, 'DialIn', { standby: true, meetingRegions: ['us-east-1'], meetingDirectory: dynamodb.TableV2.fromTableName(standbyStack, 'Replica', 'meeting-directory') });
    standby.connectBackend(backendFunction(standbyStack));
    expect(Object.keys(variablesOf(Template.fromStack(standbyStack), 'Backend'))).not.toContain('CDK_CHIME_DIALIN_PHONE_NUMBERS');

    const stack = newStack();
    const custom = new MeetingDialIn(stack, 'DialIn', { handler: backendFunction(stack, 'Mine') });
    custom.connectBackend(backendFunction(stack));
    const template = Template.fromStack(stack);

    expect(Object.keys(variablesOf(template, 'Backend')).sort()).toEqual([
      'CDK_CHIME_DIALIN_PHONE_NUMBERS', 'CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_ID', 'CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_REGION',
    ]);
    expect(actionsOf(statementsOf(template, 'BackendServiceRoleDefaultPolicy'))).toEqual(['chime:CreateSipMediaApplicationCall', 'chime:UpdateSipMediaApplicationCall']);
    expect(() => custom.meetingDirectory).toThrow('DialIn/DialIn has a custom handler and no meetingDirectory: pass meetingDirectory if your handler reads one.');
  });

  it('has no unacknowledged cdk-nag findings and no cfn-lint errors with a connected backend', () => {
    const build = () => {
      const stack = newStack();
      new MeetingDialIn(stack, 'DialIn').connectBackend(backendFunction(stack));
      return stack.node.root as App;
    };
    const findings = unacknowledgedNagFindings(build())
      // The backend stand-in's own findings (the managed policy of its service role, its runtime) are not the dial-in's.
      .filter((finding) => !/\/Backend\//.test(JSON.stringify(finding)));

    expect(findings).toEqual([]);
    expect(cfnLintErrors(build())).toEqual([]);
  });
});

describe('MeetingDialIn outputs', () => {
  it('outputs each number, all numbers, the SIP media application and the directory, under stable ids', () => {
    const stack = newStack();
    new MeetingDialIn(stack, 'DialIn', { phoneNumber: PhoneNumber.fromE164(stack, 'Number', '+12065550100') });
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;
    const byPrefix = (prefix: string) => Object.entries(outputs).filter(([id]) => id.startsWith(prefix)).map(([, output]) => output.Value);

    expect(byPrefix('DialInPhoneNumber1')).toEqual(['+12065550100']);
    expect(byPrefix('DialInPhoneNumbers')).toEqual(['+12065550100']);
    expect(byPrefix('DialInSipMediaApplicationId')).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^DialInSipMediaApplication/), 'SipMediaApplicationId'] }]);
    expect(byPrefix('DialInSipMediaApplicationRegion')).toEqual(['us-east-1']);
    expect(byPrefix('DialInMeetingDirectoryTableName')).toEqual([{ Ref: expect.stringMatching(/^DialInMeetingDirectory/) }]);
  });

  it('a standby outputs its SIP media application for the primary\'s failoverTargets, and no number', () => {
    const stack = newStack({ region: 'us-west-2', account: '111122223333' });
    new MeetingDialIn(stack, 'DialIn', { standby: true, meetingRegions: ['us-east-1'], meetingDirectory: dynamodb.TableV2.fromTableName(stack, 'Replica', 'meeting-directory') });
    const ids = Object.keys(Template.fromStack(stack).toJSON().Outputs);

    expect(ids.some((id) => id.startsWith('DialInSipMediaApplicationId'))).toBe(true);
    expect(ids.some((id) => id.startsWith('DialInPhoneNumber'))).toBe(false);
  });
});

describe('MeetingDialIn settings that would be ignored', () => {
  const customHandler = (stack: Stack) => lambda.Function.fromFunctionArn(stack, 'Mine', 'arn:aws:lambda:us-east-1:111122223333:function:mine');

  it.each<[string, Partial<MeetingDialInProps>]>([
    ['maxPinAttempts', { maxPinAttempts: 5 }],
    ['pinTimeout', { pinTimeout: Duration.seconds(20) }],
    ['callerIdentity', { callerIdentity: 'full' as MeetingDialInProps['callerIdentity'] }],
    ['selfMuteDigits', { selfMuteDigits: '*7' }],
    ['alarms', { alarms: true }],
    ['pinLength', { pinLength: 8 }],
    ['maxPinFailuresPerCaller', { maxPinFailuresPerCaller: 5 }],
    ['meetingStartWait', { meetingStartWait: Duration.minutes(5) }],
    ['waitingRoom', { waitingRoom: {} }],
  ])('refuses %s next to a custom handler', (name, props) => {
    const stack = newStack();

    expect(() => new MeetingDialIn(stack, 'DialIn', { handler: customHandler(stack), ...props }))
      .toThrow(`handler replaces the bundled call flow, so ${name} would be ignored: remove it, or remove handler. A custom handler gets no meeting directory and no alarms; pass meetingDirectory if your handler reads one.`);
  });

  it('gives a custom handler no directory table and no alarms, unless it passes a directory', () => {
    const stack = newStack();
    new MeetingDialIn(stack, 'DialIn', { handler: customHandler(stack) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);

    const withTable = newStack();
    const table = new dynamodb.Table(withTable, 'Mine2', { partitionKey: { name: 'pin', type: dynamodb.AttributeType.STRING } });
    expect(new MeetingDialIn(withTable, 'DialIn', { handler: customHandler(withTable), meetingDirectory: table }).meetingDirectory).toBe(table);
  });

  // Plain JavaScript passes whatever it likes: each is refused with the values that are allowed.
  it.each<[string, Record<string, unknown>, string]>([
    ['a voice Polly does not have', { voice: { voiceId: 'Bob' } }, 'voice.voiceId "Bob" is not an Amazon Polly voice: use one of Aditi, Adriano,'],
    ['an engine Speak does not take', { voice: { engine: 'generative' } },
      'voice.engine "generative" is invalid: a SIP media application speaks with standard or neural (PollyEngine.STANDARD or PollyEngine.NEURAL; https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html).'],
    ['a callerIdentity that is not one', { callerIdentity: 'MASKED' },
      "callerIdentity \"MASKED\" is invalid: use CallerIdentity.MASKED ('masked'), CallerIdentity.FULL ('full'), CallerIdentity.ANONYMOUS ('anonymous')."],
    ['a number for pinTimeout', { pinTimeout: 10 }, 'pinTimeout 10 is not a Duration: use Duration.seconds(...) or Duration.millis(...) from aws-cdk-lib.'],
    ['a number for handlerOptions.timeout', { handlerOptions: { timeout: 8 } }, 'handlerOptions.timeout 8 is not a Duration'],
    ['a bad languageCode', { voice: { languageCode: 'french' } }, 'voice.languageCode "french" is invalid: use a Polly language code such as en-US or fr-FR.'],
  ])('refuses %s', (_case, props, message) => {
    const stack = newStack();

    expect(() => new MeetingDialIn(stack, 'DialIn', props as MeetingDialInProps)).toThrow(message);
  });

  it('accepts every voice of the README', () => {
    const stack = newStack();

    expect(() => new MeetingDialIn(stack, 'DialIn', { voice: { voiceId: 'Lea', languageCode: 'fr-FR' } })).not.toThrow();
  });
});

/** The stack's rules but CDK's own bootstrap check, sorted by id. */
function dialInRules(stack: Stack): Record<string, unknown> {
  const rules = (Template.fromStack(stack).toJSON().Rules ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rules).filter(([id]) => id !== 'CheckBootstrapVersion').sort(([a], [b]) => a.localeCompare(b)));
}

describe('MeetingDialIn in an environment-agnostic stack', () => {
  it('adds CloudFormation rules that refuse a region without SIP media applications or meetings, once per stack', () => {
    const stack = newStack({});
    new MeetingDialIn(stack, 'One');
    new MeetingDialIn(stack, 'Two', { phoneNumber: PhoneNumber.fromE164(stack, 'Number', '+12065550100') });
    const rules = dialInRules(stack) as Record<string, { Assertions: Array<{ Assert: { 'Fn::Contains': [string[], unknown] }; AssertDescription: string }> }>;

    expect(Object.keys(rules)).toEqual(['CdkChimeMeetingDialInMeetingsRegion', 'CdkChimeMeetingDialInPstnAudioRegion']);
    const [pstn] = rules.CdkChimeMeetingDialInPstnAudioRegion.Assertions;
    expect(pstn.Assert['Fn::Contains']).toEqual([expect.arrayContaining(['us-east-1', 'eu-central-1']), { Ref: 'AWS::Region' }]);
    expect(pstn.Assert['Fn::Contains'][0]).not.toContain('us-west-2');
    expect(pstn.AssertDescription).toContain('PSTN Audio regions');
    expect(rules.CdkChimeMeetingDialInMeetingsRegion.Assertions[0].Assert['Fn::Contains'][0]).not.toContain('eu-west-1');
  });

  it('needs no meetings rule when meetingRegions names them, and no rule at all in a stack with a region', () => {
    const agnostic = newStack({});
    new MeetingDialIn(agnostic, 'DialIn', { meetingRegions: ['us-east-1'] });
    expect(Object.keys(dialInRules(agnostic))).toEqual(['CdkChimeMeetingDialInPstnAudioRegion']);

    const regional = newStack();
    new MeetingDialIn(regional, 'DialIn');
    expect(dialInRules(regional)).toEqual({});
  });

  it('with the Voice API provisioning, admits every PSTN Audio region, us-west-2 included', () => {
    const stack = newStack({});
    new MeetingDialIn(stack, 'DialIn', { sipMediaApplicationProvisioning: SipMediaApplicationProvisioning.VOICE_API });
    const rules = dialInRules(stack) as Record<string, { Assertions: Array<{ Assert: { 'Fn::Contains': [string[], unknown] } }> }>;

    expect(rules.CdkChimeMeetingDialInPstnAudioRegion.Assertions[0].Assert['Fn::Contains'][0]).toContain('us-west-2');
  });

  it('passes cfn-lint with its rules', () => {
    const stack = newStack({});
    new MeetingDialIn(stack, 'DialIn');

    expect(cfnLintErrors(stack.node.root as App)).toEqual([]);
  });
});
