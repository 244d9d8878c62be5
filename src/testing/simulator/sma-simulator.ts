import { FakeMeetingsService, FakeServiceError, FakeVoiceService, SeededIds, VirtualClock } from '../fakes';
import type { IdStream, SipMediaApplicationCallRequest, SipMediaApplicationCallUpdate } from '../fakes';
import { ActionFaults } from './action-faults';
import { CallEngine } from './call-engine';
import type { CallEngineContext } from './call-engine';
import type { EnvelopeIdentity } from './event-builder';
import { loadHandler } from './handler-loader';
import type { SimulatedLambdaContext, SmaHandlerFunction } from './handler-loader';
import { HeldRequestWatcher } from './held-request-watcher';
import type { HeldRequestSource } from './held-request-watcher';
import { resolveSimulatorSettings } from './settings';
import type { SimulatorSettings, SimulatorSettingsOverrides } from './settings';
import { SimulatedCall } from './simulated-call';
import { virtualCallFlowClock } from '../call-flow-clock';
import { SIMULATOR_TIMEOUT } from '../lambda-timeout';

/** Options of {@link SmaSimulator}. */
export interface SmaSimulatorOptions {
  /**
   * The handler under test: a function (e.g. `createSmaRouter(...).handler`), or the path of a bundled
   * asset directory containing `index.js` (or of a `.js` file) that exports `handler`, loaded with
   * `loadHandler` (a fresh module instance per simulator).
   */
  readonly handler: SmaHandlerFunction | string;
  /** Environment variables set while a handler given as a path loads (restored afterwards). */
  readonly env?: Readonly<Record<string, string>>;
  /** The fake Meetings service joins are checked against. Default: a new one on the simulator's clock (not started). */
  readonly meetings?: FakeMeetingsService;
  /** The fake Voice service whose CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall the simulator serves. Default: a new one. */
  readonly voice?: FakeVoiceService;
  /**
   * The virtual clock, shared with the fakes and with any handler that wants virtual-time budgets (build
   * the handler with the same clock and use `clock.sleep`). Default: the fakes' clock, else a new one.
   */
  readonly clock?: VirtualClock;
  /** The seed of every ID the simulator makes (TransactionId, CallIds, request IDs). Default 1. */
  readonly seed?: number | string;
  /** Settings to change; see {@link SimulatorSettings} for each one and its default. */
  readonly settings?: SimulatorSettingsOverrides;
  /** `CallDetails.AwsAccountId`. Default: the Meetings fake's account. */
  readonly accountId?: string;
  /** `CallDetails.AwsRegion`. Default: the Meetings fake's Region. */
  readonly region?: string;
  /** `CallDetails.SipMediaApplicationId`. Default: a seeded UUID. */
  readonly sipMediaApplicationId?: string;
  /** `CallDetails.SipRuleId` of inbound calls. Default: a seeded UUID. */
  readonly sipRuleId?: string;
  /**
   * Other local services whose virtual latency the simulator waits on, as it does for the fakes'
   * (e.g. `LocalMeetingDirectory.faults`). Default: none.
   */
  readonly heldRequestSources?: readonly HeldRequestSource[];
}

/** An inbound call: someone dials a number whose SIP rule targets the SMA. */
export interface InboundCallOptions {
  /** The caller's E.164 number. */
  readonly from: string;
  /** The dialled E.164 number. */
  readonly to: string;
  /**
   * The SIP rule the call came through, `CallDetails.SipRuleId` of its events: with one rule per
   * number (docs/sma-model.md#sip-rules), the rule of `to`. Default: the simulator's `sipRuleId`.
   */
  readonly sipRuleId?: string;
}

/** An outbound call placed with CreateSipMediaApplicationCall. */
export interface OutboundCallOptions {
  /** The SMA's E.164 number; the Voice fake must hold it (`voice.addPhoneNumber`). */
  readonly from: string;
  /** The callee's E.164 number. */
  readonly to: string;
  /** ArgumentsMap: 0 to 20 string pairs, surfaced in NEW_OUTBOUND_CALL. */
  readonly arguments?: Readonly<Record<string, string>>;
}

/** An invocation of the handler on a schedule, as an EventBridge rule with `rate(...)` delivers it. */
export interface ScheduledInvocationOptions {
  /** Virtual milliseconds between invocations; the first comes this long from now. */
  readonly everyMs: number;
}

/** A running schedule: what it delivered, and how to stop it. */
export interface ScheduledInvocation {
  /** Invocations delivered so far. */
  readonly invocations: number;
  /** What the handler threw or rejected with, or the timeouts (past `lambdaTimeoutMs`), in order. */
  readonly errors: readonly unknown[];
  /** Stops the schedule. */
  cancel(): void;
}

interface Schedule extends ScheduledInvocation {
  readonly everyMs: number;
  nextAt: number;
  invocations: number;
  readonly errors: unknown[];
  cancelled: boolean;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A local SIP media application: it drives a handler through whole calls and enforces the rules of
 * the SMA programming model (docs/sma-model.md): at most 10 actions per response, every action
 * checked with the runtime's validators, one ACTION_SUCCESSFUL per list for its last action, the
 * rest of a list dropped after a failure, ignored responses, interruptible actions, JoinChimeMeeting
 * checked against the fake Meetings service, the bridged-call rule, TransactionAttributes
 * merge/clear/limits, INVALID_LAMBDA_RESPONSE, the 5 s retry and 20 s hang-up on the virtual clock,
 * and the 1,000-invocation cap. Each rule a handler breaks is recorded as a violation.
 *
 * Calls come in with {@link inboundCall}, go out through the fake Voice service's
 * CreateSipMediaApplicationCall (the SDK, or {@link outboundCall}), and are driven through their
 * {@link SimulatedCall} handle. Meetings end and attendees go through the fake Meetings service
 * (DeleteMeeting / DeleteAttendee, or `meetings.endMeeting`); the simulator reacts through its listeners.
 *
 * Deterministic: the same handler, seed and steps give the same transcripts, byte for byte, when
 * calls are driven one after the other.
 * @example
 * const sim = new SmaSimulator({ handler: router.handler, meetings, voice });
 * const call = await sim.inboundCall({ from: '+15105550101', to: '+12065550100' });
 * await call.pressDigits('123456#');
 * expect(call.joinedMeeting).toBeDefined();
 */
export class SmaSimulator {
  /** The shared virtual clock. */
  public readonly clock: VirtualClock;
  /** The fake Meetings service. */
  public readonly meetings: FakeMeetingsService;
  /** The fake Voice service. */
  public readonly voice: FakeVoiceService;
  /** The settings in force. */
  public readonly settings: SimulatorSettings;
  /** The SMA's id in events and in CreateSipMediaApplicationCall. */
  public readonly sipMediaApplicationId: string;
  /** The SIP rule id of inbound calls that name none. */
  public readonly sipRuleId: string;
  /** The account in events. */
  public readonly accountId: string;
  /** The Region in events. */
  public readonly region: string;
  /**
   * Action failures to inject, e.g. `sim.actionFaults.inject('Speak', { errorType: 'SystemException' })`:
   * Polly throttled, a wrong voice, an unreadable S3 prompt (see {@link ActionFaults}).
   */
  public readonly actionFaults = new ActionFaults();

  private readonly handler: SmaHandlerFunction;
  private readonly all = new Map<string, SimulatedCall>();
  private readonly active = new Map<string, { readonly engine: CallEngine; readonly call: SimulatedCall }>();
  private readonly transactionIds: IdStream;
  private readonly callIds: IdStream;
  private readonly requestIds: IdStream;
  private readonly holds: HeldRequestWatcher;
  private readonly stopListening: () => void;
  private readonly context: CallEngineContext;
  private readonly invoking = new Set<CallEngine>();
  private readonly schedules = new Set<Schedule>();
  private readonly scheduleIds: IdStream;
  /** ExternalUserId of a CreateAttendee sent during an invocation → the call that sent it. */
  private readonly attendeeRequests = new Map<string, CallEngine>();

  /**
   * @param options the handler, the fakes, the clock, the seed and the settings
   * @throws Error when the handler cannot be loaded, a setting is invalid, or the fakes use another clock
   */
  constructor(options: SmaSimulatorOptions) {
    this.settings = resolveSimulatorSettings(options.settings);
    this.clock = options.clock ?? sharedClock(options.meetings, options.voice) ?? new VirtualClock();
    for (const fake of [options.meetings, options.voice]) {
      if (fake && fake.clock !== this.clock) {
        throw new Error('SmaSimulator: the fakes and the simulator must share one VirtualClock (pass the fakes\' clock, or build them with `clock`)');
      }
    }
    const ids = new SeededIds(options.seed);
    const fakeOptions = { clock: this.clock, seed: options.seed, region: options.region, accountId: options.accountId };
    this.meetings = options.meetings ?? new FakeMeetingsService(fakeOptions);
    this.voice = options.voice ?? new FakeVoiceService(fakeOptions);
    this.accountId = options.accountId ?? this.meetings.accountId;
    this.region = options.region ?? this.meetings.region;
    this.sipMediaApplicationId = options.sipMediaApplicationId ?? ids.stream('sip-media-application').uuid();
    this.sipRuleId = options.sipRuleId ?? ids.stream('sip-rule').uuid();
    this.transactionIds = ids.stream('sma-transaction');
    this.callIds = ids.stream('sma-call-id');
    this.requestIds = ids.stream('lambda-request');
    this.scheduleIds = ids.stream('scheduled-event');
    this.handler = typeof options.handler === 'string' ? loadHandler(options.handler, { env: options.env }) : options.handler;
    if (typeof this.handler !== 'function') {
      throw new Error('SmaSimulator: handler must be a function or the path of a module exporting one');
    }
    this.holds = new HeldRequestWatcher([this.meetings, this.voice, ...options.heldRequestSources ?? []]);
    const identity: EnvelopeIdentity = { accountId: this.accountId, region: this.region, sipMediaApplicationId: this.sipMediaApplicationId };
    this.context = {
      settings: this.settings,
      clock: this.clock,
      meetings: this.meetings,
      identity,
      handler: this.handler,
      holds: this.holds,
      nextCallId: () => this.callIds.uuid(),
      lambdaContext: (startedAt) => this.lambdaContext(startedAt),
      ended: (engine) => this.active.delete(engine.transactionId),
      actionFaults: this.actionFaults,
      cleanUpScheduled: () => this.schedules.size > 0,
      invoking: (engine, active) => {
        if (active) {
          this.invoking.add(engine);
        } else {
          this.invoking.delete(engine);
        }
      },
    };
    // Which call asked for an attendee is known when the request arrives; the attendee may come later
    // (a slow CreateAttendee the handler gave up on), when no invocation runs.
    const stopRequestWatch = this.meetings.onRequestReceived((request) => {
      if (request.operation !== 'CreateAttendee' || this.invoking.size !== 1) {
        return;
      }
      const externalUserId = externalUserIdOf(request.body);
      if (externalUserId !== undefined) {
        this.attendeeRequests.set(externalUserId, [...this.invoking][0]);
      }
    });
    const stopCreationWatch = this.meetings.onAttendeeCreated((attendee) => {
      this.attendeeRequests.get(attendee.externalUserId)?.attendeeCreated(attendee);
    });
    const stopAttendeeEvents = this.meetings.onAttendeeDeleted((event) => {
      for (const { engine } of [...this.active.values()]) {
        engine.attendeeDeleted(event);
      }
    });
    this.voice.setCallHooks({
      createCall: (request) => ({ transactionId: this.placeOutboundCall(request) }),
      updateCall: (update) => this.acceptUpdate(update),
    });
    this.stopListening = () => {
      stopAttendeeEvents();
      stopRequestWatch();
      stopCreationWatch();
      this.voice.setCallHooks({});
      this.holds.dispose();
    };
  }

  /** A call arrives at `to` from `from`: NEW_INBOUND_CALL, then whatever the handler does, until the call blocks. */
  public async inboundCall(options: InboundCallOptions): Promise<SimulatedCall> {
    requireE164('from', options.from);
    requireE164('to', options.to);
    if (options.sipRuleId !== undefined && (typeof options.sipRuleId !== 'string' || options.sipRuleId.trim() === '')) {
      throw new RangeError(`sipRuleId: ${JSON.stringify(options.sipRuleId)} is invalid: give the id of the SIP rule the call came through, or leave it out`);
    }
    const sipRuleId = options.sipRuleId ?? this.sipRuleId;
    const engine = this.startCall({ transactionId: this.transactionIds.uuid(), direction: 'Inbound', from: options.from, to: options.to, sipRuleId });
    await engine.kick();
    await engine.settle();
    return this.call(engine.transactionId);
  }

  /**
   * Places an outbound call through the fake Voice service's CreateSipMediaApplicationCall (the same
   * path as the SDK): NEW_OUTBOUND_CALL and RINGING, then the call waits for `answer()`, `reject()` or
   * `noAnswer()`. The fake requires `from` to be a number it holds.
   */
  public async outboundCall(options: OutboundCallOptions): Promise<SimulatedCall> {
    const transactionId = await this.voice.createSipMediaApplicationCall({
      sipMediaApplicationId: this.sipMediaApplicationId, fromPhoneNumber: options.from, toPhoneNumber: options.to, argumentsMap: options.arguments,
    });
    const call = this.call(transactionId);
    await call.settle();
    return call;
  }

  /** The call with this TransactionId. @throws Error when there is none */
  public call(transactionId: string): SimulatedCall {
    const call = this.all.get(transactionId);
    if (!call) {
      throw new Error(`SmaSimulator: no call with TransactionId ${transactionId}`);
    }
    return call;
  }

  /** Every call so far, oldest first. */
  public calls(): readonly SimulatedCall[] {
    return [...this.all.values()];
  }

  /**
   * Invokes the handler every `everyMs` of virtual time with an EventBridge scheduled event
   * (`"source": "aws.events"`, `"detail-type": "Scheduled Event"`,
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html), as a rule
   * with `rate(...)` targeting the handler's function does, e.g. a sweep of deferred clean-ups. The
   * invocations come while {@link wait} lets time pass; EventBridge ignores what the handler returns.
   * While one is in progress, the clock moves only when one of its requests is held on it, as for a
   * call's invocation; the calls' timers that come due meanwhile fire as usual.
   */
  public schedule(options: ScheduledInvocationOptions): ScheduledInvocation {
    if (!Number.isInteger(options.everyMs) || options.everyMs < 1_000) {
      throw new RangeError(`schedule: everyMs ${options.everyMs} is invalid: use a whole number of milliseconds of at least 1000`);
    }
    const schedule: Schedule = {
      everyMs: options.everyMs,
      nextAt: this.clock.now() + options.everyMs,
      invocations: 0,
      errors: [],
      cancelled: false,
      cancel: () => {
        schedule.cancelled = true;
        this.schedules.delete(schedule);
      },
    };
    this.schedules.add(schedule);
    return schedule;
  }

  /**
   * Lets `ms` of virtual time pass, stepping the clock from deadline to deadline (the calls' timers,
   * the clock's sleepers, the schedules) and running every call after each step.
   */
  public async wait(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`wait: ms must be a finite number of at least 0, got ${ms}`);
    }
    const target = this.clock.now() + ms;
    await this.settle();
    for (;;) {
      await this.runDueSchedules();
      const engines = [...this.active.values()].map((entry) => entry.engine);
      const scheduled = [...this.schedules].map((schedule) => schedule.nextAt);
      const deadlines = [target, this.clock.nextDeadline(), ...engines.map((engine) => engine.nextTimer()), ...scheduled]
        .filter((deadline): deadline is number => deadline !== undefined && deadline > this.clock.now());
      const due = engines.filter((engine) => engine.hasDueTimer());
      if (due.length === 0) {
        if (this.clock.now() >= target) {
          return;
        }
        this.clock.advanceTo(Math.min(...deadlines));
      }
      for (const engine of [...this.active.values()].map((entry) => entry.engine)) {
        if (engine.hasDueTimer()) {
          void engine.kick();
        }
      }
      await this.settle();
    }
  }

  private async runDueSchedules(): Promise<void> {
    for (const schedule of [...this.schedules]) {
      if (!schedule.cancelled && schedule.nextAt <= this.clock.now()) {
        // A rule fires once per period; periods the clock jumped over (a long held request) are not made up.
        while (schedule.nextAt <= this.clock.now()) {
          schedule.nextAt += schedule.everyMs;
        }
        await this.runScheduled(schedule);
      }
    }
  }

  /** One scheduled invocation, until it settles or reaches the Lambda timeout. */
  private async runScheduled(schedule: Schedule): Promise<void> {
    const startedAt = this.clock.now();
    schedule.invocations += 1;
    const event = {
      'version': '0',
      'id': this.scheduleIds.uuid(),
      'detail-type': 'Scheduled Event',
      'source': 'aws.events',
      'account': this.accountId,
      'time': new Date(startedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'region': this.region,
      'resources': [`arn:aws:events:${this.region}:${this.accountId}:rule/simulated-schedule`],
      'detail': {},
    };
    let settled = false;
    const foreign = this.holds.snapshot();
    const done = Promise.resolve()
      .then(() => this.handler(event as unknown as Parameters<SmaHandlerFunction>[0], this.lambdaContext(startedAt)))
      .then(() => { settled = true; }, (error: unknown) => { settled = true; schedule.errors.push(error); });
    const giveUpAt = startedAt + this.settings.lambdaTimeoutMs;
    while (!settled) {
      if (!this.holds.holdsBeyond(foreign)) {
        await this.holds.untilSettledOrHeld(done);
        continue;
      }
      // A request of this invocation is held on the clock: step to the next deadline, letting calls run.
      const engines = [...this.active.values()].map((entry) => entry.engine);
      const next = Math.min(...[this.clock.nextDeadline(), giveUpAt, ...engines.map((engine) => engine.nextTimer())]
        .filter((deadline): deadline is number => deadline !== undefined && deadline > this.clock.now()));
      if (Number.isFinite(next)) {
        this.clock.advanceTo(next);
      }
      for (const engine of engines) {
        if (engine.hasDueTimer()) {
          void engine.kick();
        }
      }
      await this.settle();
      for (let turn = 0; turn < 50 && !settled && this.holds.holdsBeyond(foreign); turn++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!settled && this.clock.now() >= giveUpAt) {
        schedule.errors.push(new Error(`the scheduled invocation did not finish within ${this.settings.lambdaTimeoutMs} ms (the Lambda timeout)`));
        return;
      }
    }
  }

  /** Resolves once no call has anything to do now. */
  public async settle(): Promise<void> {
    for (const { call } of [...this.active.values()]) {
      await call.settle();
    }
  }

  /** Stops listening to the fakes (and removes the Voice call hooks). The calls keep their state. */
  public dispose(): void {
    this.stopListening();
  }

  private startCall(start: ConstructorParameters<typeof CallEngine>[1]): CallEngine {
    const engine = new CallEngine(this.context, start);
    const call = new SimulatedCall(engine, {
      wait: (ms) => this.wait(ms),
      update: (transactionId, args) => this.voice.updateSipMediaApplicationCall({
        sipMediaApplicationId: this.sipMediaApplicationId, transactionId, arguments: args,
      }),
    });
    this.all.set(engine.transactionId, call);
    this.active.set(engine.transactionId, { engine, call });
    return engine;
  }

  private placeOutboundCall(request: SipMediaApplicationCallRequest): string {
    if (request.sipMediaApplicationId !== this.sipMediaApplicationId) {
      throw new FakeServiceError('BadRequestException', `SIP media application ${request.sipMediaApplicationId} is not the simulated one (${this.sipMediaApplicationId})`);
    }
    const engine = this.startCall({
      transactionId: this.transactionIds.uuid(),
      direction: 'Outbound',
      from: request.fromPhoneNumber,
      to: request.toPhoneNumber,
      arguments: request.argumentsMap,
    });
    void engine.kick();
    return engine.transactionId;
  }

  private acceptUpdate(update: SipMediaApplicationCallUpdate): void {
    const entry = this.active.get(update.transactionId);
    if (!entry || update.sipMediaApplicationId !== this.sipMediaApplicationId || entry.engine.status === 'ended') {
      throw new FakeServiceError('NotFoundException', `No active call with transaction ${update.transactionId} on SIP media application ${update.sipMediaApplicationId}`);
    }
    entry.engine.requestUpdate(update.arguments);
    void entry.engine.kick();
  }

  private lambdaContext(startedAt: number): SimulatedLambdaContext {
    const deadline = startedAt + this.settings.lambdaTimeoutMs;
    return {
      functionName: 'sma-handler',
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.region}:${this.accountId}:function:sma-handler`,
      memoryLimitInMB: '128',
      awsRequestId: this.requestIds.uuid(),
      logGroupName: '/aws/lambda/sma-handler',
      logStreamName: '2025/01/01/[$LATEST]simulated',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - this.clock.now()),
      // What `timeoutSignal(context, ms)` uses: a timer on the virtual clock.
      [SIMULATOR_TIMEOUT]: (ms: number) => virtualCallFlowClock(this.clock).timeout(ms),
    } as SimulatedLambdaContext;
  }
}

function sharedClock(...fakes: ReadonlyArray<FakeMeetingsService | FakeVoiceService | undefined>): VirtualClock | undefined {
  const clock = fakes.find((fake) => fake !== undefined)?.clock;
  return clock instanceof VirtualClock ? clock : undefined;
}

function externalUserIdOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).ExternalUserId : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function requireE164(name: string, value: string): void {
  if (!E164.test(value)) {
    throw new RangeError(`${name}: "${value}" is invalid: must be an E.164 number such as +12065550100`);
  }
}
