import { Duration, Fn, Lazy, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CallPrompt } from './call-prompt';
import { IPhoneNumber, PhoneNumber, PhoneNumberProps } from './phone-number';
import { BACKEND_ENVIRONMENT, DEFAULT_PIN_LENGTH } from './private/backend-environment';
import { bundledHandlerCode, DEFAULT_ARCHITECTURE, DEFAULT_NODE_RUNTIME } from './private/bundled-code';
import { CALL_RECORD_KEY_PREFIX } from './private/call-record-key';
import { addDialInOutputs, addRegionRules } from './private/dial-in-outputs';
import { requireDuration, requireEnumValue, validateCustomHandlerProps, validateVoice } from './private/dial-in-props';
import { HandlerConfig, HandlerPrompt, renderHandlerEnvironment } from './private/handler-environment';
import { isMeetingControlRegion, MEETING_CONTROL_REGIONS } from './private/meeting-regions';
import { SIP_MEDIA_APPLICATION_REGIONS } from './private/pstn-audio-regions';
import { ISipMediaApplication, SipMediaApplication } from './sip-media-application';
import { SipRule, SipRuleTrigger } from './sip-rule';

/** How a phone caller appears in the meeting roster. */
export enum CallerIdentity {
  /** "Phone ...0123": the last four digits of the number. */
  MASKED = 'masked',
  /** The full number. */
  FULL = 'full',
  /** "Phone" only. */
  ANONYMOUS = 'anonymous',
}

/** The Amazon Polly engine of text prompts. */
export enum PollyEngine {
  /** The standard engine. */
  STANDARD = 'standard',
  /** The neural engine. */
  NEURAL = 'neural',
}

/** The Amazon Polly voice of text prompts. */
export interface PromptVoice {
  /**
   * The Polly voice, e.g. `Joanna` or `Lea`.
   * @default - the service's default voice (Joanna)
   */
  readonly voiceId?: string;

  /**
   * The Polly engine.
   * @default PollyEngine.STANDARD
   */
  readonly engine?: PollyEngine;

  /**
   * The language code, e.g. `en-US`.
   * @default - the voice's language
   */
  readonly languageCode?: string;
}

/** What the caller hears at each moment of the call. */
export interface CallPrompts {
  /** @default - "Welcome. Please enter your meeting PIN, followed by the pound key." */
  readonly enterPin?: CallPrompt;
  /** @default - "That PIN was not recognized. Please enter your meeting PIN, followed by the pound key." */
  readonly wrongPin?: CallPrompt;
  /** @default - "We did not receive a PIN. Please enter your meeting PIN, followed by the pound key." */
  readonly noPin?: CallPrompt;
  /** @default - "Sorry, that PIN was not recognized. Please check your invitation and call again. Goodbye." */
  readonly tooManyAttempts?: CallPrompt;
  /** @default - "Joining your meeting." */
  readonly joining?: CallPrompt;
  /** @default - "The meeting has ended. Goodbye." */
  readonly meetingEnded?: CallPrompt;
  /** @default - "The meeting has not started yet. Please call again when it has started. Goodbye." */
  readonly meetingNotStarted?: CallPrompt;
  /** @default - "Sorry, we could not connect you to the meeting. Please try again later. Goodbye." */
  readonly joinFailed?: CallPrompt;
  /** @default - "You have been removed from the meeting. Goodbye." */
  readonly removed?: CallPrompt;
  /** @default - "You are invited to join a meeting. Press 1 to join." */
  readonly confirmDialOut?: CallPrompt;
  /** @default - "Goodbye." */
  readonly goodbye?: CallPrompt;
  /** @default - "Sorry, something went wrong. Please try again later. Goodbye." */
  readonly apology?: CallPrompt;
}

/** How the bundled handler runs. */
export interface MeetingDialInHandlerOptions {
  /**
   * The Node.js runtime; pick a newer one when this one nears its end of life.
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;

  /**
   * The instruction set architecture.
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;

  /**
   * Memory in MB; more memory also means more CPU, hence faster cold starts.
   * @default 512
   */
  readonly memorySize?: number;

  /**
   * The function timeout. The call flow keeps each event within a 3.5 s budget, because the SIP
   * media application retries after 5 s; the timeout only bounds a stuck invocation.
   * @default Duration.seconds(8)
   */
  readonly timeout?: Duration;

  /**
   * The log group of the handler.
   * @default - a log group kept for `logRetention`
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * How long the handler's logs are kept, when this construct creates the log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * More environment variables for the handler (e.g. `POWERTOOLS_LOG_LEVEL`).
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/** Properties of `MeetingDialIn`. */
export interface MeetingDialInProps {
  /**
   * A phone number the account already holds, instead of ordering one.
   * @default - a number ordered with `phoneNumberOptions`
   */
  readonly phoneNumber?: IPhoneNumber;

  /**
   * What the ordered number should look like; ignored when `phoneNumber` is given.
   * @default - a local US number in Washington state (`state: 'WA'`), kept when the stack is deleted
   */
  readonly phoneNumberOptions?: PhoneNumberProps;

  /**
   * Your own SIP media application handler instead of the bundled meeting-join call flow. It
   * gets the invoke permission; `callFlow` settings and the handler grants do not apply to it.
   * @default - the bundled meeting-join handler
   */
  readonly handler?: lambda.IFunction;

  /**
   * How the bundled handler runs.
   * @default - Node.js 24 on ARM64 with 512 MB and an 8 s timeout
   */
  readonly handlerOptions?: MeetingDialInHandlerOptions;

  /**
   * The PIN → meeting table the handler reads. It needs a string partition key `pin`; items
   * hold `meetingId` and `expiresAt` (epoch seconds; make it the table's TTL attribute).
   * @default - a new on-demand table with point-in-time recovery and TTL on `expiresAt`
   */
  readonly meetingDirectory?: dynamodb.ITable;

  /**
   * What happens to the meeting directory this construct creates when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly meetingDirectoryRemovalPolicy?: RemovalPolicy;

  /**
   * Digits in a meeting PIN (4 to 12); `registerMeeting` must use the same length.
   * @default 6
   */
  readonly pinLength?: number;

  /**
   * PIN entries, wrong or missing, before the caller hears goodbye (1 to 10).
   * @default 3
   */
  readonly maxPinAttempts?: number;

  /**
   * How long the caller has to enter the PIN, per attempt (1 to 60 seconds).
   * @default Duration.seconds(10)
   */
  readonly pinTimeout?: Duration;

  /**
   * What the caller hears.
   * @default - English prompts read by Polly
   */
  readonly prompts?: CallPrompts;

  /**
   * The Polly voice of text prompts.
   * @default - the service's default voice
   */
  readonly voice?: PromptVoice;

  /**
   * How phone callers appear in the meeting roster.
   * @default CallerIdentity.MASKED
   */
  readonly callerIdentity?: CallerIdentity;

  /**
   * Whether a dial-out asks the callee to press 1 before joining, so voicemail never joins.
   * @default true
   */
  readonly confirmDialOut?: boolean;

  /**
   * The keys a caller presses in the meeting to mute or unmute themselves; empty turns it off.
   * @default '*6'
   */
  readonly selfMuteDigits?: string;

  /**
   * SIP media applications in other regions to fail over to, in order, when this one's handler
   * cannot be invoked: at most one in each other region where SIP media applications run (this
   * stack's region is the first target). Deploy each as a `standby` dial-in.
   * @default - no failover
   */
  readonly failoverTargets?: ISipMediaApplication[];

  /**
   * The Chime SDK Meetings control regions your app creates meetings in. A meeting can only be
   * managed in the control region that created it, so the handler creates, lists and deletes
   * attendees there, and its IAM allows exactly these regions
   * (https://docs.aws.amazon.com/chime-sdk/latest/dg/chime-sdk-meetings-regions.html). The first
   * entry is where meetings registered without a region are joined.
   * @default - the stack's region, which must then be a control region
   */
  readonly meetingRegions?: string[];

  /**
   * Makes this dial-in the standby of a primary in another region: only the SIP media application
   * and its handler, reading `meetingDirectory` (a replica of the primary's global table). It
   * orders no phone number and creates no SIP rule: the primary's SIP rule routes calls to it
   * (pass its SIP media application in the primary's `failoverTargets`).
   * @default false
   */
  readonly standby?: boolean;

  /**
   * Whether to create alarms on handler errors and join failures.
   * @default false
   */
  readonly alarms?: boolean;
}

/**
 * Phone dial-in (and dial-out) for Amazon Chime SDK meetings: a phone number, a SIP rule, a SIP
 * media application, the meeting-join handler and its meeting directory, with least privilege.
 */
export class MeetingDialIn extends Construct {
  /** The SIP media application. */
  public readonly sipMediaApplication: SipMediaApplication;
  /** The control regions whose meetings callers can join (`meetingRegions`, or the stack's region). */
  public readonly meetingRegions: string[];
  /** The SIP media application's handler. */
  public readonly handler: lambda.IFunction;
  /** The alarms, when `alarms` is true. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  private readonly metricsService: string;
  private readonly directory?: dynamodb.ITable;
  private readonly dialInNumber?: IPhoneNumber;
  private readonly numberRule?: SipRule;
  /** The PIN length of the bundled handler; undefined with a custom handler. */
  private readonly pinLength?: number;

  constructor(scope: Construct, id: string, props: MeetingDialInProps = {}) {
    super(scope, id);
    validateProps(props);
    this.pinLength = props.handler ? undefined : props.pinLength ?? DEFAULT_PIN_LENGTH;
    validateFailoverTargets(Stack.of(this).region, props.failoverTargets ?? []);
    this.metricsService = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.meetingRegions = resolveMeetingRegions(Stack.of(this).region, props);
    // A custom handler gets a directory only when it is given one: it may keep no PINs at all.
    this.directory = props.meetingDirectory ?? (props.handler ? undefined : this.createDirectory(props));
    this.handler = props.handler ?? this.createHandler(props);
    if (!props.standby) {
      this.dialInNumber = props.phoneNumber ?? new PhoneNumber(this, 'PhoneNumber', props.phoneNumberOptions);
    }
    this.sipMediaApplication = new SipMediaApplication(this, 'SipMediaApplication', { handler: this.handler });
    if (this.dialInNumber) {
      this.numberRule = new SipRule(this, 'SipRule', {
        trigger: SipRuleTrigger.toPhoneNumber(this.dialInNumber),
        targets: [this.sipMediaApplication, ...props.failoverTargets ?? []].map((sipMediaApplication) => ({ sipMediaApplication })),
      });
    }
    if (props.alarms) {
      this.createAlarms();
    }
    addDialInOutputs(this, { phoneNumbers: this.dialInNumbers(), sipMediaApplication: this.sipMediaApplication, meetingDirectory: this.directory });
    addRegionRules(this, { meetingsInStackRegion: !props.handler && props.meetingRegions === undefined });
  }

  /**
   * The PIN → meeting table (PINs and call records). A dial-in with a custom `handler` has one only
   * when `meetingDirectory` is given: reading it otherwise throws.
   */
  public get meetingDirectory(): dynamodb.ITable {
    if (!this.directory) {
      throw new Error(`${this.node.path} has a custom handler and no meetingDirectory: pass meetingDirectory if your handler reads one.`);
    }
    return this.directory;
  }

  /** The number callers dial. A `standby` has none (the primary's number routes to it): reading it throws. */
  public get phoneNumber(): IPhoneNumber {
    if (!this.dialInNumber) {
      throw new Error(`${this.node.path} is a standby: it has no phone number of its own; callers dial the primary's number.`);
    }
    return this.dialInNumber;
  }

  /** The rule that routes the number to the SIP media application. A `standby` has none: reading it throws. */
  public get sipRule(): SipRule {
    if (!this.numberRule) {
      throw new Error(`${this.node.path} is a standby: it has no SIP rule of its own; the primary's SIP rule routes to it.`);
    }
    return this.numberRule;
  }

  /** Lets `grantee` place calls into meetings (CreateSipMediaApplicationCall on this application). */
  public grantDialOut(grantee: iam.IGrantable): iam.Grant {
    return this.sipMediaApplication.grantCreateCall(grantee);
  }

  /** Lets `grantee` mute, unmute and remove phone attendees (UpdateSipMediaApplicationCall on this application). */
  public grantCallUpdates(grantee: iam.IGrantable): iam.Grant {
    return this.sipMediaApplication.grantUpdateCall(grantee);
  }

  /**
   * Lets `grantee` register, look up, activate, deactivate and retire meeting PINs
   * (`registerMeeting`, `lookupMeeting`, `activateMeeting`, `deactivateMeeting`, `unregisterMeeting`).
   */
  public grantRegisterMeetings(grantee: iam.IGrantable): iam.Grant {
    return this.meetingDirectory.grant(grantee, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');
  }

  /**
   * Wires an app's backend function to this dial-in: grants what `registerMeeting` (and the rest of
   * the PIN lifecycle), `dialOut` and `updateCall` need, and sets the environment variables the
   * `cdk-chime-meeting-dialin/client` helpers read when an option is left out:
   *
   * - `CDK_CHIME_DIALIN_DIRECTORY_TABLE`: the meeting directory table;
   * - `CDK_CHIME_DIALIN_CALL_RECORD_TABLE`: where the handler records calls (the same table);
   * - `CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_ID` and `CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_REGION`;
   * - `CDK_CHIME_DIALIN_PHONE_NUMBERS`: the dial-in numbers, comma-separated (not on a standby);
   * - `CDK_CHIME_DIALIN_PIN_LENGTH`: the PIN length the handler accepts;
   * - `CDK_CHIME_DIALIN_MEETING_REGIONS`: the control regions the handler joins meetings in, comma-separated.
   *
   * With a custom `handler`, only the SIP media application's grants and variables are set, and the
   * directory's when `meetingDirectory` is given.
   */
  public connectBackend(backend: lambda.Function): void {
    for (const [name, value] of Object.entries(this.backendEnvironment())) {
      backend.addEnvironment(name, value);
    }
    this.grantDialOut(backend);
    this.grantCallUpdates(backend);
    if (this.directory) {
      this.grantRegisterMeetings(backend);
      if (this.bundledHandler) {
        this.grantReadCallRecords(backend);
      }
    }
  }

  /**
   * Lets `grantee` read the call records the handler writes (`updateCall` with `attendee`,
   * `readCallRecord`): GetItem on the call-record keys of the meeting directory only, never a PIN.
   */
  public grantReadCallRecords(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem'],
      resourceArns: [this.meetingDirectory.tableArn],
      conditions: onlyCallRecordKeys(),
    });
  }

  /** Callers who joined a meeting. */
  public metricJoins(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Joins', props);
  }

  /** Joins that failed (meeting ended, attendee creation or JoinChimeMeeting failed). */
  public metricJoinFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('JoinFailures', props);
  }

  /** Wrong or missing PIN entries. */
  public metricPinFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PinFailures', props);
  }

  /** Errors the handler absorbed (the caller heard an apology). */
  public metricHandlerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('HandlerErrors', props);
  }

  /** What `connectBackend` tells the backend, by variable name. */
  private backendEnvironment(): Record<string, string> {
    const numbers = this.dialInNumbers().map((phoneNumber) => phoneNumber.e164PhoneNumber);
    const environment: Record<string, string> = {
      [BACKEND_ENVIRONMENT.sipMediaApplicationId]: this.sipMediaApplication.sipMediaApplicationId,
      [BACKEND_ENVIRONMENT.sipMediaApplicationRegion]: this.sipMediaApplication.env.region,
    };
    if (numbers.length > 0) {
      environment[BACKEND_ENVIRONMENT.phoneNumbers] = Fn.join(',', numbers);
    }
    if (this.directory) {
      environment[BACKEND_ENVIRONMENT.directoryTable] = this.directory.tableName;
    }
    if (this.bundledHandler && this.directory) {
      environment[BACKEND_ENVIRONMENT.callRecordTable] = this.directory.tableName;
      environment[BACKEND_ENVIRONMENT.pinLength] = String(this.pinLength);
      environment[BACKEND_ENVIRONMENT.meetingRegions] = Fn.join(',', this.meetingRegions);
    }
    return environment;
  }

  /** The numbers callers dial: none on a standby. */
  private dialInNumbers(): IPhoneNumber[] {
    return this.dialInNumber ? [this.dialInNumber] : [];
  }

  private get bundledHandler(): boolean {
    return this.pinLength !== undefined;
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: this.metricsService },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }

  private createDirectory(props: MeetingDialInProps): dynamodb.Table {
    return new dynamodb.Table(this, 'MeetingDirectory', {
      partitionKey: { name: 'pin', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.meetingDirectoryRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  private createHandler(props: MeetingDialInProps): lambda.Function {
    const options = props.handlerOptions ?? {};
    const stack = Stack.of(this);
    const logGroup = options.logGroup ?? new logs.LogGroup(this, 'HandlerLogs', { retention: options.logRetention ?? logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'HandlerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.meetingDirectory.grantReadData(role);
    // The handler writes call records, and only call records: the condition keeps every PIN out of its reach.
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resources: [this.meetingDirectory.tableArn],
      conditions: onlyCallRecordKeys(),
    }));
    const meetingsInThisAccount = this.meetingRegions.map((region) => stack.formatArn({ service: 'chime', region, resource: 'meeting', resourceName: '*' }));
    role.addToPolicy(new iam.PolicyStatement({
      // Create the caller's attendee, delete it when the call ends, find it if an answer was lost:
      // in the control region of each meeting, the only one that can manage it.
      actions: ['chime:CreateAttendee', 'chime:DeleteAttendee', 'chime:ListAttendees'],
      resources: meetingsInThisAccount,
    }));
    for (const region of this.meetingRegions) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:chime:${Token.isUnresolved(region) ? '<AWS::Region>' : region}:${accountForNag(stack)}:meeting/*]`,
        reason: 'Meetings are created at run time by the app; the handler may only manage attendees of meetings in its own account and its meetingRegions.',
      });
    }
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup)}.Arn>:*]`,
      reason: 'Log streams of the handler\'s own log group are created at run time.',
    });

    const config: HandlerConfig = {
      directoryTableName: this.meetingDirectory.tableName,
      pinLength: props.pinLength,
      maxPinAttempts: props.maxPinAttempts,
      pinTimeoutMs: props.pinTimeout?.toMilliseconds(),
      prompts: renderPrompts(this, props.prompts, Lazy.string({ produce: () => this.sipMediaApplication.sipMediaApplicationArn })),
      voice: props.voice ? { voiceId: props.voice.voiceId, engine: props.voice.engine, languageCode: props.voice.languageCode } : undefined,
      callerIdentity: props.callerIdentity,
      confirmDialOut: props.confirmDialOut,
      selfMuteDigits: props.selfMuteDigits === '' ? false : props.selfMuteDigits,
      // Meetings registered without a region, as earlier versions did, are joined in the first one.
      meetingsRegion: props.meetingRegions ? this.meetingRegions[0] : undefined,
      meetingRegions: this.meetingRegions,
    };
    return new lambda.Function(this, 'Handler', {
      code: bundledHandlerCode('handler/meeting-join'),
      handler: 'index.handler',
      runtime: options.runtime ?? DEFAULT_NODE_RUNTIME,
      architecture: options.architecture ?? DEFAULT_ARCHITECTURE,
      memorySize: options.memorySize ?? 512,
      timeout: options.timeout ?? Duration.seconds(8),
      role,
      logGroup,
      description: 'Meeting dial-in call flow of a SIP media application (cdk-chime-meeting-dialin)',
      environment: {
        ...renderHandlerEnvironment(config, (value) => stack.toJsonString(value)),
        POWERTOOLS_SERVICE_NAME: this.metricsService,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...options.environment,
      },
    });
  }

  private createAlarms(): void {
    const alarm = (id: string, metric: cloudwatch.Metric, description: string) => {
      this.alarms.push(new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }));
    };
    alarm('HandlerErrorsAlarm', this.metricHandlerErrors(), 'The dial-in handler absorbed errors: callers heard an apology.');
    alarm('JoinFailuresAlarm', this.metricJoinFailures(), 'Phone callers could not join their meeting.');
  }
}

/** The CloudWatch namespace of the bundled handler's metrics. */
const METRICS_NAMESPACE = 'CdkChimeMeetingDialIn';

function renderPrompts(
  scope: Construct,
  prompts: CallPrompts | undefined,
  sipMediaApplicationArn: string,
): Record<string, HandlerPrompt> | undefined {
  if (!prompts) {
    return undefined;
  }
  const rendered: Record<string, HandlerPrompt> = {};
  for (const [name, prompt] of Object.entries(prompts) as Array<[string, CallPrompt | undefined]>) {
    if (prompt) {
      rendered[name] = prompt._bind(scope, sipMediaApplicationArn);
    }
  }
  return rendered;
}

/**
 * The handler may write only call-record items (`call#...` keys) of the meeting directory
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html).
 */
function onlyCallRecordKeys(): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${CALL_RECORD_KEY_PREFIX}*`] } };
}

/** `meetingRegions`, checked, or the stack's region when it is a control region. */
function resolveMeetingRegions(stackRegion: string, props: MeetingDialInProps): string[] {
  const regions = props.meetingRegions;
  if (regions === undefined) {
    if (!props.handler && !Token.isUnresolved(stackRegion) && !isMeetingControlRegion(stackRegion)) {
      throw new Error(`meetingRegions is required in ${stackRegion}: it runs SIP media applications but has no Chime SDK Meetings control plane. ` +
        `Set meetingRegions to the control regions your app creates meetings in (${MEETING_CONTROL_REGIONS.join(', ')}), e.g. ['eu-central-1'].`);
    }
    return [stackRegion];
  }
  if (regions.length === 0) {
    throw new Error('meetingRegions [] is invalid: list at least one Chime SDK Meetings control region, or leave it out for the stack\'s region.');
  }
  regions.forEach((region, index) => {
    if (Token.isUnresolved(region)) {
      return;
    }
    if (!isMeetingControlRegion(region)) {
      throw new Error(`meetingRegions[${index}] "${region}" is not a Chime SDK Meetings control region: use one of ${MEETING_CONTROL_REGIONS.join(', ')}.`);
    }
    if (regions.indexOf(region) !== index) {
      throw new Error(`meetingRegions[${index}] "${region}" is listed twice: list each control region once.`);
    }
  });
  return [...regions];
}

/**
 * A SIP rule tries at most one SIP media application per region, so the failover targets are at
 * most one in each region where SIP media applications run, other than this stack's.
 */
function validateFailoverTargets(stackRegion: string, targets: ISipMediaApplication[]): void {
  const maximum = SIP_MEDIA_APPLICATION_REGIONS.length - 1;
  if (targets.length > maximum) {
    throw new Error(`failoverTargets has ${targets.length} entries: use at most ${maximum}, one SIP media application in each other region ` +
      `where SIP media applications run (${SIP_MEDIA_APPLICATION_REGIONS.join(', ')}).`);
  }
  const seen = new Map<string, number>();
  targets.forEach((target, index) => {
    const region = target.env.region;
    if (Token.isUnresolved(region)) {
      return;
    }
    if (!Token.isUnresolved(stackRegion) && region === stackRegion) {
      throw new Error(`failoverTargets[${index}] is in this stack's region, ${region}: fail over to a SIP media application in another region.`);
    }
    if (seen.has(region)) {
      throw new Error(`failoverTargets[${index}] is in ${region} like failoverTargets[${seen.get(region)}]: give one target per region.`);
    }
    seen.set(region, index);
  });
}

function validateProps(props: MeetingDialInProps): void {
  wholeNumberIn('pinLength', props.pinLength, 4, 12);
  wholeNumberIn('maxPinAttempts', props.maxPinAttempts, 1, 10);
  const pinTimeout = requireDuration('pinTimeout', props.pinTimeout);
  requireDuration('handlerOptions.timeout', props.handlerOptions?.timeout);
  validateVoice(props.voice);
  requireEnumValue('callerIdentity', props.callerIdentity, CallerIdentity, 'CallerIdentity');
  if (pinTimeout && !pinTimeout.isUnresolved()) {
    const ms = pinTimeout.toMilliseconds();
    if (ms < 1000 || ms > 60_000) {
      throw new Error(`pinTimeout ${pinTimeout.toHumanString()} is invalid: use 1 to 60 seconds.`);
    }
  }
  if (props.selfMuteDigits !== undefined && props.selfMuteDigits !== '' && !/^[0-9*#]{1,4}$/.test(props.selfMuteDigits)) {
    throw new Error(`selfMuteDigits "${props.selfMuteDigits}" is invalid: use 1 to 4 of 0-9, * and #, or '' to turn it off.`);
  }
  const memory = props.handlerOptions?.memorySize;
  if (memory !== undefined && !Token.isUnresolved(memory) && memory < 256) {
    throw new Error(`handlerOptions.memorySize ${memory} is invalid: use at least 256 MB, or cold starts risk the 5 s SMA retry.`);
  }
  validateCustomHandlerProps(props as Readonly<Record<string, unknown>>);
  if (props.phoneNumber && props.phoneNumberOptions) {
    throw new Error('phoneNumber and phoneNumberOptions exclude each other: phoneNumberOptions describes a number to order.');
  }
  if (props.standby) {
    const numberProps = (['phoneNumber', 'phoneNumberOptions', 'failoverTargets'] as const).filter((name) => props[name] !== undefined);
    if (numberProps.length > 0) {
      throw new Error(`standby is true, so ${numberProps.join(' and ')} cannot apply: a standby has no number and no SIP rule; set them on the primary.`);
    }
    if (!props.meetingDirectory) {
      throw new Error('standby is true but meetingDirectory is missing: pass the replica, in this region, of the primary\'s directory ' +
        '(a DynamoDB global table), e.g. dynamodb.TableV2.fromTableName(this, \'Directory\', tableName).');
    }
  }
}

function wholeNumberIn(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
    throw new Error(`${name} ${value} is invalid: use a whole number from ${min} to ${max}.`);
  }
}

/** How cdk-nag prints the account of an ARN built with `formatArn`. */
function accountForNag(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}
