import {
  ActionFailedEvent,
  ActionSuccessfulEvent,
  CallUpdateRequestedEvent,
  createSmaRouter,
  hangup,
  HangupEvent,
  isLive,
  mergeAttributes,
  modifyChimeMeetingAttendees,
  pause,
  receiveDigits,
  SmaAction,
  SmaEvent,
  SmaHandlerContext,
  SmaResponse,
  joinChimeMeeting,
  TransactionAttributes,
} from '../sma';
import { BudgetExceededError, EventBudget, SYSTEM_CLOCK, CallFlowClock } from './budget';
import { CALL_UPDATE_ACTION, DIAL_OUT_ARGUMENTS, MEETING_ID_PATTERN } from './call-arguments';
import { CallRecords } from './call-records';
import { CallerIdentity, externalUserIdFor } from './caller-identity';
import { DirectoryEntry, isInactiveEntry, MeetingDirectory } from './meeting-directory';
import { MeetingsGateway } from './meetings-gateway';
import { CallFlowLogger, CallFlowMetrics, NO_LOGS, NO_METRICS } from './metrics';
import { hashExternalUserId, PendingCleanUp, PendingCleanUps, StoredPendingCleanUp } from './pending-clean-ups';
import { PinGuessLimiter } from './pin-guess-counters';
import { DEFAULT_PROMPTS, Prompt, PromptBook, PromptName, VoiceOptions } from './prompts';
import { WaitingRoomStore } from './waiting-room';

/** Options of {@link createMeetingJoinHandler}. */
export interface MeetingJoinHandlerOptions {
  /** Where PINs are looked up. */
  readonly directory: MeetingDirectory;
  /** How attendees are created and deleted. */
  readonly meetings: MeetingsGateway;
  /**
   * The control Regions whose meetings callers may join (the handler's IAM allows exactly these); a
   * meeting in another Region gets the join-failed prompt. Default: any Region.
   */
  readonly meetingRegions?: readonly string[];
  /**
   * Where each call that joins a meeting is recorded (meeting and attendee → TransactionId and SIP
   * media application), so that the app can update it by the ids in its roster. Default: not recorded.
   */
  readonly callRecords?: CallRecords;
  /**
   * Where a call that ends without being sure its attendee is gone (a CreateAttendee it gave up on,
   * which the service may still complete; a DeleteAttendee or ListAttendees of its hangup that
   * failed) leaves the clean-up for later, and where the sweep finds it. The sweep runs when the
   * handler is invoked with an EventBridge scheduled event (`"detail-type": "Scheduled Event"`),
   * which MeetingDialIn sends every minute. Default: none, and such an attendee can outlive its call.
   */
  readonly pendingCleanUps?: PendingCleanUps;
  /**
   * Bounds PIN guessing across calls: failed PINs are counted per calling number, and a number over
   * the limit hears `tooManyGuesses` and is refused until its window passes. Default: per call only.
   */
  readonly pinGuesses?: PinGuessLimiter;
  /**
   * The longest the caller is held ("One moment, please.", then short pauses) while a passing fault
   * (a throttled, failing or slow Meetings call) is retried, in ms, 2,000 to 20,000; then the caller
   * hears the join-failed prompt. Default: 10,000.
   */
  readonly maxHoldMs?: number;
  /**
   * How long a caller whose PIN belongs to a scheduled meeting that has not started waits on hold
   * for `activateMeeting`, in ms, 0 to 3,600,000; the flow re-checks every 10 s and reminds the
   * caller every minute, then says goodbye. 0 says at once that the meeting has not started.
   * Default: 600,000 (10 minutes).
   */
  readonly meetingStartWaitMs?: number;
  /**
   * A waiting room: a caller with a right PIN hears the `waitingRoom` prompt and waits on hold (10 s
   * Pauses, the prompt again every minute; an audio prompt is played over and over) until the app
   * admits them (a call update with `admit`), a caller with the meeting's host PIN opens the room, or
   * the wait reaches `lobbyTimeoutMs` (60,000 to 3,600,000; default 900,000) and the caller hears
   * `lobbyTimedOut`. Waiting callers are listed in `store`. Default: none, callers join at once.
   */
  readonly waitingRoom?: CallFlowWaitingRoom;
  /** Digits in a PIN, 4 to 12. Default: 6. */
  readonly pinLength?: number;
  /** PIN entries (wrong or missing) before the caller hears goodbye. Default: 3. */
  readonly maxPinAttempts?: number;
  /** How long the caller has to enter the PIN, per attempt, in ms. Default: 10,000. */
  readonly pinTimeoutMs?: number;
  /** The words, or S3 WAV files, of each prompt. Default: {@link DEFAULT_PROMPTS}. */
  readonly prompts?: Partial<Record<PromptName, Prompt>>;
  /** The Polly voice of text prompts. Default: the service's. */
  readonly voice?: VoiceOptions;
  /** How the caller appears in the roster. Default: `masked` (last four digits). */
  readonly callerIdentity?: CallerIdentity;
  /** Whether a dial-out asks the callee to press 1 before joining, so voicemail never joins. Default: true. */
  readonly confirmDialOut?: boolean;
  /** The in-call keys that toggle the caller's own mute; `false` turns the feature off. Default: `*6`. */
  readonly selfMuteDigits?: string | false;
  /** Time one invocation may take, in ms; the SMA retries after 5 s (docs/sma-model.md#invocation-timing). Default: 3,500. */
  readonly eventBudgetMs?: number;
  /** Time one AWS call may take, in ms. Default: 1,500. */
  readonly awsCallTimeoutMs?: number;
  /** Time source of the budgets. Default: the system clock. */
  readonly clock?: CallFlowClock;
  /** Metrics sink. Default: none. */
  readonly metrics?: CallFlowMetrics;
  /** Logger. Default: none. */
  readonly logger?: CallFlowLogger;
}

/** The waiting room of {@link MeetingJoinHandlerOptions.waitingRoom}. */
export interface CallFlowWaitingRoom {
  /** Where waiting callers are listed for the app, and where the host PIN opens the room. */
  readonly store: WaitingRoomStore;
  /** The longest a caller waits to be admitted, in ms, 60,000 to 3,600,000. Default: 900,000 (15 minutes). */
  readonly lobbyTimeoutMs?: number;
}

/** TransactionAttributes the flow keeps between invocations. Never the join token, the PIN or a phone number. */
const ATTR = {
  flow: 'flow',
  attempts: 'attempts',
  meetingId: 'meetingId',
  meetingRegion: 'meetingRegion',
  attendeeId: 'attendeeId',
  externalUserId: 'externalUserId',
  joinStartedAt: 'joinStartedAt',
  muted: 'muted',
  confirm: 'confirm',
  /**
   * The caller's current wait, `step|since|update`: the step a hold re-drives when its Pause ends, when
   * the wait began (epoch ms; the holds of one wait add up to at most `maxHoldMs`), and a call update
   * that arrived during the join, applied once the join succeeds. One key for the three keeps a call
   * within the 10 pairs an SMA may accept (docs/sma-model.md#transaction-attributes).
   */
  wait: 'wait',
  /**
   * One letter per thing that happened: `a` a CreateAttendee was given up on (the hangup also looks
   * the attendee up by ExternalUserId), `p` a pending clean-up of the call's attendee is stored (the
   * sweep deletes it later, whatever the hangup manages), `h` a Hangup of LEG-A failed, `l` a
   * directory lookup failed.
   */
  marks: 'marks',
} as const;

/** Where a call is; `waiting`: in the waiting room (or its attendee is being created to go there). */
type Flow = 'pin' | 'ringing' | 'confirm' | 'waiting' | 'joining' | 'joined' | 'ending';

const FLOWS: readonly string[] = ['pin', 'ringing', 'confirm', 'waiting', 'joining', 'joined', 'ending'];

/**
 * The steps a hold can re-drive: `create-attendee` creates (or adopts) the attendee and joins (or
 * goes to the waiting room), `join-check` finds out whether a join that an update interrupted went
 * through, `meeting-start` re-checks a scheduled meeting that has not started, `lobby` re-checks a
 * waiting room. A new step that waits on something is added here, to `holdProfile` and to `onHoldDone`.
 */
type HoldStep = 'create-attendee' | 'join-check' | 'meeting-start' | 'lobby';

const HOLD_STEPS: readonly string[] = ['create-attendee', 'join-check', 'meeting-start', 'lobby'];

/** How a hold sounds and how long it may last (see `holdThenRetry`). */
interface HoldProfile {
  /** The longest the holds of one wait may add up to, in ms. */
  readonly limitMs: number;
  /** Each Pause, in ms. */
  readonly pauseMs: number;
  /** Said when the wait starts. */
  readonly prompt: PromptName;
  /** Said again this often during the wait, in ms; 0 before every Pause; undefined never. */
  readonly remindEveryMs?: number;
}

/**
 * How often a caller in a long wait (a scheduled meeting's start, the waiting room) is re-checked:
 * 10 s keeps a 1-hour wait at 360 invocations, well inside the SMA's 1,000 per call
 * (docs/sma-model.md#invocation-limits), and inside every Pause duration AWS documents.
 */
const LONG_WAIT_PAUSE_MS = 10_000;

/** How often a caller in a long wait hears that they are still waiting. */
const LONG_WAIT_REMINDER_MS = 60_000;

/**
 * The invocation after which a waiting-room wait ends whatever its timeout: it leaves the goodbye,
 * and whatever follows it, well inside the SMA's 1,000 invocations a call.
 */
const MAX_WAITING_SEQUENCE = 900;

/** The length of each hold's Pause after the first hold prompt, in ms. */
const HOLD_PAUSE_MS = 1_000;

/**
 * How long after a call gave up on a CreateAttendee the sweep keeps looking for the attendee: the
 * client stops waiting after its timeout, but the service may still act on the request it received.
 * AWS documents no bound; 5 minutes is two orders of magnitude above the service's answer times and
 * its SDK's timeouts, and costs five more sweeps of one ListAttendees each.
 */
const LATE_CREATE_SETTLE_MS = 5 * 60_000;

/** A meeting lasts at most 24 hours (https://docs.aws.amazon.com/chime-sdk/latest/dg/create-mtgs.html). */
const MAX_MEETING_MS = 24 * 60 * 60_000;

/** Tries to store a pending clean-up at the end of a call, within the event budget. */
const PENDING_CLEAN_UP_TRIES = 3;

/** Pending clean-ups the sweep works on at once. */
const SWEEP_CONCURRENCY = 5;

/** Directory lookups that may fail in one call before the caller hears the apology (each failure asks for the PIN again). */
const MAX_LOOKUP_FAILURES = 2;

/** ErrorTypes of a *AndGetDigits ACTION_FAILED that mean the caller typed nothing valid, not that the prompt failed. */
const NO_DIGITS_ERRORS: ReadonlySet<string> = new Set(['InvalidDigitsReceived']);

/** The actions whose failure means the caller cannot be spoken to: after one, the flow hangs up without a word. */
const PROMPT_ACTIONS: ReadonlySet<string> = new Set(['Speak', 'PlayAudio', 'SpeakAndGetDigits', 'PlayAudioAndGetDigits', 'Pause']);

/**
 * The meeting-join call flow as a Lambda handler for a SIP media application:
 *
 * - inbound: asks for the PIN, looks it up, creates an audio-only attendee and joins the caller
 *   (JoinChimeMeeting with the JoinToken, the LEG-A CallId and the MeetingId); a wrong or missing
 *   PIN is asked again up to `maxPinAttempts` times;
 * - outbound (CreateSipMediaApplicationCall with `meetingId` in ArgumentsMap): on answer, asks the
 *   callee to press 1 (unless `confirm` is `false`), then joins;
 * - CALL_UPDATE_REQUESTED with `action` `mute`, `unmute` or `remove`;
 * - a failed join, a meeting that ends and a caller who hangs up all delete the attendee; the
 *   caller always hears why the call ends.
 */
export function createMeetingJoinHandler(options: MeetingJoinHandlerOptions): (event: unknown) => Promise<SmaResponse> {
  return new MeetingJoinFlow(options).handler;
}

class MeetingJoinFlow {
  public readonly handler: (event: unknown) => Promise<SmaResponse>;
  private readonly prompts: PromptBook;
  private readonly pinLength: number;
  private readonly maxPinAttempts: number;
  private readonly pinTimeoutMs: number;
  private readonly maxHoldMs: number;
  private readonly meetingStartWaitMs: number;
  private readonly lobbyTimeoutMs: number;
  private readonly clock: CallFlowClock;
  private readonly metrics: CallFlowMetrics;
  private readonly logger: CallFlowLogger;

  constructor(private readonly options: MeetingJoinHandlerOptions) {
    this.pinLength = wholeNumberIn('pinLength', options.pinLength ?? 6, 4, 12);
    this.maxPinAttempts = wholeNumberIn('maxPinAttempts', options.maxPinAttempts ?? 3, 1, 10);
    this.pinTimeoutMs = wholeNumberIn('pinTimeoutMs', options.pinTimeoutMs ?? 10_000, 1_000, 60_000);
    this.maxHoldMs = wholeNumberIn('maxHoldMs', options.maxHoldMs ?? 10_000, 2_000, 20_000);
    this.meetingStartWaitMs = wholeNumberIn('meetingStartWaitMs', options.meetingStartWaitMs ?? 600_000, 0, 3_600_000);
    this.lobbyTimeoutMs = wholeNumberIn('waitingRoom.lobbyTimeoutMs', options.waitingRoom?.lobbyTimeoutMs ?? 900_000, 60_000, 3_600_000);
    wholeNumberIn('eventBudgetMs', options.eventBudgetMs ?? 3_500, 500, 4_500);
    wholeNumberIn('awsCallTimeoutMs', options.awsCallTimeoutMs ?? 1_500, 100, 4_500);
    if (options.selfMuteDigits !== undefined && options.selfMuteDigits !== false && !/^[0-9*#]{1,4}$/.test(options.selfMuteDigits)) {
      throw new Error(`selfMuteDigits "${options.selfMuteDigits}" is invalid: use 1 to 4 of 0-9, * and #, or false.`);
    }
    this.prompts = new PromptBook({ ...DEFAULT_PROMPTS, ...options.prompts }, options.voice ?? {});
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.metrics = options.metrics ?? NO_METRICS;
    this.logger = options.logger ?? NO_LOGS;

    const router = createSmaRouter({
      // The router's apology is a Speak, so an audio apology prompt falls back to the default words.
      apology: { ...options.voice, text: this.apologyText() },
      // Once the router has apologised and queued a Hangup, the call is ending: no later event revives it.
      apologyAttributes: { [ATTR.flow]: 'ending' },
      onError: (error, info) => {
        this.metrics.count('HandlerErrors');
        this.logger.error('call flow error', { stage: info.stage, eventType: info.eventType, actionType: info.actionType, error: describeError(error) });
      },
    });
    router
      .on('NEW_INBOUND_CALL', (event, context) => this.onInboundCall(event, context))
      .on('NEW_OUTBOUND_CALL', (event, context) => this.onOutboundCall(event.ActionData.Parameters.Arguments, context))
      .on('RINGING', () => [])
      .on('CALL_ANSWERED', (event, context) => this.onAnswered(event, context))
      .onActionSuccessful('SpeakAndGetDigits', (event, context) => this.onDigits(event, context))
      .onActionSuccessful('PlayAudioAndGetDigits', (event, context) => this.onDigits(event, context))
      .onActionFailed('SpeakAndGetDigits', (event, context) => this.onNoDigits(event, context))
      .onActionFailed('PlayAudioAndGetDigits', (event, context) => this.onNoDigits(event, context))
      .onActionSuccessful('JoinChimeMeeting', (event, context) => this.onJoined(event, context))
      .onActionFailed('JoinChimeMeeting', (event, context) => this.onJoinFailed(event, context))
      .onActionSuccessful('ModifyChimeMeetingAttendees', (event, context) => this.onMuteApplied(event, context))
      .onActionSuccessful('Pause', (event, context) => this.onHoldDone(event, context))
      .onActionSuccessful('Hangup', (event, context) => this.onHangupDone(event, context))
      .onActionFailed('Hangup', (_event, context) => this.onHangupFailed(context))
      .on('ACTION_SUCCESSFUL', (event, context) => this.whereNext(event, context))
      .on('ACTION_FAILED', (event, context) => this.onOtherActionFailed(event, context))
      .on('DIGITS_RECEIVED', (event, context) => this.onSelfMuteKeys(event, context))
      .on('CALL_UPDATE_REQUESTED', (event, context) => this.onCallUpdate(event, context))
      .on('HANGUP', (event, context) => this.onHangup(event, context))
      .on('ACTION_INTERRUPTED', () => []);
    this.handler = async (event) => {
      if (isScheduledEvent(event)) {
        await this.sweepPendingCleanUps();
        return { SchemaVersion: '1.0', Actions: [] };
      }
      return router.handler(event);
    };
  }

  private onInboundCall(event: SmaEvent, context: SmaHandlerContext): SmaResponse {
    this.metrics.count('Calls');
    this.logger.info('inbound call', { transactionId: event.CallDetails.TransactionId });
    return this.startPin(context);
  }

  private startPin(context: SmaHandlerContext): SmaResponse {
    return context.respond([this.askForPin('enterPin', legAId(context))], mergeAttributes({ [ATTR.flow]: 'pin', [ATTR.attempts]: '0' }));
  }

  private onOutboundCall(args: Readonly<Record<string, string>>, context: SmaHandlerContext): SmaResponse {
    this.metrics.count('Calls');
    const meetingId = args[DIAL_OUT_ARGUMENTS.meetingId];
    if (!meetingId || !MEETING_ID_PATTERN.test(meetingId)) {
      // The SMA ignores actions here; the call is ended once it is answered.
      this.logger.warn('dial-out without a valid meetingId argument');
      return context.respond([], mergeAttributes({ [ATTR.flow]: 'ending' }));
    }
    const confirm = args[DIAL_OUT_ARGUMENTS.confirm] ?? String(this.options.confirmDialOut ?? true);
    const meetingRegion = args[DIAL_OUT_ARGUMENTS.meetingRegion];
    // Responses to NEW_OUTBOUND_CALL are ignored, but the attributes are kept (docs/sma-model.md#event-types).
    return context.respond([], mergeAttributes({
      [ATTR.flow]: 'ringing',
      [ATTR.meetingId]: meetingId,
      ...(meetingRegion ? { [ATTR.meetingRegion]: meetingRegion } : {}),
      [ATTR.confirm]: confirm === 'false' ? 'false' : 'true',
    }));
  }

  private async onAnswered(event: SmaEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    const callId = legAId(context);
    const meetingId = context.attributes[ATTR.meetingId];
    if (context.attributes[ATTR.flow] !== 'ringing' || !meetingId) {
      return this.end(context, 'apology');
    }
    if (context.attributes[ATTR.confirm] === 'false') {
      return this.join(event, context, { meetingId, meetingRegion: context.attributes[ATTR.meetingRegion] });
    }
    return context.respond([this.askToConfirm(callId)], mergeAttributes({ [ATTR.flow]: 'confirm' }));
  }

  private async onDigits(event: ActionSuccessfulEvent<'SpeakAndGetDigits' | 'PlayAudioAndGetDigits'>, context: SmaHandlerContext): Promise<SmaResponse> {
    const digits = (event.ActionData.ReceivedDigits ?? '').replace(/#$/, '');
    switch (flowOf(context)) {
      case 'pin':
        return this.onPin(event, context, digits);
      case 'confirm': {
        const meetingId = context.attributes[ATTR.meetingId];
        return digits === '1' && meetingId
          ? this.join(event, context, { meetingId, meetingRegion: context.attributes[ATTR.meetingRegion] })
          : this.end(context, 'goodbye');
      }
      default:
        return this.whereNext(event, context);
    }
  }

  private async onPin(event: SmaEvent, context: SmaHandlerContext, pin: string): Promise<SmaResponse> {
    if (!new RegExp(`^\\d{${this.pinLength}}$`).test(pin)) {
      return this.retryPin(context, 'wrongPin');
    }
    const budget = this.budget();
    const caller = context.legA?.Direction === 'Inbound' ? context.legA.From : undefined;
    if (await this.refusesGuessesFrom(caller, budget)) {
      this.metrics.count('RefusedCalls');
      this.logger.warn('PIN entry refused: too many failed PINs from the calling number');
      return this.end(context, 'tooManyGuesses');
    }
    let entry;
    try {
      entry = await this.options.directory.lookup(pin, budget.signalFor('the meeting directory lookup'));
    } catch (error) {
      return this.onLookupFailed(context, error);
    }
    if (!entry) {
      if (await this.countGuess(caller, budget)) {
        this.metrics.count('PinFailures');
        this.logger.warn('too many failed PINs from the calling number: refused for the window');
        return this.end(context, 'tooManyGuesses', { [ATTR.attempts]: String(Number(context.attributes[ATTR.attempts] ?? '0') + 1) });
      }
      return this.retryPin(context, 'wrongPin');
    }
    if (isInactiveEntry(entry)) {
      // The PIN is right, but its scheduled meeting has no Chime meeting now. Before its start the
      // caller waits on hold until the app activates it; after its end they hear so.
      this.logger.info('scheduled meeting not active', { status: entry.status });
      if (entry.status === 'not-started' && this.options.directory.lookupMeetingKey) {
        return this.holdThenRetry(context, 'meeting-start', {}, undefined, entry.meetingKey) ?? this.end(context, 'meetingNotStarted');
      }
      return this.end(context, entry.status === 'not-started' ? 'meetingNotStarted' : 'meetingEnded');
    }
    return this.joinOrWait(event, context, entry, budget);
  }

  /**
   * With a waiting room, a caller goes there, unless they entered the meeting's host PIN: that caller
   * opens the room (its waiting callers join at their next check, within 10 s) and joins at once.
   */
  private async joinOrWait(event: SmaEvent, context: SmaHandlerContext, entry: DirectoryEntry, budget: EventBudget): Promise<SmaResponse> {
    const waitingRoom = this.options.waitingRoom;
    if (!waitingRoom) {
      return this.join(event, context, entry, budget);
    }
    if (!entry.host) {
      return this.join(event, context, entry, budget, 'waiting');
    }
    try {
      await waitingRoom.store.open(entry.meetingId, this.clock.now(), budget.signalFor('opening the waiting room'));
    } catch (error) {
      // The host still joins; the waiting callers wait for the app to admit them, or for the next host call.
      this.metrics.count('HandlerErrors');
      this.logger.error('could not open the waiting room', { meetingId: entry.meetingId, error: describeError(error) });
    }
    return this.join(event, context, entry, budget);
  }

  /** Whether the caller's number is over its failed-PIN limit; a counter that cannot be read lets the call through. */
  private async refusesGuessesFrom(caller: string | undefined, budget: EventBudget): Promise<boolean> {
    if (!this.options.pinGuesses || !caller) {
      return false;
    }
    try {
      return await this.options.pinGuesses.isBlocked(caller, budget.signalFor('the PIN guess counter'));
    } catch (error) {
      this.logger.warn('could not read the PIN guess counter', { error: describeError(error) });
      return false;
    }
  }

  /** Counts a failed PIN of the caller's number; whether the number is now over its limit. */
  private async countGuess(caller: string | undefined, budget: EventBudget): Promise<boolean> {
    if (!this.options.pinGuesses || !caller) {
      return false;
    }
    try {
      return await this.options.pinGuesses.recordFailure(caller, budget.signalFor('the PIN guess counter'));
    } catch (error) {
      this.logger.warn('could not count the failed PIN', { error: describeError(error) });
      return false;
    }
  }

  /**
   * The directory could not be read (throttled, 5xx, timed out). The PIN is never kept between
   * invocations, so the caller is asked for it again; the attempt does not count as a wrong PIN.
   */
  private onLookupFailed(context: SmaHandlerContext, error: unknown): SmaResponse {
    this.metrics.count('HandlerErrors');
    this.logger.error('meeting directory lookup failed', { error: describeError(error) });
    const marks = withMark(context, MARK.lookupFailed);
    if (countMarks(marks, MARK.lookupFailed) > MAX_LOOKUP_FAILURES) {
      return this.end(context, 'apology', marks);
    }
    return context.respond([this.askForPin('pinNotChecked', legAId(context))], mergeAttributes(marks));
  }

  private onNoDigits(event: ActionFailedEvent<'SpeakAndGetDigits' | 'PlayAudioAndGetDigits'>, context: SmaHandlerContext): Promise<SmaResponse> | SmaResponse {
    const errorType = errorTypeOf(event);
    if (errorType !== undefined && !NO_DIGITS_ERRORS.has(errorType)) {
      // The prompt itself failed (Polly throttled, a bad voice, an unreadable S3 file): no further prompt can be heard.
      return this.onPromptFailed(event, context);
    }
    if (flowOf(context) === 'pin') {
      return this.retryPin(context, 'noPin');
    }
    // An unconfirmed dial-out (no one pressed 1: voicemail, or a person who declined).
    return this.end(context, 'goodbye');
  }

  private retryPin(context: SmaHandlerContext, prompt: 'wrongPin' | 'noPin'): SmaResponse {
    this.metrics.count('PinFailures');
    const attempts = Number(context.attributes[ATTR.attempts] ?? '0') + 1;
    if (attempts >= this.maxPinAttempts) {
      this.logger.info('too many PIN attempts', { attempts });
      return this.end(context, 'tooManyAttempts', { [ATTR.attempts]: String(attempts) });
    }
    return context.respond([this.askForPin(prompt, legAId(context))], mergeAttributes({ [ATTR.flow]: 'pin', [ATTR.attempts]: String(attempts) }));
  }

  /** Creates the caller's attendee, then joins the meeting, or (`waiting`) goes to the waiting room. */
  private async join(
    event: SmaEvent, context: SmaHandlerContext, meeting: MeetingRef, budget = this.budget(), flow: 'joining' | 'waiting' = 'joining',
  ): Promise<SmaResponse> {
    const { meetingId, meetingRegion } = meeting;
    if (meetingRegion !== undefined && this.options.meetingRegions && !this.options.meetingRegions.includes(meetingRegion)) {
      // The handler may not manage attendees there (its IAM covers meetingRegions only): no attendee is created.
      this.metrics.count('JoinFailures');
      this.logger.warn('meeting outside the dial-in\'s meeting regions', { meetingId, meetingRegion });
      return this.end(context, 'joinFailed');
    }
    // The phone's number: the caller of a dial-in, the callee of a dial-out.
    const callerNumber = context.legA?.Direction === 'Outbound' ? context.legA.To : context.legA?.From;
    const externalUserId = externalUserIdFor(this.options.callerIdentity ?? 'masked', callerNumber, event.CallDetails.TransactionId);
    // Stored before CreateAttendee is sent: if its answer is lost, the retry adopts the attendee
    // (CreateAttendee is idempotent on ExternalUserId) and the hangup can still find it by that ID.
    const pending = {
      [ATTR.flow]: flow,
      [ATTR.meetingId]: meetingId,
      ...(meetingRegion ? { [ATTR.meetingRegion]: meetingRegion } : {}),
      [ATTR.externalUserId]: externalUserId,
    };
    return this.createAndJoin(event, context, meeting, externalUserId, pending, budget, true);
  }

  /**
   * Creates (or, on a retry, adopts) the caller's attendee and queues the join. A passing fault holds
   * the caller and retries in the next invocation; the caller hears the join-failed prompt only once
   * the holds add up to `maxHoldMs`, or at once for a fault that a retry cannot mend. A call whose
   * `attributes` say `waiting` goes to the waiting room instead of joining.
   */
  private async createAndJoin(
    event: SmaEvent,
    context: SmaHandlerContext,
    meeting: MeetingRef,
    externalUserId: string,
    attributes: TransactionAttributes,
    budget: EventBudget,
    sayJoining: boolean,
  ): Promise<SmaResponse> {
    const callId = legAId(context);
    let attendee;
    try {
      attendee = await this.options.meetings.createAttendee(meeting.meetingId, externalUserId, budget.signalFor('CreateAttendee'), meeting.meetingRegion);
    } catch (error) {
      this.logger.error('CreateAttendee failed', { error: describeError(error) });
      // The service may still create the attendee: the retry adopts it, or the hangup finds it by name,
      // or, if it comes after the call, the sweep does (a pending clean-up, stored now while the call
      // still has invocations to spare, docs/sma-model.md#join-chime-meeting-after-join).
      const stored = !marksOf(context).includes(MARK.pendingCleanUp) && await this.storePendingCleanUp({
        meetingId: meeting.meetingId,
        meetingRegion: meeting.meetingRegion,
        externalUserIdHash: hashExternalUserId(externalUserId),
        since: this.clock.now(),
      }, budget, { tries: 1, lossCounts: false });
      const abandoned = { ...attributes, [ATTR.marks]: withMarks(marksOf(context), MARK.abandonedCreate, ...(stored ? [MARK.pendingCleanUp] : [])) };
      if (isPassingFault(error)) {
        const held = this.holdThenRetry(context, 'create-attendee', abandoned);
        if (held) {
          return held;
        }
      }
      this.metrics.count('JoinFailures');
      const cleaned = await this.cleanUp(meeting, context.attributes[ATTR.attendeeId], externalUserId, budget, {
        marks: abandoned[ATTR.marks],
        externalUserId,
      });
      return this.end(context, 'joinFailed', { ...abandoned, ...cleaned });
    }
    if (attendee === 'meeting-not-found') {
      this.metrics.count('JoinFailures');
      return this.end(context, 'meetingEnded', attributes);
    }
    if (attributes[ATTR.flow] === 'waiting' && await this.goesToWaitingRoom(event, context, meeting, externalUserId, attendee.attendeeId, budget)) {
      return this.holdThenRetry(context, 'lobby', { ...attributes, [ATTR.attendeeId]: attendee.attendeeId })
        ?? this.end(context, 'lobbyTimedOut', attributes);
    }
    const actions: SmaAction[] = [
      ...(sayJoining ? [this.prompts.say('joining', callId)] : []),
      joinChimeMeeting({ joinToken: attendee.joinToken, callId, meetingId: meeting.meetingId }),
    ];
    return context.respond(actions, mergeAttributes({
      ...attributes,
      ...endWait(context, true),
      [ATTR.flow]: 'joining',
      [ATTR.attendeeId]: attendee.attendeeId,
      ...(context.attributes[ATTR.joinStartedAt] ? {} : { [ATTR.joinStartedAt]: String(this.clock.now()) }),
    }));
  }

  /**
   * The short hold, shared by every step that waits for something passing. It answers with the
   * `hold` prompt ("One moment, please.") and a Pause the first time, a Pause alone after that, and
   * stores the step to re-drive and the start of the wait in the `wait` attribute. When the
   * Pause ends, `onHoldDone` re-drives the step in that new invocation; an update that interrupts
   * the Pause is answered with another hold (the wait goes on). Returns `undefined` once the holds of
   * this wait reach `maxHoldMs`: the caller of this method then says why the call cannot go on.
   *
   * To build another waiting step on it (e.g. "the meeting has not started yet: hold, then re-check
   * until it is activated"): add the step to `HoldStep`, call `holdThenRetry(context, step, attributes)`
   * where the step finds it must wait, and re-drive it in `onHoldDone`; a step that succeeds merges
   * `endWait(context)` so that the next wait starts afresh. An update queued with `update` stays queued.
   */
  private holdThenRetry(
    context: SmaHandlerContext, step: HoldStep, attributes: TransactionAttributes = {}, update?: CallUpdate, meetingKey?: string,
  ): SmaResponse | undefined {
    const now = this.clock.now();
    const current = waitOf(context);
    const waiting = current.step === step && current.since !== undefined;
    const startedAt = waiting ? current.since! : now;
    const profile = this.holdProfile(step);
    const heldMs = now - startedAt;
    if (heldMs >= profile.limitMs) {
      this.logger.warn('gave up after holding the caller', { step, heldMs });
      return undefined;
    }
    const callId = legAId(context);
    const pauseMs = Math.min(profile.pauseMs, Math.max(profile.limitMs - heldMs, 100));
    // A long wait reminds the caller, every minute, that they are still waiting.
    const every = profile.remindEveryMs;
    const remind = waiting && every !== undefined
      && (every === 0 || Math.floor(heldMs / every) > Math.floor(Math.max(0, heldMs - profile.pauseMs) / every));
    if (step !== 'lobby') {
      this.metrics.count('Holds');
    }
    return context.respond([
      ...(!waiting || remind ? [this.prompts.say(profile.prompt, callId)] : []),
      pause({ durationInMilliseconds: pauseMs, callId }),
    ], mergeAttributes({
      ...attributes,
      [ATTR.wait]: waitValue({ step, since: startedAt, update: update ?? current.update, meetingKey: meetingKey ?? current.meetingKey }),
    }));
  }

  /**
   * How each step's hold sounds. A passing fault: "One moment, please.", then 1 s Pauses. The waits
   * for a meeting's start and in the waiting room: 10 s Pauses, which keep a 1-hour wait at 360
   * invocations, well inside the SMA's 1,000 per call (docs/sma-model.md#invocation-limits), with a
   * reminder every minute; an audio waiting-room prompt (hold music, of unknown length) is played
   * before every 1 s Pause instead.
   */
  private holdProfile(step: HoldStep): HoldProfile {
    switch (step) {
      case 'meeting-start':
        return { limitMs: this.meetingStartWaitMs, pauseMs: LONG_WAIT_PAUSE_MS, prompt: 'waitingForMeeting', remindEveryMs: LONG_WAIT_REMINDER_MS };
      case 'lobby':
        return this.prompts.isAudio('waitingRoom')
          ? { limitMs: this.lobbyTimeoutMs, pauseMs: HOLD_PAUSE_MS, prompt: 'waitingRoom', remindEveryMs: 0 }
          : { limitMs: this.lobbyTimeoutMs, pauseMs: LONG_WAIT_PAUSE_MS, prompt: 'waitingRoom', remindEveryMs: LONG_WAIT_REMINDER_MS };
      default:
        return { limitMs: this.maxHoldMs, pauseMs: HOLD_PAUSE_MS, prompt: 'hold' };
    }
  }

  /**
   * Lists the caller in the waiting room, and records the call so that the app can admit it by its
   * attendee; false when the room is open (the host is in): the caller then joins at once. A listing
   * that cannot be written keeps the caller waiting: the next check writes it again, and the app can
   * still admit the call by its TransactionId.
   */
  private async goesToWaitingRoom(
    event: SmaEvent, context: SmaHandlerContext, meeting: MeetingRef, externalUserId: string, attendeeId: string, budget: EventBudget,
  ): Promise<boolean> {
    const listed = await this.listAsWaiting(event, context, meeting.meetingId, attendeeId, externalUserId, budget);
    if (listed) {
      const attributes = { ...context.attributes, [ATTR.meetingId]: meeting.meetingId, [ATTR.attendeeId]: attendeeId };
      await this.recordCall(event, { ...context, attributes });
    }
    return listed;
  }

  private async listAsWaiting(
    event: SmaEvent, context: SmaHandlerContext, meetingId: string, attendeeId: string, externalUserId: string, budget: EventBudget,
  ): Promise<boolean> {
    const store = this.options.waitingRoom?.store;
    const sipMediaApplicationId = event.CallDetails.SipMediaApplicationId;
    if (!store || !sipMediaApplicationId) {
      return Boolean(store);
    }
    const now = this.clock.now();
    const wait = waitOf(context);
    try {
      return await store.wait({
        meetingId,
        attendeeId,
        externalUserId,
        transactionId: event.CallDetails.TransactionId,
        sipMediaApplicationId,
        sipMediaApplicationRegion: event.CallDetails.AwsRegion,
        waitingSince: wait.step === 'lobby' && wait.since !== undefined ? wait.since : now,
        lastSeen: now,
      }, budget.signalFor('the waiting room'));
    } catch (error) {
      this.logger.error('could not list the caller in the waiting room', { meetingId, error: describeError(error) });
      return true;
    }
  }

  /** A waiting caller's Pause ended: joins once the host opened the room, waits on, or, after the lobby timeout, says goodbye. */
  private async onWaitingRoomCheck(event: SmaEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    if (!isLive(context.legA)) {
      return context.respond([]);
    }
    const meeting = meetingOf(context);
    const attendeeId = context.attributes[ATTR.attendeeId];
    const externalUserId = context.attributes[ATTR.externalUserId];
    if (!meeting || !attendeeId || !externalUserId) {
      return this.resumeJoin(event, context);
    }
    // Hold music shorter than the 10 s check would reach the SMA's 1,000 invocations a call before
    // the lobby timeout (docs/sma-model.md#invocation-limits): the wait ends first, with its prompt.
    const held = Number(event.Sequence) >= MAX_WAITING_SEQUENCE ? undefined : this.holdThenRetry(context, 'lobby');
    if (!held) {
      this.logger.info('no one admitted the waiting caller', { meetingId: meeting.meetingId });
      return this.leaveWaitingRoomAndEnd(context, 'lobbyTimedOut');
    }
    const budget = this.budget();
    if (!await this.listAsWaiting(event, context, meeting.meetingId, attendeeId, externalUserId, budget)) {
      return this.admit(event, context, budget);
    }
    return held;
  }

  /** Lets a waiting caller into the meeting: the attendee is adopted (CreateAttendee by ExternalUserId gives its join token again) and joined. */
  private async admit(event: SmaEvent, context: SmaHandlerContext, budget = this.budget()): Promise<SmaResponse> {
    const meeting = meetingOf(context);
    const externalUserId = context.attributes[ATTR.externalUserId];
    if (!meeting || !externalUserId) {
      return this.end(context, 'apology');
    }
    this.logger.info('admitted from the waiting room', { meetingId: meeting.meetingId });
    const attendeeId = context.attributes[ATTR.attendeeId];
    if (attendeeId) {
      await this.leaveWaitingRoom(meeting.meetingId, attendeeId, budget);
    }
    return this.createAndJoin(event, context, meeting, externalUserId, { [ATTR.flow]: 'joining' }, budget, true);
  }

  /** Takes a waiting caller off the list; never throws (a listing left behind goes stale within minutes). */
  private async leaveWaitingRoom(meetingId: string, attendeeId: string, budget: EventBudget): Promise<void> {
    const store = this.options.waitingRoom?.store;
    if (!store) {
      return;
    }
    try {
      await store.leave(meetingId, attendeeId, budget.signalFor('leaving the waiting room'));
    } catch (error) {
      this.logger.warn('could not take the caller off the waiting list', { meetingId, error: describeError(error) });
    }
  }

  /** A waiting caller's call ends (timed out, removed by the app): off the list, the attendee deleted, the reason said. */
  private async leaveWaitingRoomAndEnd(context: SmaHandlerContext, prompt: 'lobbyTimedOut' | 'removed'): Promise<SmaResponse> {
    const cleaned = await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], sweepName(context), this.budget(), callOf(context));
    return this.end(context, prompt, cleaned);
  }

  /**
   * A caller waiting for a scheduled meeting's start: re-checks the meeting key, joins once the app
   * has activated it, holds on while it has not, and says goodbye once the wait is over.
   */
  private async onMeetingStartCheck(event: SmaEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    const { meetingKey } = waitOf(context);
    if (!isLive(context.legA)) {
      return context.respond([]);
    }
    if (!meetingKey || !this.options.directory.lookupMeetingKey) {
      return this.end(context, 'meetingNotStarted');
    }
    const budget = this.budget();
    let entry;
    try {
      entry = await this.options.directory.lookupMeetingKey(meetingKey, budget.signalFor('the meeting key lookup'));
    } catch (error) {
      // A passing fault costs one re-check; the wait goes on.
      this.logger.warn('could not look the scheduled meeting up', { error: describeError(error) });
      return this.holdThenRetry(context, 'meeting-start') ?? this.end(context, 'meetingNotStarted');
    }
    if (entry === undefined || (isInactiveEntry(entry) && entry.status === 'ended')) {
      return this.end(context, 'meetingEnded');
    }
    if (isInactiveEntry(entry)) {
      return this.holdThenRetry(context, 'meeting-start') ?? this.end(context, 'meetingNotStarted');
    }
    this.logger.info('scheduled meeting started: joining the waiting caller');
    return this.joinOrWait(event, context, entry, budget);
  }

  /** A hold's Pause ended: re-drive the step it holds for. */
  private async onHoldDone(event: ActionSuccessfulEvent<'Pause'>, context: SmaHandlerContext): Promise<SmaResponse> {
    switch (waitOf(context).step) {
      case 'meeting-start':
        return this.onMeetingStartCheck(event, context);
      case 'lobby':
        return this.onWaitingRoomCheck(event, context);
      case 'join-check':
      case 'create-attendee':
        return isLive(context.legA) ? this.resumeJoin(event, context) : context.respond([]);
      default:
        return this.whereNext(event, context);
    }
  }

  /**
   * Picks a join up where it stopped: a call whose meeting leg is live is in its meeting (its join's
   * ACTION_SUCCESSFUL was replaced by an update's answer), so it is never joined again; any other
   * call creates (or adopts) its attendee and queues the join again.
   */
  private async resumeJoin(event: SmaEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    if (context.bridged) {
      return this.joined(event, context);
    }
    const meeting = meetingOf(context);
    const externalUserId = context.attributes[ATTR.externalUserId];
    if (!meeting || !externalUserId) {
      return this.end(context, 'apology');
    }
    // "Joining your meeting" is said once: unless an earlier attempt queued it with its join.
    const flow = flowOf(context) === 'waiting' ? 'waiting' : 'joining';
    return this.createAndJoin(event, context, meeting, externalUserId, { [ATTR.flow]: flow }, this.budget(), !context.attributes[ATTR.attendeeId]);
  }

  private onJoined(event: ActionSuccessfulEvent<'JoinChimeMeeting'>, context: SmaHandlerContext): Promise<SmaResponse> {
    return this.joined(event, context);
  }

  /** The caller is in the meeting: record the call, listen for the self-mute keys, apply an update that came during the join. */
  private async joined(event: SmaEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    this.metrics.count('Joins');
    await this.recordCall(event, context);
    const startedAt = Number(context.attributes[ATTR.joinStartedAt]);
    if (Number.isFinite(startedAt) && startedAt > 0) {
      this.metrics.duration('JoinLatency', Math.max(0, this.clock.now() - startedAt));
    }
    this.logger.info('joined the meeting', { meetingId: context.attributes[ATTR.meetingId] });
    const selfMute = this.options.selfMuteDigits ?? '*6';
    const actions: SmaAction[] = selfMute === false ? [] : [receiveDigits({
      callId: legAId(context),
      inputDigitsRegex: `^${selfMute.replace(/[*#]/g, (digit) => `\\${digit}`)}$`,
      inBetweenDigitsDurationInMilliseconds: 1_000,
      flushDigitsDurationInMilliseconds: 3_000,
    })];
    const attributes: TransactionAttributes = { ...endWait(context), [ATTR.flow]: 'joined', ...(context.attributes[ATTR.muted] ? { [ATTR.muted]: 'false' } : {}) };
    const update = waitOf(context).update;
    if (update) {
      const applied = this.updateActions(context, update, { ...context.attributes, ...attributes });
      return context.respond([...actions, ...applied.actions], mergeAttributes({ ...attributes, ...applied.attributes }));
    }
    return context.respond(actions, mergeAttributes(attributes));
  }

  private async onJoinFailed(event: ActionFailedEvent<'JoinChimeMeeting'>, context: SmaHandlerContext): Promise<SmaResponse> {
    if (context.bridged) {
      // A join sent while the meeting leg was live (attributes that did not know): the caller is in
      // the meeting, and deleting the attendee would drop them.
      this.logger.warn('JoinChimeMeeting failed on a call that is in its meeting', { errorType: errorTypeOf(event) });
      return this.joined(event, context);
    }
    this.metrics.count('JoinFailures');
    this.logger.warn('JoinChimeMeeting failed', { errorType: errorTypeOf(event) });
    await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], undefined, this.budget(), callOf(context));
    return this.end(context, 'joinFailed');
  }

  private async onOtherActionFailed(event: ActionFailedEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    this.logger.warn('action failed', { actionType: event.ActionData.Type, errorType: errorTypeOf(event) });
    if (context.bridged) {
      // A failed in-call action (mute, digits, a confirmation) does not end a call that is in its meeting.
      return context.respond([]);
    }
    if (PROMPT_ACTIONS.has(event.ActionData.Type)) {
      return this.onPromptFailed(event, context);
    }
    this.metrics.count('HandlerErrors');
    await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], undefined, this.budget(), callOf(context));
    return this.end(context, 'apology');
  }

  /**
   * A prompt failed: the SMA dropped the rest of its list (a Hangup too), and another prompt would
   * likely fail the same way. So the call ends with a bare Hangup: a persistent prompt failure ends
   * the call in the next invocation, and a failed Hangup is tried once more (docs/sma-model.md#action-results).
   */
  private async onPromptFailed(event: ActionFailedEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    this.metrics.count('HandlerErrors');
    this.logger.error('a prompt failed: hanging up', { actionType: event.ActionData.Type, errorType: errorTypeOf(event) });
    await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], sweepName(context), this.budget(), callOf(context));
    return context.respond([hangup({ callId: legAId(context) })], mergeAttributes({ [ATTR.flow]: 'ending' }));
  }

  private onHangupFailed(context: SmaHandlerContext): SmaResponse {
    this.metrics.count('HandlerErrors');
    if (marksOf(context).includes(MARK.hangupFailed) || !isLive(context.legA)) {
      // The SMA ends the call itself at its invocation limit; there is nothing else to try.
      this.logger.error('Hangup failed twice');
      return context.respond([]);
    }
    return context.respond([hangup({ callId: legAId(context) })], mergeAttributes({ [ATTR.flow]: 'ending', ...withMark(context, MARK.hangupFailed) }));
  }

  /** ReceiveDigits only reports input that matches the self-mute keys. */
  private async onSelfMuteKeys(event: SmaEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    if (flowOf(context) !== 'joined' || !context.bridged) {
      return this.whereNext(event, context);
    }
    return context.respond(this.muteActions(context, context.attributes[ATTR.muted] !== 'true'));
  }

  /** ModifyChimeMeetingAttendees for the caller's attendee. The `muted` state changes only once it succeeds (`onMuteApplied`). */
  private muteActions(context: SmaHandlerContext, muted: boolean, attributes = context.attributes): SmaAction[] {
    const meetingId = attributes[ATTR.meetingId];
    const attendeeId = attributes[ATTR.attendeeId];
    if (!meetingId || !attendeeId || !context.legB) {
      return [];
    }
    return [modifyChimeMeetingAttendees({
      operation: muted ? 'Mute' : 'Unmute',
      meetingId,
      attendeeList: [attendeeId],
      callId: context.legB.CallId,
    })];
  }

  /** The mute or unmute took effect: the state follows, and the caller hears it. */
  private onMuteApplied(event: ActionSuccessfulEvent<'ModifyChimeMeetingAttendees'>, context: SmaHandlerContext): SmaResponse {
    const muted = event.ActionData.Parameters.Operation === 'Mute';
    const legA = context.legA;
    return context.respond(isLive(legA) ? [this.prompts.say(muted ? 'muted' : 'unmuted', legA.CallId)] : [], mergeAttributes({ [ATTR.muted]: String(muted) }));
  }

  private async onCallUpdate(event: CallUpdateRequestedEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    const action = event.ActionData.Parameters.Arguments[CALL_UPDATE_ACTION];
    const flow = flowOf(context);
    if (flow === 'waiting') {
      return this.onWaitingRoomUpdate(event, context, action);
    }
    if (action === 'admit') {
      // Not (or no longer) waiting: the answer replaces the queued actions, so queue again what the call was about to do.
      this.logger.warn('call update ignored: the caller is not in the waiting room', { action });
      return this.whereNext(event, context);
    }
    if (flow === 'joining' && isUpdateAction(action)) {
      if (context.bridged) {
        // The join went through, but this update's answer replaced the report of it.
        const queued = waitValue({ ...waitOf(context), update: action });
        return this.joined(event, { ...context, attributes: { ...context.attributes, [ATTR.wait]: queued } });
      }
      // The join is queued or running: the answer replaces the queue, so the join is re-driven after a
      // short hold, and the update is applied once it succeeds (docs/sma-model.md#action-list-semantics).
      this.logger.info('call update queued until the join succeeds', { action });
      const hold = waitOf(context).step === 'create-attendee' ? 'create-attendee' : 'join-check';
      const queued = { [ATTR.wait]: waitValue({ ...waitOf(context), update: action }) };
      return this.holdThenRetry(context, hold, {}, action)
        ?? this.resumeJoin(event, { ...context, attributes: { ...context.attributes, ...queued } });
    }
    if (waitOf(context).step === 'meeting-start' && flow === 'pin') {
      // A caller waiting for the meeting's start has no attendee to update; the answer replaces the
      // queued Pause, so the wait goes on.
      this.logger.warn('call update ignored: the caller waits for the meeting to start', { action });
      return this.holdThenRetry(context, 'meeting-start') ?? this.end(context, 'meetingNotStarted');
    }
    if (flow !== 'joined' || !context.bridged) {
      // Only a phone attendee in its meeting can be updated. The answer still replaces the queued
      // actions (docs/sma-model.md#action-list-semantics), so it queues again what the call was about to do.
      this.logger.warn('call update ignored: the call is not in a meeting', { action });
      return this.whereNext(event, context);
    }
    if (!isUpdateAction(action)) {
      this.logger.warn('call update ignored: unknown action', { action });
      return context.respond([]);
    }
    const applied = this.updateActions(context, action, context.attributes);
    return context.respond(applied.actions, mergeAttributes(applied.attributes));
  }

  /**
   * A call update for a caller in the waiting room: `admit` joins them, `remove` ends the call, a
   * mute is queued and applied once they are in the meeting. The answer replaces the queued Pause,
   * so the wait goes on with another (docs/sma-model.md#action-list-semantics).
   */
  private async onWaitingRoomUpdate(event: CallUpdateRequestedEvent, context: SmaHandlerContext, action: string | undefined): Promise<SmaResponse> {
    if (action === 'admit') {
      return this.admit(event, context);
    }
    if (action === 'remove') {
      return this.leaveWaitingRoomAndEnd(context, 'removed');
    }
    if (!isUpdateAction(action)) {
      this.logger.warn('call update ignored: unknown action', { action });
    }
    const queued = isUpdateAction(action) ? action : undefined;
    if (waitOf(context).step !== 'lobby') {
      // The attendee is still being created: the hold of that step goes on.
      return this.holdThenRetry(context, 'create-attendee', {}, queued) ?? this.resumeJoin(event, context);
    }
    return this.holdThenRetry(context, 'lobby', {}, queued) ?? this.leaveWaitingRoomAndEnd(context, 'lobbyTimedOut');
  }

  /** What a call update does to a call in its meeting. */
  private updateActions(
    context: SmaHandlerContext, action: string, attributes: TransactionAttributes,
  ): { actions: SmaAction[]; attributes: TransactionAttributes } {
    switch (action) {
      case 'mute':
      case 'unmute':
        return { actions: this.muteActions(context, action === 'mute', attributes), attributes: {} };
      case 'remove':
        // Hanging up the meeting leg keeps the caller on the line to hear why (docs/sma-model.md#hangup).
        return { actions: context.legB ? [hangup({ callId: context.legB.CallId })] : [], attributes: { [ATTR.flow]: 'ending' } };
      default:
        return { actions: [], attributes: {} };
    }
  }

  /**
   * What a live call that is not in its meeting should do next, worked out from the attributes and,
   * where they are missing or do not fit, from CallDetails: attributes can be lost or stale (a call
   * started under an earlier handler, a response whose attributes were refused, a list another
   * handler queued). It never leaves a live, unbridged LEG-A without an action, and every hangup it
   * starts is preceded by words that say why, unless they were said already (`ending`).
   */
  private async whereNext(event: SmaEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    const legA = context.legA;
    if (!isLive(legA) || context.bridged) {
      // No one to speak to, or the caller is talking to the meeting: nothing to add.
      return context.respond([]);
    }
    switch (flowOf(context)) {
      case 'pin':
        return context.respond([this.askForPin('enterPin', legA.CallId)]);
      case 'confirm':
        return context.respond([this.askToConfirm(legA.CallId)]);
      case 'joining':
        return this.holdThenRetry(context, 'join-check') ?? this.resumeJoin(event, context);
      case 'waiting':
        return waitOf(context).step === 'lobby' ? this.onWaitingRoomCheck(event, context) : this.resumeJoin(event, context);
      case 'joined':
        // The meeting leg is gone, and its HANGUP was handled without ending the call.
        return this.end(context, 'meetingEnded');
      case 'ending':
        // The goodbye was said; its Hangup was replaced or dropped.
        return context.respond([hangup({ callId: legA.CallId })]);
      default:
        // No flow attribute, or one this version does not know: a caller who dialled in is asked for
        // the PIN from the start; a dial-out whose meeting is unknown hears why it ends.
        return legA.Direction === 'Inbound' ? this.startPin(context) : this.end(context, 'apology');
    }
  }

  private async onHangupDone(event: ActionSuccessfulEvent<'Hangup'>, context: SmaHandlerContext): Promise<SmaResponse> {
    const legA = context.legA;
    if (event.ActionData.Parameters.ParticipantTag !== 'LEG-B' && event.ActionData.Parameters.CallId !== context.legB?.CallId) {
      return this.whereNext(event, context);
    }
    // The meeting leg was hung up on request ("remove"): the caller hears why, then the call ends.
    await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], undefined, this.budget(), callOf(context));
    return isLive(legA) ? this.end(context, 'removed') : context.respond([], mergeAttributes({ [ATTR.flow]: 'ending' }));
  }

  private async onHangup(event: HangupEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    const meetingId = context.attributes[ATTR.meetingId];
    const attendeeId = context.attributes[ATTR.attendeeId];
    const legA = context.legA;
    const hungUpTag = event.ActionData?.Parameters?.ParticipantTag;
    const callerGone = !isLive(legA) || hungUpTag === 'LEG-A';
    await this.cleanUp(meetingOf(context), attendeeId, sweepName(context), this.budget(), callOf(context));
    if (callerGone) {
      this.metrics.count('Hangups');
      return context.respond([]);
    }
    // The meeting leg dropped (the meeting ended or the attendee was removed) while the caller is
    // still on the line: LEG-A is not hung up for us, and silence would be billed (docs/sma-model.md#join-chime-meeting-after-join).
    this.logger.info('meeting leg ended', { meetingId });
    return this.end(context, flowOf(context) === 'ending' ? 'goodbye' : 'meetingEnded');
  }

  /**
   * Records the joined call for the app's updates by attendee id. A failure only costs the app that
   * control of this call: it is logged, and the caller stays in the meeting.
   */
  private async recordCall(event: SmaEvent, context: SmaHandlerContext): Promise<void> {
    const meetingId = context.attributes[ATTR.meetingId];
    const attendeeId = context.attributes[ATTR.attendeeId];
    const sipMediaApplicationId = event.CallDetails.SipMediaApplicationId;
    if (!this.options.callRecords || !meetingId || !attendeeId || !sipMediaApplicationId) {
      return;
    }
    try {
      await this.options.callRecords.put({
        meetingId,
        attendeeId,
        transactionId: event.CallDetails.TransactionId,
        sipMediaApplicationId,
        sipMediaApplicationRegion: event.CallDetails.AwsRegion,
        expiresAt: Math.floor(this.clock.now() / 1000) + CALL_RECORD_TTL_SECONDS,
      }, this.budget().signalFor('the call record'));
    } catch (error) {
      this.logger.error('could not record the call', { meetingId, error: describeError(error) });
    }
  }

  /**
   * Deletes the call's attendee (by ID, and every attendee with the call's ExternalUserId, which
   * also finds one whose CreateAttendee answer was lost), its call record and, for a waiting caller,
   * its waiting-room listing; never throws, because the caller must still hear the goodbye. When the call cannot be sure its attendee is gone (a
   * CreateAttendee it gave up on may still complete; a deletion failed), it leaves a pending
   * clean-up for the sweep, unless one is stored already (`p`); the marks to store are returned.
   */
  private async cleanUp(
    meeting: MeetingRef | undefined,
    attendeeId: string | undefined,
    externalUserId: string | undefined,
    budget: EventBudget,
    call: CallOfCleanUp,
  ): Promise<TransactionAttributes> {
    if (!meeting || (!attendeeId && !externalUserId)) {
      return {};
    }
    const { meetingId, meetingRegion } = meeting;
    const marks = call.marks ?? '';
    const pending: PendingCleanUp = {
      meetingId,
      meetingRegion,
      attendeeId,
      externalUserIdHash: call.externalUserId ? hashExternalUserId(call.externalUserId) : undefined,
      since: this.clock.now(),
    };
    const pendingNeeded = this.options.pendingCleanUps !== undefined && !marks.includes(MARK.pendingCleanUp);
    // A CreateAttendee given up on may complete after this hangup: the entry is needed whatever the
    // deletions below find, so it is stored alongside them.
    const storedUpFront = pendingNeeded && marks.includes(MARK.abandonedCreate) ? this.storePendingCleanUp(pending, budget) : undefined;
    const deleteAttendee = async (): Promise<boolean> => {
      try {
        if (attendeeId) {
          await this.options.meetings.deleteAttendee(meetingId, attendeeId, budget.signalFor('DeleteAttendee'), meetingRegion);
        }
        if (externalUserId) {
          await this.options.meetings.deleteAttendeesNamed(meetingId, externalUserId, budget.signalFor('DeleteAttendee'), meetingRegion);
        }
        return true;
      } catch (error) {
        this.logger.error('could not delete the attendee', { meetingId, error: describeError(error) });
        return false;
      }
    };
    const removeRecord = async () => {
      if (!attendeeId || !this.options.callRecords) {
        return;
      }
      try {
        await this.options.callRecords.remove(meetingId, attendeeId, budget.signalFor('the call record removal'));
      } catch (error) {
        this.logger.error('could not remove the call record', { meetingId, error: describeError(error) });
      }
    };
    const leaveRoom = call.waiting && attendeeId ? this.leaveWaitingRoom(meetingId, attendeeId, budget) : undefined;
    const [deleted, stored] = await Promise.all([deleteAttendee(), storedUpFront, removeRecord(), leaveRoom]);
    if (stored || (pendingNeeded && !deleted && !storedUpFront && await this.storePendingCleanUp(pending, budget))) {
      return { [ATTR.marks]: withMarks(marks, MARK.pendingCleanUp) };
    }
    return {};
  }

  /**
   * Stores a pending clean-up, trying again within the event's budget (each try is one DynamoDB call
   * of up to 2 attempts); whether it is stored. A loss at the end of a call is counted as a
   * `CleanUpFailures`; one while the call is up (`lossCounts: false`) is tried again at its hangup.
   */
  private async storePendingCleanUp(
    pending: PendingCleanUp, budget: EventBudget, { tries = PENDING_CLEAN_UP_TRIES, lossCounts = true } = {},
  ): Promise<boolean> {
    const cleanUps = this.options.pendingCleanUps;
    if (!cleanUps) {
      return false;
    }
    let lastError: unknown;
    for (let attempt = 0; attempt < tries && budget.remaining() > 0; attempt++) {
      try {
        await cleanUps.add(pending, budget.signalFor('the pending clean-up'));
        this.metrics.count('PendingCleanUps');
        this.logger.warn('attendee left to the clean-up sweep', { meetingId: pending.meetingId });
        return true;
      } catch (error) {
        lastError = error;
      }
    }
    if (lossCounts) {
      this.metrics.count('CleanUpFailures');
    }
    this.logger.error('could not store the pending clean-up', { meetingId: pending.meetingId, error: describeError(lastError) });
    return false;
  }

  /**
   * The sweep (an EventBridge scheduled event): deletes the attendees of the pending clean-ups, by ID
   * and by the hash of their ExternalUserId, and removes each entry once its deletions succeeded and
   * a CreateAttendee given up on can no longer complete (`LATE_CREATE_SETTLE_MS`). An entry whose
   * deletions fail stays for the next sweep. Bounded by the event budget like any invocation; what
   * it does not reach is left for the next sweep. Never throws.
   */
  private async sweepPendingCleanUps(): Promise<void> {
    const cleanUps = this.options.pendingCleanUps;
    if (!cleanUps) {
      return;
    }
    const budget = this.budget();
    let entries: StoredPendingCleanUp[];
    try {
      entries = await cleanUps.list(budget.signalFor('the pending clean-ups'));
    } catch (error) {
      this.metrics.count('CleanUpFailures');
      this.logger.error('could not read the pending clean-ups', { error: describeError(error) });
      return;
    }
    const sweepOne = async (entry: StoredPendingCleanUp): Promise<void> => {
      const { meetingId, meetingRegion, attendeeId, externalUserIdHash } = entry;
      const deleteNamed = this.options.meetings.deleteAttendeesMatching?.bind(this.options.meetings);
      try {
        if (attendeeId) {
          await this.options.meetings.deleteAttendee(meetingId, attendeeId, budget.signalFor('DeleteAttendee'), meetingRegion);
        }
        if (externalUserIdHash && deleteNamed) {
          await deleteNamed(meetingId, (name) => hashExternalUserId(name) === externalUserIdHash, budget.signalFor('ListAttendees'), meetingRegion);
        }
      } catch (error) {
        this.metrics.count('CleanUpFailures');
        this.logger.error('the clean-up sweep could not delete an attendee', { meetingId, error: describeError(error) });
        // A meeting lasts at most 24 hours: an entry that old has nothing left to delete.
        if (this.clock.now() - entry.since < MAX_MEETING_MS) {
          return;
        }
      }
      if (this.clock.now() - entry.since < LATE_CREATE_SETTLE_MS) {
        return;
      }
      try {
        await cleanUps.remove(entry, budget.signalFor('the pending clean-up removal'));
        this.metrics.count('CleanUps');
      } catch (error) {
        this.logger.warn('could not remove a done clean-up; the next sweep does', { meetingId, error: describeError(error) });
      }
    };
    for (let next = 0; next < entries.length && budget.remaining() > 0; next += SWEEP_CONCURRENCY) {
      await Promise.all(entries.slice(next, next + SWEEP_CONCURRENCY).map(sweepOne));
    }
  }

  /** The prompt that says why, then a Hangup of LEG-A; the call is `ending` from now on. */
  private end(context: SmaHandlerContext, prompt: PromptName, attributes: TransactionAttributes = {}): SmaResponse {
    const callId = legAId(context);
    return context.respond([this.prompts.say(prompt, callId), hangup({ callId })], mergeAttributes({ ...attributes, ...endWait(context), [ATTR.flow]: 'ending' }));
  }

  private askForPin(prompt: 'enterPin' | 'wrongPin' | 'noPin' | 'pinNotChecked', callId: string): SmaAction {
    return this.prompts.ask(prompt, 'wrongPin', callId, {
      minNumberOfDigits: this.pinLength,
      maxNumberOfDigits: this.pinLength + 1,
      terminatorDigits: ['#'],
      inputDigitsRegex: `^\\d{${this.pinLength}}#?$`,
      repeat: 1,
      repeatDurationInMilliseconds: this.pinTimeoutMs,
    });
  }

  private askToConfirm(callId: string): SmaAction {
    return this.prompts.ask('confirmDialOut', 'confirmDialOut', callId, {
      minNumberOfDigits: 1,
      maxNumberOfDigits: 1,
      inputDigitsRegex: '^1$',
      repeat: 2,
      repeatDurationInMilliseconds: this.pinTimeoutMs,
    });
  }

  private budget(): EventBudget {
    return new EventBudget(this.clock, this.options.eventBudgetMs ?? 3_500, this.options.awsCallTimeoutMs ?? 1_500);
  }

  private apologyText(): string {
    const configured = this.options.prompts?.apology;
    return configured && 'text' in configured ? configured.text : (DEFAULT_PROMPTS.apology as { text: string }).text;
  }
}

/**
 * The ExternalUserId to sweep at the end of the call: when the attendee's ID is unknown, or a
 * CreateAttendee was given up on (an attendee the service created after the flow stopped waiting
 * is found by the name it was created with). Otherwise the ID alone is deleted, with no extra call.
 */
function sweepName(context: SmaHandlerContext): string | undefined {
  const needed = !context.attributes[ATTR.attendeeId] || marksOf(context).includes(MARK.abandonedCreate);
  return needed ? context.attributes[ATTR.externalUserId] : undefined;
}

/** The letters of the `marks` attribute. */
const MARK = { abandonedCreate: 'a', pendingCleanUp: 'p', hangupFailed: 'h', lookupFailed: 'l' } as const;

/** `marks` with each of `letters` it does not have yet. */
function withMarks(marks: string, ...letters: string[]): string {
  return letters.reduce((all, letter) => (all.includes(letter) ? all : `${all}${letter}`), marks);
}

/** What the clean-up of a call needs to know of it: its marks, its attendee's ExternalUserId, whether it waits. */
interface CallOfCleanUp {
  readonly marks?: string;
  readonly externalUserId?: string;
  /** Whether the call is in the waiting room, whose list it leaves. */
  readonly waiting?: boolean;
}

function callOf(context: SmaHandlerContext): CallOfCleanUp {
  return { marks: marksOf(context), externalUserId: context.attributes[ATTR.externalUserId], waiting: flowOf(context) === 'waiting' };
}

/**
 * Whether the event is an EventBridge scheduled event (the sweep's trigger), not an SMA event
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
 */
function isScheduledEvent(event: unknown): boolean {
  const fields = typeof event === 'object' && event !== null ? event as Record<string, unknown> : {};
  return fields.source === 'aws.events' && fields['detail-type'] === 'Scheduled Event';
}

function marksOf(context: SmaHandlerContext): string {
  return context.attributes[ATTR.marks] ?? '';
}

/** The `marks` attribute with one more `mark`. */
function withMark(context: SmaHandlerContext, mark: string): TransactionAttributes {
  return { [ATTR.marks]: `${marksOf(context)}${mark}` };
}

function countMarks(attributes: TransactionAttributes, mark: string): number {
  return [...attributes[ATTR.marks] ?? ''].filter((letter) => letter === mark).length;
}

/** A call update the flow applies. */
type CallUpdate = 'mute' | 'unmute' | 'remove';

/** The caller's current wait (see `ATTR.wait`). */
interface Wait {
  readonly step?: HoldStep;
  readonly since?: number;
  readonly update?: CallUpdate;
  /** The scheduled meeting a `meeting-start` wait re-checks. */
  readonly meetingKey?: string;
}

function waitOf(context: SmaHandlerContext): Wait {
  const [step, since, update, meetingKey] = (context.attributes[ATTR.wait] ?? '').split('|');
  const started = Number(since);
  return {
    step: HOLD_STEPS.includes(step) ? step as HoldStep : undefined,
    since: since && Number.isFinite(started) ? started : undefined,
    update: isUpdateAction(update) ? update : undefined,
    meetingKey: meetingKey ? decodeURIComponent(meetingKey) : undefined,
  };
}

function waitValue(wait: Wait): string {
  const base = `${wait.step ?? ''}|${wait.since ?? ''}|${wait.update ?? ''}`;
  return wait.meetingKey ? `${base}|${encodeURIComponent(wait.meetingKey)}` : base;
}

/**
 * Ends the current wait, so that the next one starts afresh; `keepUpdate` keeps a queued update
 * (a join that is queued again still has it to apply). Sends nothing when there is no wait.
 */
function endWait(context: SmaHandlerContext, keepUpdate = false): TransactionAttributes {
  if (!context.attributes[ATTR.wait]) {
    return {};
  }
  const { update } = waitOf(context);
  return { [ATTR.wait]: keepUpdate && update ? waitValue({ update }) : '' };
}

/** The call's flow attribute, `undefined` when missing or unknown to this version. */
function flowOf(context: SmaHandlerContext): Flow | undefined {
  const flow = context.attributes[ATTR.flow];
  return flow !== undefined && FLOWS.includes(flow) ? flow as Flow : undefined;
}

function isUpdateAction(action: string | undefined): action is CallUpdate {
  return action === 'mute' || action === 'unmute' || action === 'remove';
}

/** `ErrorType` of a failure, wherever the event carries it (inside ActionData, or the combined `Error`). */
function errorTypeOf(event: ActionFailedEvent): string | undefined {
  const data = event.ActionData as unknown as Record<string, unknown>;
  const direct = data.ErrorType ?? (event as unknown as Record<string, unknown>).ErrorType;
  if (typeof direct === 'string') {
    return direct;
  }
  return typeof data.Error === 'string' ? data.Error.split(':')[0] : undefined;
}

/**
 * Whether an AWS call failed in a way that a retry a moment later can mend: throttling, a 5xx, a
 * timeout (the call's own or the event budget's) or a lost connection
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
function isPassingFault(error: unknown): boolean {
  if (error instanceof BudgetExceededError) {
    return true;
  }
  if (!(error instanceof Error)) {
    return false;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) {
    return true;
  }
  return /Throttl|TooManyRequests|ServiceUnavailable|ServiceFailure|InternalServer|Timeout|TimedOut|Abort|ECONNRESET|ECONNREFUSED|socket hang up/i
    .test(`${error.name} ${error.message}`);
}

/** A meeting and the control Region that manages it (undefined: the gateway's default). */
interface MeetingRef {
  readonly meetingId: string;
  readonly meetingRegion?: string;
}

/**
 * How long a call record outlives a hangup that failed to remove it: a meeting lasts at most 24
 * hours (https://docs.aws.amazon.com/chime-sdk/latest/dg/create-mtgs.html), and so does its call.
 */
const CALL_RECORD_TTL_SECONDS = 24 * 60 * 60;

/** The call's meeting, from its TransactionAttributes. */
function meetingOf(context: SmaHandlerContext): MeetingRef | undefined {
  const meetingId = context.attributes[ATTR.meetingId];
  return meetingId ? { meetingId, meetingRegion: context.attributes[ATTR.meetingRegion] } : undefined;
}

function legAId(context: SmaHandlerContext): string {
  const callId = context.legA?.CallId;
  if (!callId) {
    throw new Error('the event has no LEG-A participant');
  }
  return callId;
}

function wholeNumberIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} ${value} is invalid: use a whole number from ${min} to ${max}.`);
  }
  return value;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
