import { AspectPriority, Aspects, Aws, Duration, Fn, Lazy, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CallPrompt } from './call-prompt';
import { IPhoneNumber, PhoneNumber, PhoneNumberProps } from './phone-number';
import { AlarmActionsAspect } from './private/alarm-actions-aspect';
import { BACKEND_ENVIRONMENT, DEFAULT_PIN_LENGTH } from './private/backend-environment';
import { bundledHandlerCode, DEFAULT_ARCHITECTURE, DEFAULT_NODE_RUNTIME } from './private/bundled-code';
import { CALL_RECORD_KEY_PREFIX } from './private/call-record-key';
import { CLEAN_UP_KEY_PREFIX } from './private/clean-up-key';
import { createDialInDashboard } from './private/dial-in-dashboard';
import { addDialInOutputs, addRegionRules } from './private/dial-in-outputs';
import { requireDuration, requireEnumValue, validateCustomHandlerProps, validateVoice } from './private/dial-in-props';
import { HandlerConfig, HandlerPrompt, renderHandlerEnvironment } from './private/handler-environment';
import { isMeetingControlRegion, MEETING_CONTROL_REGIONS } from './private/meeting-regions';
import { PIN_GUESS_KEY_PREFIX } from './private/pin-guess-key';
import { SIP_MEDIA_APPLICATION_REGIONS } from './private/pstn-audio-regions';
import { ISipMediaApplication, SipMediaApplication, SipMediaApplicationProvisioning } from './sip-media-application';
import { SipRule, SipRuleTrigger } from './sip-rule';
import { WaitingRoomOptions } from './waiting-room-options';

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
  /**
   * Said when a caller starts waiting for a scheduled meeting's start, and every minute of the wait
   * (see `meetingStartWait`).
   * @default - "The meeting has not started yet. Please hold: you will join as soon as it starts."
   */
  readonly waitingForMeeting?: CallPrompt;
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
  /** Said while a passing fault is retried (then short pauses, 10 s at most). @default - "One moment, please." */
  readonly hold?: CallPrompt;
  /** @default - "Sorry, we could not check that PIN. Please enter your meeting PIN again, followed by the pound key." */
  readonly pinNotChecked?: CallPrompt;
  /** Said to a number over `maxPinFailuresPerCaller`. @default - "Too many wrong PINs came from this number. Please try again later. Goodbye." */
  readonly tooManyGuesses?: CallPrompt;
  /** Confirms a mute (`*6` or the app's). @default - "You are muted." */
  readonly muted?: CallPrompt;
  /** Confirms an unmute. @default - "You are unmuted." */
  readonly unmuted?: CallPrompt;
  /**
   * Said to a caller no one admitted from the waiting room within its `lobbyTimeout`.
   * @default - "No one has let you into the meeting. Please try again later. Goodbye."
   */
  readonly lobbyTimedOut?: CallPrompt;
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
   * More numbers callers can dial, beside `phoneNumber` or `phoneNumberOptions`: ordered
   * (`new PhoneNumber(...)`, local or toll-free, in any country PSTN Audio sells numbers in) or
   * imported (`PhoneNumber.fromE164(...)`), in the order an invitation lists them. Each gets its
   * own SIP rule to this SIP media application and the `failoverTargets`. Given alone, no number
   * is ordered with the default `phoneNumberOptions`.
   * @default - only the number of `phoneNumber` or `phoneNumberOptions`
   */
  readonly phoneNumbers?: IPhoneNumber[];

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
   * How long a caller whose PIN belongs to a scheduled meeting that has not started yet waits on
   * hold for the app's `activateMeeting` (0 to 60 minutes). The caller hears that the meeting has not
   * started, is reminded every minute, joins as soon as it is activated, and hears goodbye when the
   * wait is over. `Duration.seconds(0)` says goodbye at once.
   * @default Duration.minutes(10)
   */
  readonly meetingStartWait?: Duration;

  /**
   * A waiting room: callers with the meeting's PIN wait on hold until the app admits them
   * (`updateCall` with `admit`), a caller with the host PIN opens the room, or `lobbyTimeout` passes.
   * Present means on: `waitingRoom: {}` takes every default. See `WaitingRoomOptions`.
   * @default - no waiting room: a caller joins as soon as the PIN is right
   */
  readonly waitingRoom?: WaitingRoomOptions;

  /**
   * Failed PINs from one calling number, across calls, within `pinFailureWindow`, after which calls
   * from that number hear a refusal until the window passes (1 to 1,000). Counted in the meeting
   * directory with DynamoDB atomic counters under a keyed hash of the number; see the README's
   * "PIN guessing" section for the arithmetic.
   * @default 10
   */
  readonly maxPinFailuresPerCaller?: number;

  /**
   * The window of `maxPinFailuresPerCaller` (1 minute to 7 days).
   * @default Duration.hours(1)
   */
  readonly pinFailureWindow?: Duration;

  /**
   * With `alarms`, the failed PINs of the whole dial-in in 5 minutes that raise the PIN-guessing alarm
   * (a guesser calling from many numbers, which the per-number limit does not stop).
   * @default 50
   */
  readonly pinFailureAlarmThreshold?: number;

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
   * @default - true when `alarmActions` has an action, otherwise false
   */
  readonly alarms?: boolean;

  /**
   * How the SIP media application is provisioned. Set `VOICE_API` for an environment-agnostic
   * stack that may be deployed to us-west-2, whose CloudFormation has no
   * `AWS::Chime::SipMediaApplication`.
   * @default - by the stack's region: `CLOUDFORMATION` where CloudFormation has the resource type,
   * `VOICE_API` elsewhere (us-west-2); `CLOUDFORMATION`, with a synth warning, when the region is
   * unknown at synth
   */
  readonly sipMediaApplicationProvisioning?: SipMediaApplicationProvisioning;

  /**
   * What every alarm of this dial-in does when it goes off, e.g.
   * `new cloudwatch_actions.SnsAction(onCallTopic)`: applied to each CloudWatch alarm in this
   * construct, those created later included. Actions turn `alarms` on.
   * @default - no actions: the alarms only change state
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * Whether to create a CloudWatch dashboard of this dial-in: calls, joins, join failures, PIN
   * failures, refused calls, handler errors, handler duration, concurrent calls and the alarms.
   * @default false
   */
  readonly dashboard?: boolean;
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
  /**
   * Every number callers can dial, in invitation order: the one of `phoneNumber` or
   * `phoneNumberOptions` first, then `phoneNumbers`. A `standby` has none.
   */
  public readonly phoneNumbers: IPhoneNumber[];
  /** The SIP rules routing `phoneNumbers` to the SIP media application, one per number, in the same order. */
  public readonly sipRules: SipRule[];
  /** The dashboard, when `dashboard` is true. */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly metricsService: string;
  private readonly pinFailureAlarmThreshold: number;
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
    this.pinFailureAlarmThreshold = props.pinFailureAlarmThreshold ?? 50;
    this.meetingRegions = resolveMeetingRegions(Stack.of(this).region, props);
    // A custom handler gets a directory only when it is given one: it may keep no PINs at all.
    this.directory = props.meetingDirectory ?? (props.handler ? undefined : this.createDirectory(props));
    this.handler = props.handler ?? this.createHandler(props);
    const singleNumber = !props.standby && (props.phoneNumber || props.phoneNumberOptions || !props.phoneNumbers);
    if (singleNumber) {
      this.dialInNumber = props.phoneNumber ?? new PhoneNumber(this, 'PhoneNumber', props.phoneNumberOptions);
    }
    this.sipMediaApplication = new SipMediaApplication(this, 'SipMediaApplication', {
      handler: this.handler,
      provisioning: props.sipMediaApplicationProvisioning,
    });
    const targets = [this.sipMediaApplication, ...props.failoverTargets ?? []].map((sipMediaApplication) => ({ sipMediaApplication }));
    if (this.dialInNumber) {
      this.numberRule = new SipRule(this, 'SipRule', {
        trigger: SipRuleTrigger.toPhoneNumber(this.dialInNumber),
        targets,
      });
    }
    this.phoneNumbers = [...this.dialInNumber ? [this.dialInNumber] : [], ...props.phoneNumbers ?? []];
    validateDistinctNumbers(this.phoneNumbers);
    this.sipRules = [
      ...this.numberRule ? [this.numberRule] : [],
      // Named by the number, not its position: reordering or removing one never replaces the rule
      // of another (two rules cannot route the same number while CloudFormation replaces one).
      ...(props.phoneNumbers ?? []).map((phoneNumber) => new SipRule(this, `SipRule${numberKey(phoneNumber)}`, {
        trigger: SipRuleTrigger.toPhoneNumber(phoneNumber),
        targets,
      })),
    ];
    if (props.alarms ?? (props.alarmActions ?? []).length > 0) {
      this.createAlarms();
    }
    if (props.alarmActions && props.alarmActions.length > 0) {
      // It changes the alarms: it runs before the aspects that only read the tree (checks such as cdk-nag).
      Aspects.of(this).add(new AlarmActionsAspect(props.alarmActions), { priority: AspectPriority.MUTATING });
    }
    if (props.dashboard) {
      this.dashboard = createDialInDashboard(this, 'Dashboard', this);
    }
    addDialInOutputs(this, { phoneNumbers: this.phoneNumbers, sipMediaApplication: this.sipMediaApplication, meetingDirectory: this.directory });
    addRegionRules(this, {
      meetingsInStackRegion: !props.handler && props.meetingRegions === undefined,
      voiceApiProvisioning: props.sipMediaApplicationProvisioning === SipMediaApplicationProvisioning.VOICE_API,
    });
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

  /** The E.164 numbers callers dial (tokens until deployment for ordered numbers), for an output or an invitation. */
  public get dialInNumbers(): string[] {
    return this.phoneNumbers.map((phoneNumber) => phoneNumber.e164PhoneNumber);
  }

  /** The first number callers dial. A `standby` has none (the primary's number routes to it): reading it throws. */
  public get phoneNumber(): IPhoneNumber {
    if (this.phoneNumbers.length === 0) {
      throw new Error(`${this.node.path} is a standby: it has no phone number of its own; callers dial the primary's number.`);
    }
    return this.phoneNumbers[0];
  }

  /** The rule that routes the first number to the SIP media application. A `standby` has none: reading it throws. */
  public get sipRule(): SipRule {
    if (this.sipRules.length === 0) {
      throw new Error(`${this.node.path} is a standby: it has no SIP rule of its own; the primary's SIP rule routes to it.`);
    }
    return this.sipRules[0];
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

  /**
   * Attendees left to the clean-up sweep: a call ended without being sure its attendee was gone (a
   * CreateAttendee it gave up on, a deletion that failed); the sweep deletes them within minutes.
   */
  public metricPendingCleanUps(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PendingCleanUps', props);
  }

  /**
   * Clean-ups that failed: a sweep could not delete an attendee (it tries again each minute), or a
   * pending clean-up could not be stored (that attendee may outlive its call). Worth an alarm when
   * it lasts: Meetings or the directory table keeps failing.
   */
  public metricCleanUpFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CleanUpFailures', props);
  }

  /** Errors the handler absorbed (the caller heard an apology). */
  public metricHandlerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('HandlerErrors', props);
  }

  /** Calls the handler answered, inbound and dial-out. */
  public metricCalls(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Calls', props);
  }

  /** Calls the handler refused, e.g. a calling number locked out after too many wrong PINs (the `RefusedCalls` metric of the call flow). */
  public metricRefusedCalls(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RefusedCalls', props);
  }

  /** Milliseconds from a correct PIN to the caller in the meeting (average, unless `statistic` says otherwise). */
  public metricJoinLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('JoinLatency', { statistic: 'Average', ...props });
  }

  /** How long each handler invocation ran (Lambda `Duration`, average unless `statistic` says otherwise). */
  public metricHandlerDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handler.metricDuration(props);
  }

  /**
   * Handler invocations that failed outright (Lambda `Errors`: a crash or a timeout, so the SIP
   * media application got no actions), as opposed to the errors the handler absorbed.
   */
  public metricHandlerInvocationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handler.metricErrors(props);
  }

  /**
   * Handler invocations running at once (Lambda `ConcurrentExecutions`, maximum per minute,
   * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-concurrency.html). The SIP media
   * application invokes the handler once per call event, for milliseconds, so this counts events
   * in flight, not calls: it is the load on the account's Lambda concurrency.
   */
  public metricHandlerConcurrentExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handler.metric('ConcurrentExecutions', { statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /**
   * Calls in progress on the SIP media applications of this account in this stack's region
   * (`SmaActiveCallCount` of the `AWS/ChimeVoiceConnector` namespace, maximum per minute,
   * https://docs.aws.amazon.com/chime-sdk/latest/ag/monitoring-cloudwatch.html). The page documents
   * no per-application dimension, so this is a search expression over every series of the metric:
   * graph it; an alarm cannot use a search expression.
   */
  public metricConcurrentCalls(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    const period = props?.period ?? Duration.minutes(1);
    return new cloudwatch.MathExpression({
      // Search terms without a {namespace,dimension} schema match the metric whatever its dimensions
      // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html).
      expression: `SEARCH('Namespace="AWS/ChimeVoiceConnector" MetricName="SmaActiveCallCount"', 'Maximum', ${period.toSeconds()})`,
      usingMetrics: {},
      label: 'Active calls',
      ...props,
      period,
    });
  }

  /** What `connectBackend` tells the backend, by variable name. */
  private backendEnvironment(): Record<string, string> {
    const numbers = this.dialInNumbers;
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
    // The handler counts failed PINs (atomic counters) under their own keys only: never a PIN or a call record.
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [this.meetingDirectory.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${PIN_GUESS_KEY_PREFIX}*`] } },
    }));
    // The handler leaves the clean-ups it could not finish under their own keys only (the sweep reads
    // them back with BatchGetItem, which grantReadData covers).
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [this.meetingDirectory.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${CLEAN_UP_KEY_PREFIX}*`] } },
    }));
    // The handler writes call records, and only call records: the condition keeps every PIN out of its reach.
    // A waiting room is a call record too, updated in place as callers come and go.
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem', ...props.waitingRoom ? ['dynamodb:UpdateItem'] : []],
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
      meetingStartWaitMs: props.meetingStartWait?.toMilliseconds(),
      prompts: renderPrompts(this, { ...props.prompts, ...props.waitingRoom?.holdPrompt ? { waitingRoom: props.waitingRoom.holdPrompt } : {} },
        Lazy.string({ produce: () => this.sipMediaApplication.sipMediaApplicationArn })),
      waitingRoom: props.waitingRoom ? { lobbyTimeoutMs: props.waitingRoom.lobbyTimeout?.toMilliseconds() } : undefined,
      voice: props.voice ? { voiceId: props.voice.voiceId, engine: props.voice.engine, languageCode: props.voice.languageCode } : undefined,
      callerIdentity: props.callerIdentity,
      confirmDialOut: props.confirmDialOut,
      selfMuteDigits: props.selfMuteDigits === '' ? false : props.selfMuteDigits,
      // Meetings registered without a region, as earlier versions did, are joined in the first one.
      meetingsRegion: props.meetingRegions ? this.meetingRegions[0] : undefined,
      meetingRegions: this.meetingRegions,
      pinGuesses: {
        maxFailures: props.maxPinFailuresPerCaller,
        windowSeconds: props.pinFailureWindow?.toSeconds(),
        // A pseudonymisation key, not a secret: unique to this deployment (the stack's id, which
        // CloudFormation makes at creation and no template holds, and this construct's address), so
        // that a reader of the table alone cannot look numbers up by hashing them. Whoever can read
        // the function's configuration can; that is who may read the logs anyway.
        hashKey: `${Aws.STACK_ID}/${this.node.addr}`,
      },
    };
    const handler = new lambda.Function(this, 'Handler', {
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
    // Every minute the handler sweeps the pending clean-ups: attendees a call could not be sure it
    // deleted (README "When things fail"). The scheduled event is no SMA event; the handler knows it.
    new events.Rule(this, 'CleanUpSchedule', {
      description: 'Sweeps the attendees that dial-in calls left to a later clean-up (cdk-chime-meeting-dialin)',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new eventsTargets.LambdaFunction(handler, { retryAttempts: 0 })],
    });
    return handler;
  }

  /**
   * Creates one of this dial-in's alarms and lists it in `alarms` (and on the dashboard). Every
   * alarm in this construct, however created, gets `alarmActions`.
   */
  private addAlarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, props);
    this.alarms.push(alarm);
    return alarm;
  }

  private createAlarms(): void {
    const alarm = (id: string, metric: cloudwatch.Metric, description: string) => {
      this.addAlarm(id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
    };
    alarm('HandlerErrorsAlarm', this.metricHandlerErrors(), 'The dial-in handler absorbed errors: callers heard an apology.');
    alarm('JoinFailuresAlarm', this.metricJoinFailures(), 'Phone callers could not join their meeting.');
    this.addAlarm('PinGuessingAlarm', {
      metric: this.metricPinFailures({ period: Duration.minutes(5) }),
      threshold: this.pinFailureAlarmThreshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Many wrong PINs across the dial-in: someone may be guessing meeting PINs, from many numbers.',
    });
  }
}

/** The CloudWatch namespace of the bundled handler's metrics. */
const METRICS_NAMESPACE = 'CdkChimeMeetingDialIn';

function renderPrompts(
  scope: Construct,
  prompts: CallPrompts & { readonly waitingRoom?: CallPrompt },
  sipMediaApplicationArn: string,
): Record<string, HandlerPrompt> | undefined {
  if (Object.keys(prompts).length === 0) {
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

function validateWaitingRoom(waitingRoom: WaitingRoomOptions | undefined): void {
  if (waitingRoom === undefined) {
    return;
  }
  if (typeof waitingRoom !== 'object' || waitingRoom === null) {
    throw new Error(`waitingRoom ${String(waitingRoom)} is invalid: use an object, e.g. {} for a waiting room with every default.`);
  }
  if (waitingRoom.holdPrompt !== undefined && !(waitingRoom.holdPrompt instanceof CallPrompt)) {
    throw new Error('waitingRoom.holdPrompt is not a CallPrompt: use CallPrompt.text(...) or CallPrompt.audio(bucket, key).');
  }
  const lobbyTimeout = requireDuration('waitingRoom.lobbyTimeout', waitingRoom.lobbyTimeout);
  if (lobbyTimeout && !lobbyTimeout.isUnresolved() && (lobbyTimeout.toMilliseconds() < 60_000 || lobbyTimeout.toMilliseconds() > 3_600_000)) {
    throw new Error(`waitingRoom.lobbyTimeout ${lobbyTimeout.toHumanString()} is invalid: use 1 to 60 minutes.`);
  }
}

function validateProps(props: MeetingDialInProps): void {
  wholeNumberIn('pinLength', props.pinLength, 4, 12);
  wholeNumberIn('maxPinAttempts', props.maxPinAttempts, 1, 10);
  wholeNumberIn('maxPinFailuresPerCaller', props.maxPinFailuresPerCaller, 1, 1_000);
  wholeNumberIn('pinFailureAlarmThreshold', props.pinFailureAlarmThreshold, 1, 100_000);
  const pinFailureWindow = requireDuration('pinFailureWindow', props.pinFailureWindow);
  if (pinFailureWindow && !pinFailureWindow.isUnresolved()) {
    const seconds = pinFailureWindow.toSeconds();
    if (seconds < 60 || seconds > 604_800) {
      throw new Error(`pinFailureWindow ${pinFailureWindow.toHumanString()} is invalid: use 1 minute to 7 days.`);
    }
  }
  const pinTimeout = requireDuration('pinTimeout', props.pinTimeout);
  const meetingStartWait = requireDuration('meetingStartWait', props.meetingStartWait);
  if (meetingStartWait && !meetingStartWait.isUnresolved() && meetingStartWait.toSeconds() > 3_600) {
    throw new Error(`meetingStartWait ${meetingStartWait.toHumanString()} is invalid: use 0 to 60 minutes.`);
  }
  validateWaitingRoom(props.waitingRoom);
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
  if (props.phoneNumbers && props.phoneNumbers.length === 0) {
    throw new Error('phoneNumbers [] is empty: list at least one number, or leave phoneNumbers out for the one of phoneNumber or phoneNumberOptions.');
  }
  if (props.alarms === false && props.alarmActions && props.alarmActions.length > 0) {
    throw new Error(`alarms is false but alarmActions has ${props.alarmActions.length} action(s): set alarms to true (or leave it out), or remove alarmActions.`);
  }
  if (props.standby) {
    const numberProps = (['phoneNumber', 'phoneNumberOptions', 'phoneNumbers', 'failoverTargets'] as const).filter((name) => props[name] !== undefined);
    if (numberProps.length > 0) {
      throw new Error(`standby is true, so ${numberProps.join(' and ')} cannot apply: a standby has no number and no SIP rule; set them on the primary.`);
    }
    if (!props.meetingDirectory) {
      throw new Error('standby is true but meetingDirectory is missing: pass the replica, in this region, of the primary\'s directory ' +
        '(a DynamoDB global table), e.g. dynamodb.TableV2.fromTableName(this, \'Directory\', tableName).');
    }
  }
}

/** Each number once: two SIP rules cannot route the same number. */
function validateDistinctNumbers(numbers: IPhoneNumber[]): void {
  const seen = new Map<string, number>();
  numbers.forEach((phoneNumber, index) => {
    const e164 = phoneNumber.e164PhoneNumber;
    const first = seen.get(e164);
    if (first !== undefined) {
      const shown = Token.isUnresolved(e164) ? phoneNumber.node.path : e164;
      throw new Error(`The dial-in's numbers list ${shown} twice (at ${first} and ${index}, counting phoneNumber or phoneNumberOptions first): `
        + 'give each number once; a number has one SIP rule.');
    }
    seen.set(e164, index);
  });
}

/** What names a number's SIP rule: its digits when known, otherwise the number construct's unique id. */
function numberKey(phoneNumber: IPhoneNumber): string {
  const e164 = phoneNumber.e164PhoneNumber;
  return Token.isUnresolved(e164) ? Names.nodeUniqueId(phoneNumber.node) : e164.slice(1);
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
