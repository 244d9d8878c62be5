import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CallerIdentity, CallPrompt, MeetingDialIn, MeetingDialInProps, PhoneNumber, PollyEngine, SipMediaApplication } from '../src';
import { cfnLintErrors } from './helpers/cfn-lint';
import { unacknowledgedNagFindings } from './helpers/nag';
import { HANDLER_CONFIG_VARIABLE } from '../src/private/handler-environment';

function newStack(): Stack {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-')) });
  return new Stack(app, 'DialIn', { env: { region: 'us-east-1', account: '111122223333' } });
}

function synth(props: MeetingDialInProps = {}): { stack: Stack; dialIn: MeetingDialIn; template: Template } {
  const stack = newStack();
  const dialIn = new MeetingDialIn(stack, 'DialIn', props);
  return { stack, dialIn, template: Template.fromStack(stack) };
}

/** The handler configuration the construct wrote, parsed back from the template. */
function handlerConfig(template: Template): Record<string, unknown> {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('Meeting dial-in call flow') },
  })) as Array<{ Properties: { Environment: { Variables: Record<string, unknown> } } }>;
  const raw = fn.Properties.Environment.Variables[HANDLER_CONFIG_VARIABLE];
  // The table name is a token: the JSON is an Fn::Join of literal parts and a Ref.
  const joined = typeof raw === 'string' ? raw : (raw as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
    .map((part) => (typeof part === 'string' ? part : 'TABLE')).join('');
  return JSON.parse(joined);
}

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The statements of the bundled handler's role. */
function handlerStatements(template: Template, rolePrefix = 'DialInHandlerRole'): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp(`^${rolePrefix}`) } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const READ_ACTION = /^dynamodb:(BatchGet|Get|Query|Scan|ConditionCheck|DescribeTable)/;
const CALL_RECORD_KEYS_ONLY = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['call#*'] } };

function meetingArn(region: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:chime:${region}:111122223333:meeting/*`]] };
}

function stackIn(region: string): Stack {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-')) });
  return new Stack(app, 'DialIn', { env: { region, account: '111122223333' } });
}

describe('MeetingDialIn', () => {
  it('composes a number, a rule routing it to the application, the handler and the directory', () => {
    const { template } = synth();

    template.resourceCountIs('Custom::ChimePhoneNumber', 1);
    template.resourceCountIs('Custom::ChimeSipRule', 1);
    template.resourceCountIs('AWS::Chime::SipMediaApplication', 1);
    template.hasResourceProperties('Custom::ChimeSipRule', {
      TriggerType: 'ToPhoneNumber',
      TriggerValue: { Ref: Match.stringLikeRegexp('^DialInPhoneNumber') },
      TargetApplications: [{ SipMediaApplicationId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DialInSipMediaApplication'), 'SipMediaApplicationId'] }, AwsRegion: 'us-east-1', Priority: 1 }],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pin', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('runs the bundled handler on Node.js 24, ARM64, 512 MB and 8 s, with its log group', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Meeting dial-in'),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 8,
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^DialInHandlerLogs') } },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_METRICS_NAMESPACE: 'CdkChimeMeetingDialIn', POWERTOOLS_SERVICE_NAME: Match.stringLikeRegexp('DialIn') }) },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lets the user pick the runtime, architecture, memory, timeout, log retention and extra environment', () => {
    const { template } = synth({
      handlerOptions: {
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.X86_64,
        memorySize: 1024,
        timeout: Duration.seconds(6),
        logRetention: 7,
        environment: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
      },
    });

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      MemorySize: 1024,
      Timeout: 6,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  it('writes the call-flow settings into the handler configuration', () => {
    const { template } = synth({
      pinLength: 8,
      maxPinAttempts: 5,
      pinTimeout: Duration.seconds(15),
      prompts: { enterPin: CallPrompt.text('Code, please.') },
      voice: { voiceId: 'Lea', engine: PollyEngine.NEURAL, languageCode: 'fr-FR' },
      callerIdentity: CallerIdentity.ANONYMOUS,
      confirmDialOut: false,
      selfMuteDigits: '',
      maxPinFailuresPerCaller: 5,
      pinFailureWindow: Duration.minutes(30),
      meetingStartWait: Duration.minutes(5),
    });

    const { pinGuesses, ...config } = handlerConfig(template);
    // The counters' HMAC key: the stack's id (made by CloudFormation, in no template) and the construct's address.
    expect(pinGuesses).toEqual({ maxFailures: 5, windowSeconds: 1_800, hashKey: expect.stringMatching(/^TABLE\/c8[0-9a-f]{40}$/) });
    expect(config).toEqual({
      directoryTableName: 'TABLE',
      meetingRegions: ['us-east-1'],
      pinLength: 8,
      maxPinAttempts: 5,
      pinTimeoutMs: 15_000,
      meetingStartWaitMs: 300_000,
      prompts: { enterPin: { text: 'Code, please.' } },
      voice: { voiceId: 'Lea', engine: 'neural', languageCode: 'fr-FR' },
      callerIdentity: 'anonymous',
      confirmDialOut: false,
      selfMuteDigits: false,
    });
  });

  it('lets PSTN Audio read an audio prompt from the user\'s bucket', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Prompts');
    new MeetingDialIn(stack, 'DialIn', { prompts: { goodbye: CallPrompt.audio(bucket, 'bye.wav') } });

    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:GetObject',
          Principal: { Service: 'voiceconnector.chime.amazonaws.com' },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, '/bye.wav']] },
        })]),
      },
    });
  });

  it('grants the handler only attendee management in its account and region, reads of the directory and writes of call records', () => {
    const { template } = synth();
    const statements = handlerStatements(template);
    const actions = statements.flatMap((statement) => [statement.Action].flat());

    expect(actions.filter((action) => action.startsWith('chime:')).sort()).toEqual(['chime:CreateAttendee', 'chime:DeleteAttendee', 'chime:ListAttendees']);
    expect(actions.some((action) => action === 'chime:*' || action === '*')).toBe(false);
    const writes = statements.filter((statement) => [statement.Action].flat().some((action) => /^dynamodb:/.test(action) && !READ_ACTION.test(action)));
    // The only DynamoDB writes: call records, PIN-guess counters and pending clean-ups, never a PIN item.
    expect(writes).toEqual([
      expect.objectContaining({ Action: 'dynamodb:UpdateItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['guesses#*'] } } }),
      expect.objectContaining({ Action: 'dynamodb:UpdateItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['cleanup#*'] } } }),
      expect.objectContaining({ Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], Condition: CALL_RECORD_KEYS_ONLY }),
    ]);
    const chime = statements.find((statement) => [statement.Action].flat().includes('chime:CreateAttendee'));
    expect(chime?.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':chime:us-east-1:111122223333:meeting/*']] });
    expect(handlerConfig(template).meetingRegions).toEqual(['us-east-1']);
  });

  it('turns the waiting room on with its settings, and lets the handler update call records only then', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Prompts');
    new MeetingDialIn(stack, 'DialIn', {
      waitingRoom: { holdPrompt: CallPrompt.audio(bucket, 'hold-music.wav'), lobbyTimeout: Duration.minutes(30) },
      prompts: { lobbyTimedOut: CallPrompt.text('Nobody came. Goodbye.') },
    });
    const template = Template.fromStack(stack);

    const config = handlerConfig(template);
    expect(config.waitingRoom).toEqual({ lobbyTimeoutMs: 1_800_000 });
    expect(config.prompts).toEqual({
      lobbyTimedOut: { text: 'Nobody came. Goodbye.' },
      waitingRoom: { audio: { bucketName: 'TABLE', key: 'hold-music.wav' } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject', Principal: { Service: 'voiceconnector.chime.amazonaws.com' } })]) },
    });
    const callRecordWrites = handlerStatements(template).find((statement) => [statement.Action].flat().includes('dynamodb:PutItem'));
    expect(callRecordWrites).toMatchObject({ Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'], Condition: CALL_RECORD_KEYS_ONLY });

    // Present means on, with every default.
    expect(handlerConfig(synth({ waitingRoom: {} }).template).waitingRoom).toEqual({});
    expect(handlerConfig(synth().template).waitingRoom).toBeUndefined();
  });

  it('uses an existing number and an existing directory table', () => {
    const stack = newStack();
    const table = dynamodb.Table.fromTableName(stack, 'Directory', 'existing-directory');
    new MeetingDialIn(stack, 'DialIn', { phoneNumber: PhoneNumber.fromE164(stack, 'Number', '+12065550100'), meetingDirectory: table });
    const template = Template.fromStack(stack);

    template.resourceCountIs('Custom::ChimePhoneNumber', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.hasResourceProperties('Custom::ChimeSipRule', { TriggerValue: '+12065550100' });
    expect(handlerConfig(template).directoryTableName).toBe('existing-directory');
  });

  it('invokes its handler every minute to sweep the pending clean-ups, and only its own handler', () => {
    const { template } = synth();

    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DialInHandler'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DialInHandler'), 'Arn'] },
    });

    const stack = newStack();
    const handler = new lambda.Function(stack, 'Mine', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})') });
    new MeetingDialIn(stack, 'DialIn', { handler });
    Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 0);
  });

  it('routes to the user\'s own handler', () => {
    const stack = newStack();
    const handler = new lambda.Function(stack, 'Mine', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})') });
    const dialIn = new MeetingDialIn(stack, 'DialIn', { handler });
    const template = Template.fromStack(stack);

    expect(dialIn.handler).toBe(handler);
    expect(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('Meeting dial-in') } })).toEqual({});
    // A custom handler keeps its own state: no directory table unless it is given one.
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.hasResourceProperties('AWS::Chime::SipMediaApplication', { Endpoints: [{ LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] } }] });
  });

  it('fails over to SIP media applications in other regions, in order', () => {
    const stack = newStack();
    const west = SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'West', { sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000002', region: 'us-west-2' });
    new MeetingDialIn(stack, 'DialIn', { failoverTargets: [west] });

    Template.fromStack(stack).hasResourceProperties('Custom::ChimeSipRule', {
      TargetApplications: [
        Match.objectLike({ AwsRegion: 'us-east-1', Priority: 1 }),
        { SipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000002', AwsRegion: 'us-west-2', Priority: 2 },
      ],
    });
  });

  it('orders the number it is told to, and passes its removal policy on', () => {
    const { template } = synth({ phoneNumberOptions: { areaCode: '206', removalPolicy: RemovalPolicy.DESTROY } });

    template.hasResource('Custom::ChimePhoneNumber', { Properties: Match.objectLike({ AreaCode: '206' }), DeletionPolicy: 'Delete' });
  });

  it('grants an app backend dial-out and call updates on this application, and PIN registration on the directory', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn');
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    dialIn.grantDialOut(backend);
    dialIn.grantCallUpdates(backend);
    dialIn.grantRegisterMeetings(backend);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Backend') }],
      PolicyDocument: {
        Statement: [
          { Action: 'chime:CreateSipMediaApplicationCall', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DialInSipMediaApplication'), 'SipMediaApplicationArn'] } },
          { Action: 'chime:UpdateSipMediaApplicationCall', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DialInSipMediaApplication'), 'SipMediaApplicationArn'] } },
          Match.objectLike({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] }),
        ],
      },
    });
  });

  it('exposes the handler metrics by namespace, name and service', () => {
    const { stack, dialIn } = synth();

    for (const [metric, name] of [[dialIn.metricJoins(), 'Joins'], [dialIn.metricJoinFailures(), 'JoinFailures'], [dialIn.metricPinFailures(), 'PinFailures'], [dialIn.metricHandlerErrors(), 'HandlerErrors']] as const) {
      expect(metric.namespace).toBe('CdkChimeMeetingDialIn');
      expect(metric.metricName).toBe(name);
      expect(metric.dimensions).toEqual({ service: expect.stringContaining('DialIn') });
    }
    expect(stack.resolve(dialIn.metricJoins().statistic)).toBe('Sum');
  });

  it('creates alarms on handler errors and join failures only when asked', () => {
    expect(synth().dialIn.alarms).toHaveLength(0);
    const { template, dialIn } = synth({ alarms: true });

    expect(dialIn.alarms).toHaveLength(3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HandlerErrors', Namespace: 'CdkChimeMeetingDialIn', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'JoinFailures', Namespace: 'CdkChimeMeetingDialIn' });
    // The dial-in-wide failed-PIN rate: a guesser with many numbers, which the per-number limit does not stop.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'PinFailures', Namespace: 'CdkChimeMeetingDialIn', Threshold: 50, Period: 300, Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(synth({ alarms: true, pinFailureAlarmThreshold: 20 }).template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'PinFailures', Threshold: 20 } }))
      .not.toEqual({});
  });

  it.each<[MeetingDialInProps, string]>([
    [{ pinLength: 3 }, 'pinLength 3 is invalid: use a whole number from 4 to 12.'],
    [{ maxPinAttempts: 0 }, 'maxPinAttempts 0 is invalid: use a whole number from 1 to 10.'],
    [{ pinTimeout: Duration.minutes(2) }, 'pinTimeout 2 minutes is invalid: use 1 to 60 seconds.'],
    [{ selfMuteDigits: '*6a' }, 'selfMuteDigits "*6a" is invalid'],
    [{ maxPinFailuresPerCaller: 0 }, 'maxPinFailuresPerCaller 0 is invalid: use a whole number from 1 to 1000.'],
    [{ pinFailureWindow: Duration.seconds(30) }, 'pinFailureWindow 30 seconds is invalid: use 1 minute to 7 days.'],
    [{ pinFailureAlarmThreshold: 0 }, 'pinFailureAlarmThreshold 0 is invalid: use a whole number from 1 to 100000.'],
    [{ meetingStartWait: Duration.hours(2) }, 'meetingStartWait 2 hours is invalid: use 0 to 60 minutes.'],
    [{ waitingRoom: { lobbyTimeout: Duration.seconds(30) } }, 'waitingRoom.lobbyTimeout 30 seconds is invalid: use 1 to 60 minutes.'],
    [{ waitingRoom: { lobbyTimeout: Duration.hours(2) } }, 'waitingRoom.lobbyTimeout 2 hours is invalid: use 1 to 60 minutes.'],
    [{ waitingRoom: { lobbyTimeout: 600 as unknown as Duration } }, 'waitingRoom.lobbyTimeout 600 is not a Duration'],
    [{ waitingRoom: { holdPrompt: { text: 'hi' } as unknown as CallPrompt } }, 'waitingRoom.holdPrompt is not a CallPrompt: use CallPrompt.text(...) or CallPrompt.audio(bucket, key).'],
    [{ handlerOptions: { memorySize: 128 } }, 'handlerOptions.memorySize 128 is invalid: use at least 256 MB'],
  ])('validates %j at synth, naming the field', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('refuses call-flow settings next to a custom handler, and both phone number forms together', () => {
    const stack = newStack();
    const handler = lambda.Function.fromFunctionArn(stack, 'Mine', 'arn:aws:lambda:us-east-1:111122223333:function:mine');

    expect(() => new MeetingDialIn(stack, 'A', { handler, pinLength: 8 })).toThrow('handler replaces the bundled call flow');
    expect(() => new MeetingDialIn(stack, 'B', { phoneNumber: PhoneNumber.fromE164(stack, 'N', '+12065550100'), phoneNumberOptions: {} }))
      .toThrow('phoneNumber and phoneNumberOptions exclude each other');
  });

  it('rejects an empty or too long text prompt', () => {
    expect(() => CallPrompt.text(' ')).toThrow('prompt text of 1 characters is invalid: use 1 to 1,000 characters.');
    expect(() => CallPrompt.text('a'.repeat(1001))).toThrow('prompt text of 1001 characters is invalid');
  });

  it('has no unacknowledged cdk-nag findings and no cfn-lint errors, with every option on', () => {
    const build = () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Prompts', { enforceSSL: true, serverAccessLogsPrefix: 'logs/' });
      const west = SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'West', { sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000002', region: 'us-west-2' });
      const dialIn = new MeetingDialIn(stack, 'DialIn', {
        alarms: true,
        failoverTargets: [west],
        prompts: { goodbye: CallPrompt.audio(bucket, 'bye.wav') },
        waitingRoom: { holdPrompt: CallPrompt.audio(bucket, 'hold-music.wav') },
        dashboard: true,
      });
      dialIn.grantDialOut(new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
      return stack.node.root as App;
    };

    expect(unacknowledgedNagFindings(build())).toEqual([]);
    expect(cfnLintErrors(build())).toEqual([]);
  });

  it('matches its snapshot (asset hashes normalized)', () => {
    expect(synth().template.toJSON()).toMatchSnapshot();
  });
});

describe('MeetingDialIn across regions', () => {
  it('allows the attendee actions on meetings in exactly its meetingRegions, and joins unregistered regions in the first', () => {
    const { template, dialIn } = synth({ meetingRegions: ['us-east-1', 'eu-central-1', 'ap-southeast-1'] });
    const chime = handlerStatements(template).find((statement) => [statement.Action].flat().includes('chime:CreateAttendee'));

    expect(chime?.Resource).toEqual([meetingArn('us-east-1'), meetingArn('eu-central-1'), meetingArn('ap-southeast-1')]);
    expect(dialIn.meetingRegions).toEqual(['us-east-1', 'eu-central-1', 'ap-southeast-1']);
    expect(handlerConfig(template)).toMatchObject({ meetingsRegion: 'us-east-1', meetingRegions: ['us-east-1', 'eu-central-1', 'ap-southeast-1'] });
  });

  it('fails synth in a region without a Meetings control plane unless meetingRegions is set', () => {
    expect(() => new MeetingDialIn(stackIn('eu-west-1'), 'DialIn')).toThrow(/meetingRegions is required in eu-west-1: .*no Chime SDK Meetings control plane.*Set meetingRegions/);

    const stack = stackIn('eu-west-1');
    new MeetingDialIn(stack, 'DialIn', { meetingRegions: ['eu-central-1'], phoneNumber: PhoneNumber.fromE164(stack, 'Number', '+12065550100') });
    const template = Template.fromStack(stack);
    const chime = handlerStatements(template).find((statement) => [statement.Action].flat().includes('chime:CreateAttendee'));
    expect(chime?.Resource).toEqual(meetingArn('eu-central-1'));
    expect(handlerConfig(template)).toMatchObject({ meetingsRegion: 'eu-central-1', meetingRegions: ['eu-central-1'] });
  });

  it.each([
    [['eu-west-1'], 'meetingRegions[0] "eu-west-1" is not a Chime SDK Meetings control region: use one of us-east-1'],
    [['us-east-1', 'us-east-1'], 'meetingRegions[1] "us-east-1" is listed twice'],
    [[], 'meetingRegions [] is invalid'],
  ])('validates meetingRegions %j at synth, naming the entry', (meetingRegions, message) => {
    expect(() => synth({ meetingRegions })).toThrow(message);
  });

  it('lets a backend read call records, and only call records', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn');
    dialIn.grantReadCallRecords(new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));

    expect(handlerStatements(Template.fromStack(stack), 'BackendDefaultPolicy')).toEqual([{
      Action: 'dynamodb:GetItem',
      Condition: CALL_RECORD_KEYS_ONLY,
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DialInMeetingDirectory/), 'Arn'] },
    }]);
  });

  it('as a standby, creates only the SIP media application and its handler, reading the directory replica', () => {
    const stack = stackIn('us-west-2');
    const replica = dynamodb.TableV2.fromTableName(stack, 'Directory', 'meeting-directory');
    const standby = new MeetingDialIn(stack, 'DialIn', { standby: true, meetingDirectory: replica, meetingRegions: ['us-east-1', 'eu-central-1'] });
    const template = Template.fromStack(stack);

    // us-west-2's CloudFormation has no AWS::Chime::SipMediaApplication: the Voice API provisions it.
    template.resourceCountIs('Custom::ChimeSipMediaApplication', 1);
    template.resourceCountIs('AWS::Chime::SipMediaApplication', 0);
    template.resourceCountIs('Custom::ChimePhoneNumber', 0);
    template.resourceCountIs('Custom::ChimeSipRule', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    expect(handlerConfig(template)).toMatchObject({ directoryTableName: 'meeting-directory', meetingsRegion: 'us-east-1' });
    expect(() => standby.phoneNumber).toThrow(/is a standby: it has no phone number of its own/);
    expect(() => standby.sipRule).toThrow(/is a standby: it has no SIP rule of its own/);
  });

  it('refuses a standby with a number, failover targets or no directory replica', () => {
    const stack = stackIn('us-west-2');
    const replica = dynamodb.TableV2.fromTableName(stack, 'Directory', 'meeting-directory');
    expect(() => new MeetingDialIn(stack, 'A', { standby: true, meetingDirectory: replica, phoneNumberOptions: { areaCode: '206' } }))
      .toThrow('standby is true, so phoneNumberOptions cannot apply');
    expect(() => new MeetingDialIn(stack, 'B', { standby: true })).toThrow('standby is true but meetingDirectory is missing');
  });

  it('validates failoverTargets in its own terms: one per other region where SIP media applications run', () => {
    const stack = newStack();
    const targets = Array.from({ length: 26 }, (_, index) => SipMediaApplication.fromSipMediaApplicationAttributes(stack, `T${index}`, {
      sipMediaApplicationId: `a1b2c3d4-0000-4000-8000-0000000000${String(index).padStart(2, '0')}`, region: 'us-west-2',
    }));
    expect(() => new MeetingDialIn(stack, 'Many', { failoverTargets: targets })).toThrow(/^failoverTargets has 26 entries: use at most 9, one SIP media application in each other region/);
    expect(() => new MeetingDialIn(stack, 'Twice', { failoverTargets: targets.slice(0, 2) })).toThrow('failoverTargets[1] is in us-west-2 like failoverTargets[0]');
    const local = SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'Local', { sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000099' });
    expect(() => new MeetingDialIn(stack, 'Here', { failoverTargets: [local] })).toThrow('failoverTargets[0] is in this stack\'s region, us-east-1');
  });

  it('has no unacknowledged cdk-nag findings and no cfn-lint errors as a multi-region primary and as its standby', () => {
    const primary = () => {
      const stack = newStack();
      const west = SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'West', { sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000002', region: 'us-west-2' });
      const dialIn = new MeetingDialIn(stack, 'DialIn', { failoverTargets: [west], meetingRegions: ['us-east-1', 'eu-central-1'] });
      dialIn.grantReadCallRecords(new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
      return stack.node.root as App;
    };
    const standby = () => {
      const stack = stackIn('us-west-2');
      new MeetingDialIn(stack, 'DialIn', {
        standby: true, meetingDirectory: dynamodb.TableV2.fromTableName(stack, 'Directory', 'meeting-directory'), meetingRegions: ['us-east-1', 'eu-central-1'],
      });
      return stack.node.root as App;
    };

    expect(unacknowledgedNagFindings(primary())).toEqual([]);
    expect(cfnLintErrors(primary())).toEqual([]);
    // us-west-2's CloudFormation has no AWS::Chime::SipMediaApplication: the standby's SIP media
    // application is provisioned through the Voice API there, which cfn-lint and CDK's template
    // validation (F3006) accept.
    expect(unacknowledgedNagFindings(standby())).toEqual([]);
    expect(cfnLintErrors(standby())).toEqual([]);
  });
});
