import { Duration, Lazy, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CallPrompt } from './call-prompt';
import { IPhoneNumber, PhoneNumber, PhoneNumberProps } from './phone-number';
import { bundledHandlerCode, DEFAULT_ARCHITECTURE, DEFAULT_NODE_RUNTIME } from './private/bundled-code';
import { HandlerConfig, HandlerPrompt, renderHandlerEnvironment } from './private/handler-environment';
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
   * cannot be invoked (each region once; this stack's region is the first target).
   * @default - no failover
   */
  readonly failoverTargets?: ISipMediaApplication[];

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
  /** The number callers dial. */
  public readonly phoneNumber: IPhoneNumber;
  /** The SIP media application. */
  public readonly sipMediaApplication: SipMediaApplication;
  /** The rule that routes the number to the SIP media application. */
  public readonly sipRule: SipRule;
  /** The SIP media application's handler. */
  public readonly handler: lambda.IFunction;
  /** The PIN → meeting table. */
  public readonly meetingDirectory: dynamodb.ITable;
  /** The alarms, when `alarms` is true. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  private readonly metricsService: string;

  constructor(scope: Construct, id: string, props: MeetingDialInProps = {}) {
    super(scope, id);
    validateProps(props);
    this.metricsService = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.meetingDirectory = props.meetingDirectory ?? this.createDirectory(props);
    this.handler = props.handler ?? this.createHandler(props);
    this.phoneNumber = props.phoneNumber ?? new PhoneNumber(this, 'PhoneNumber', props.phoneNumberOptions);
    this.sipMediaApplication = new SipMediaApplication(this, 'SipMediaApplication', { handler: this.handler });
    this.sipRule = new SipRule(this, 'SipRule', {
      trigger: SipRuleTrigger.toPhoneNumber(this.phoneNumber),
      targets: [this.sipMediaApplication, ...props.failoverTargets ?? []].map((sipMediaApplication) => ({ sipMediaApplication })),
    });
    if (props.alarms) {
      this.createAlarms();
    }
  }

  /** Lets `grantee` place calls into meetings (CreateSipMediaApplicationCall on this application). */
  public grantDialOut(grantee: iam.IGrantable): iam.Grant {
    return this.sipMediaApplication.grantCreateCall(grantee);
  }

  /** Lets `grantee` mute, unmute and remove phone attendees (UpdateSipMediaApplicationCall on this application). */
  public grantCallUpdates(grantee: iam.IGrantable): iam.Grant {
    return this.sipMediaApplication.grantUpdateCall(grantee);
  }

  /** Lets `grantee` register and retire meeting PINs (`registerMeeting`, `unregisterMeeting`). */
  public grantRegisterMeetings(grantee: iam.IGrantable): iam.Grant {
    return this.meetingDirectory.grant(grantee, 'dynamodb:PutItem', 'dynamodb:DeleteItem');
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
    const meetingsInThisAccount = stack.formatArn({ service: 'chime', resource: 'meeting', resourceName: '*' });
    role.addToPolicy(new iam.PolicyStatement({
      // Create the caller's attendee, delete it when the call ends, find it if an answer was lost.
      actions: ['chime:CreateAttendee', 'chime:DeleteAttendee', 'chime:ListAttendees'],
      resources: [meetingsInThisAccount],
    }));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:chime:${regionForNag(stack)}:${accountForNag(stack)}:meeting/*]`,
      reason: 'Meetings are created at run time by the app; the handler may only manage attendees of meetings in its own account and region.',
    });
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

function validateProps(props: MeetingDialInProps): void {
  wholeNumberIn('pinLength', props.pinLength, 4, 12);
  wholeNumberIn('maxPinAttempts', props.maxPinAttempts, 1, 10);
  if (props.pinTimeout && !props.pinTimeout.isUnresolved()) {
    const ms = props.pinTimeout.toMilliseconds();
    if (ms < 1000 || ms > 60_000) {
      throw new Error(`pinTimeout ${props.pinTimeout.toHumanString()} is invalid: use 1 to 60 seconds.`);
    }
  }
  if (props.selfMuteDigits !== undefined && props.selfMuteDigits !== '' && !/^[0-9*#]{1,4}$/.test(props.selfMuteDigits)) {
    throw new Error(`selfMuteDigits "${props.selfMuteDigits}" is invalid: use 1 to 4 of 0-9, * and #, or '' to turn it off.`);
  }
  const memory = props.handlerOptions?.memorySize;
  if (memory !== undefined && !Token.isUnresolved(memory) && memory < 256) {
    throw new Error(`handlerOptions.memorySize ${memory} is invalid: use at least 256 MB, or cold starts risk the 5 s SMA retry.`);
  }
  if (props.handler && (props.prompts || props.voice || props.pinLength || props.handlerOptions)) {
    throw new Error('handler replaces the bundled call flow: remove prompts, voice, pinLength and handlerOptions, or remove handler.');
  }
  if (props.phoneNumber && props.phoneNumberOptions) {
    throw new Error('phoneNumber and phoneNumberOptions exclude each other: phoneNumberOptions describes a number to order.');
  }
}

function wholeNumberIn(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
    throw new Error(`${name} ${value} is invalid: use a whole number from ${min} to ${max}.`);
  }
}

/** How cdk-nag prints the region and account of an ARN built with `formatArn`. */
function regionForNag(stack: Stack): string {
  return Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
}

function accountForNag(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}
