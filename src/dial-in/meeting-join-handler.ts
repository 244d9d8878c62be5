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
  receiveDigits,
  SmaAction,
  SmaEvent,
  SmaHandlerContext,
  SmaResponse,
  joinChimeMeeting,
} from '../sma';
import { EventBudget, SYSTEM_CLOCK, CallFlowClock } from './budget';
import { CALL_UPDATE_ACTION, DIAL_OUT_ARGUMENTS, MEETING_ID_PATTERN } from './call-arguments';
import { CallRecords } from './call-records';
import { CallerIdentity, externalUserIdFor } from './caller-identity';
import { isInactiveEntry, MeetingDirectory } from './meeting-directory';
import { MeetingsGateway } from './meetings-gateway';
import { CallFlowLogger, CallFlowMetrics, NO_LOGS, NO_METRICS } from './metrics';
import { DEFAULT_PROMPTS, Prompt, PromptBook, PromptName, VoiceOptions } from './prompts';

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
} as const;

/** Where a call is. */
type Flow = 'pin' | 'ringing' | 'confirm' | 'joining' | 'joined' | 'ending';

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
  private readonly clock: CallFlowClock;
  private readonly metrics: CallFlowMetrics;
  private readonly logger: CallFlowLogger;

  constructor(private readonly options: MeetingJoinHandlerOptions) {
    this.pinLength = wholeNumberIn('pinLength', options.pinLength ?? 6, 4, 12);
    this.maxPinAttempts = wholeNumberIn('maxPinAttempts', options.maxPinAttempts ?? 3, 1, 10);
    this.pinTimeoutMs = wholeNumberIn('pinTimeoutMs', options.pinTimeoutMs ?? 10_000, 1_000, 60_000);
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
      .onActionSuccessful('Hangup', (event, context) => this.onHangupDone(event, context))
      .on('ACTION_SUCCESSFUL', () => [])
      .on('ACTION_FAILED', (event, context) => this.onOtherActionFailed(event, context))
      .on('DIGITS_RECEIVED', (_event, context) => this.onSelfMuteKeys(context))
      .on('CALL_UPDATE_REQUESTED', (event, context) => this.onCallUpdate(event, context))
      .on('HANGUP', (event, context) => this.onHangup(event, context))
      .on('ACTION_INTERRUPTED', () => []);
    this.handler = router.handler;
  }

  private onInboundCall(event: SmaEvent, context: SmaHandlerContext): SmaResponse {
    this.metrics.count('Calls');
    this.logger.info('inbound call', { transactionId: event.CallDetails.TransactionId });
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
      return context.respond(this.goodbye('apology', callId));
    }
    if (context.attributes[ATTR.confirm] === 'false') {
      return this.join(event, context, { meetingId, meetingRegion: context.attributes[ATTR.meetingRegion] });
    }
    return context.respond([this.askToConfirm(callId)], mergeAttributes({ [ATTR.flow]: 'confirm' }));
  }

  private async onDigits(event: ActionSuccessfulEvent<'SpeakAndGetDigits' | 'PlayAudioAndGetDigits'>, context: SmaHandlerContext): Promise<SmaResponse> {
    const digits = (event.ActionData.ReceivedDigits ?? '').replace(/#$/, '');
    switch (context.attributes[ATTR.flow] as Flow | undefined) {
      case 'pin':
        return this.onPin(event, context, digits);
      case 'confirm': {
        const meetingId = context.attributes[ATTR.meetingId];
        return digits === '1' && meetingId
          ? this.join(event, context, { meetingId, meetingRegion: context.attributes[ATTR.meetingRegion] })
          : context.respond(this.goodbye('goodbye', legAId(context)));
      }
      default:
        return context.respond([]);
    }
  }

  private async onPin(event: SmaEvent, context: SmaHandlerContext, pin: string): Promise<SmaResponse> {
    if (!new RegExp(`^\\d{${this.pinLength}}$`).test(pin)) {
      return this.retryPin(context, 'wrongPin');
    }
    const budget = this.budget();
    const entry = await this.options.directory.lookup(pin, budget.signalFor('the meeting directory lookup'));
    if (!entry) {
      return this.retryPin(context, 'wrongPin');
    }
    if (isInactiveEntry(entry)) {
      // The PIN is right, but its scheduled meeting has no Chime meeting now. The caller hears
      // which of the two it is; waiting on hold for the activation is built on the flow's hold mechanism.
      this.logger.info('scheduled meeting not active', { status: entry.status });
      return context.respond(this.goodbye(entry.status === 'not-started' ? 'meetingNotStarted' : 'meetingEnded', legAId(context)),
        mergeAttributes({ [ATTR.flow]: 'ending' }));
    }
    return this.join(event, context, entry, budget);
  }

  private onNoDigits(_event: ActionFailedEvent<'SpeakAndGetDigits' | 'PlayAudioAndGetDigits'>, context: SmaHandlerContext): SmaResponse {
    if (context.attributes[ATTR.flow] === 'pin') {
      return this.retryPin(context, 'noPin');
    }
    // An unconfirmed dial-out (no one pressed 1: voicemail, or a person who declined).
    return context.respond(this.goodbye('goodbye', legAId(context)));
  }

  private retryPin(context: SmaHandlerContext, prompt: 'wrongPin' | 'noPin'): SmaResponse {
    this.metrics.count('PinFailures');
    const attempts = Number(context.attributes[ATTR.attempts] ?? '0') + 1;
    if (attempts >= this.maxPinAttempts) {
      this.logger.info('too many PIN attempts', { attempts });
      return context.respond(this.goodbye('tooManyAttempts', legAId(context)), mergeAttributes({ [ATTR.flow]: 'ending', [ATTR.attempts]: String(attempts) }));
    }
    return context.respond([this.askForPin(prompt, legAId(context))], mergeAttributes({ [ATTR.attempts]: String(attempts) }));
  }

  private async join(event: SmaEvent, context: SmaHandlerContext, meeting: MeetingRef, budget = this.budget()): Promise<SmaResponse> {
    const callId = legAId(context);
    const { meetingId, meetingRegion } = meeting;
    if (meetingRegion !== undefined && this.options.meetingRegions && !this.options.meetingRegions.includes(meetingRegion)) {
      // The handler may not manage attendees there (its IAM covers meetingRegions only): no attendee is created.
      this.metrics.count('JoinFailures');
      this.logger.warn('meeting outside the dial-in\'s meeting regions', { meetingId, meetingRegion });
      return context.respond(this.goodbye('joinFailed', callId), mergeAttributes({ [ATTR.flow]: 'ending' }));
    }
    // The phone's number: the caller of a dial-in, the callee of a dial-out.
    const callerNumber = context.legA?.Direction === 'Outbound' ? context.legA.To : context.legA?.From;
    const externalUserId = externalUserIdFor(this.options.callerIdentity ?? 'masked', callerNumber, event.CallDetails.TransactionId);
    // Sent with every answer below, even a failed attempt's: if CreateAttendee's answer was lost, the
    // hangup can still find the attendee by its external user ID.
    const pending = {
      [ATTR.meetingId]: meetingId,
      ...(meetingRegion ? { [ATTR.meetingRegion]: meetingRegion } : {}),
      [ATTR.externalUserId]: externalUserId,
    };
    let attendee;
    try {
      attendee = await this.options.meetings.createAttendee(meetingId, externalUserId, budget.signalFor('CreateAttendee'), meetingRegion);
    } catch (error) {
      this.metrics.count('JoinFailures');
      this.logger.error('CreateAttendee failed', { error: describeError(error) });
      await this.cleanUp(meeting, undefined, externalUserId, budget);
      return context.respond(this.goodbye('apology', callId), mergeAttributes({ ...pending, [ATTR.flow]: 'ending' }));
    }
    if (attendee === 'meeting-not-found') {
      this.metrics.count('JoinFailures');
      return context.respond(this.goodbye('meetingEnded', callId), mergeAttributes({ [ATTR.flow]: 'ending' }));
    }
    const actions: SmaAction[] = [
      this.prompts.say('joining', callId),
      joinChimeMeeting({ joinToken: attendee.joinToken, callId, meetingId }),
    ];
    return context.respond(actions, mergeAttributes({
      ...pending,
      [ATTR.flow]: 'joining',
      [ATTR.attendeeId]: attendee.attendeeId,
      [ATTR.joinStartedAt]: String(this.clock.now()),
    }));
  }

  /** What a call that is not in its meeting was about to do, for an answer that replaces the queue. */
  private async resume(context: SmaHandlerContext): Promise<SmaResponse> {
    const legA = context.legA;
    if (!isLive(legA)) {
      return context.respond([]);
    }
    switch (context.attributes[ATTR.flow] as Flow | undefined) {
      case 'pin':
        return context.respond([this.askForPin('enterPin', legA.CallId)]);
      case 'confirm':
        return context.respond([this.askToConfirm(legA.CallId)]);
      case 'joining':
        return this.rejoin(context);
      case 'ringing':
        return context.respond([]);
      default:
        return context.respond([hangup({ callId: legA.CallId })]);
    }
  }

  /**
   * Queues the join again for a call whose queued join was replaced. CreateAttendee is idempotent
   * on ExternalUserId, so it hands back the same attendee and its join token.
   */
  private async rejoin(context: SmaHandlerContext): Promise<SmaResponse> {
    const meeting = meetingOf(context);
    const externalUserId = context.attributes[ATTR.externalUserId];
    if (!meeting || !externalUserId) {
      return context.respond(this.goodbye('apology', legAId(context)), mergeAttributes({ [ATTR.flow]: 'ending' }));
    }
    const { meetingId, meetingRegion } = meeting;
    const budget = this.budget();
    let attendee;
    try {
      attendee = await this.options.meetings.createAttendee(meetingId, externalUserId, budget.signalFor('CreateAttendee'), meetingRegion);
    } catch (error) {
      this.logger.error('CreateAttendee failed', { error: describeError(error) });
      attendee = undefined;
    }
    if (attendee === undefined || attendee === 'meeting-not-found') {
      this.metrics.count('JoinFailures');
      await this.cleanUp(meeting, context.attributes[ATTR.attendeeId], externalUserId, budget);
      return context.respond(this.goodbye(attendee ? 'meetingEnded' : 'apology', legAId(context)), mergeAttributes({ [ATTR.flow]: 'ending' }));
    }
    return context.respond([joinChimeMeeting({ joinToken: attendee.joinToken, callId: legAId(context), meetingId })],
      mergeAttributes({ [ATTR.attendeeId]: attendee.attendeeId }));
  }

  private async onJoined(event: ActionSuccessfulEvent<'JoinChimeMeeting'>, context: SmaHandlerContext): Promise<SmaResponse> {
    this.metrics.count('Joins');
    await this.recordCall(event, context);
    const startedAt = Number(context.attributes[ATTR.joinStartedAt]);
    if (Number.isFinite(startedAt)) {
      this.metrics.duration('JoinLatency', Math.max(0, this.clock.now() - startedAt));
    }
    this.logger.info('joined the meeting', { meetingId: context.attributes[ATTR.meetingId] });
    const selfMute = this.options.selfMuteDigits ?? '*6';
    const actions = selfMute === false ? [] : [receiveDigits({
      callId: legAId(context),
      inputDigitsRegex: `^${selfMute.replace(/[*#]/g, (digit) => `\\${digit}`)}$`,
      inBetweenDigitsDurationInMilliseconds: 1_000,
      flushDigitsDurationInMilliseconds: 3_000,
    })];
    return context.respond(actions, mergeAttributes({ [ATTR.flow]: 'joined', [ATTR.muted]: 'false' }));
  }

  private async onJoinFailed(event: ActionFailedEvent<'JoinChimeMeeting'>, context: SmaHandlerContext): Promise<SmaResponse> {
    this.metrics.count('JoinFailures');
    this.logger.warn('JoinChimeMeeting failed', { errorType: event.ActionData.ErrorType });
    await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], undefined, this.budget());
    return context.respond(this.goodbye('joinFailed', legAId(context)), mergeAttributes({ [ATTR.flow]: 'ending' }));
  }

  private async onOtherActionFailed(event: ActionFailedEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    this.logger.warn('action failed', { actionType: event.ActionData.Type, errorType: event.ActionData.ErrorType });
    if (context.attributes[ATTR.flow] === 'joined') {
      // A failed in-call action (mute, digits) does not end a call that is in its meeting.
      return context.respond([]);
    }
    await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], undefined, this.budget());
    return context.respond(this.goodbye('apology', legAId(context)), mergeAttributes({ [ATTR.flow]: 'ending' }));
  }

  /** ReceiveDigits only reports input that matches the self-mute keys. */
  private onSelfMuteKeys(context: SmaHandlerContext): SmaResponse {
    if (context.attributes[ATTR.flow] !== 'joined') {
      return context.respond([]);
    }
    return this.setMuted(context, context.attributes[ATTR.muted] !== 'true');
  }

  private setMuted(context: SmaHandlerContext, muted: boolean): SmaResponse {
    const meetingId = context.attributes[ATTR.meetingId];
    const attendeeId = context.attributes[ATTR.attendeeId];
    if (!meetingId || !attendeeId || !context.legB) {
      return context.respond([]);
    }
    return context.respond([modifyChimeMeetingAttendees({
      operation: muted ? 'Mute' : 'Unmute',
      meetingId,
      attendeeList: [attendeeId],
      callId: context.legB.CallId,
    })], mergeAttributes({ [ATTR.muted]: String(muted) }));
  }

  private async onCallUpdate(event: CallUpdateRequestedEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    const action = event.ActionData.Parameters.Arguments[CALL_UPDATE_ACTION];
    if (context.attributes[ATTR.flow] !== 'joined' || !context.legB) {
      // Only a phone attendee in its meeting can be updated. The answer still replaces the queued
      // actions (docs/sma-model.md#action-list-semantics), so it queues again what the call was about to do.
      this.logger.warn('call update ignored: the call is not in a meeting', { action });
      return this.resume(context);
    }
    switch (action) {
      case 'mute':
        return this.setMuted(context, true);
      case 'unmute':
        return this.setMuted(context, false);
      case 'remove':
        // Hanging up the meeting leg keeps the caller on the line to hear why (docs/sma-model.md#hangup).
        return context.respond([hangup({ callId: context.legB.CallId })], mergeAttributes({ [ATTR.flow]: 'ending' }));
      default:
        this.logger.warn('call update ignored: unknown action', { action });
        return context.respond([]);
    }
  }

  private async onHangupDone(event: ActionSuccessfulEvent<'Hangup'>, context: SmaHandlerContext): Promise<SmaResponse> {
    const legA = context.legA;
    if (event.ActionData.Parameters.ParticipantTag !== 'LEG-B' && event.ActionData.Parameters.CallId !== context.legB?.CallId) {
      return context.respond([]);
    }
    // The meeting leg was hung up on request ("remove"): the caller hears why, then the call ends.
    await this.cleanUp(meetingOf(context), context.attributes[ATTR.attendeeId], undefined, this.budget());
    return context.respond(isLive(legA) ? this.goodbye('removed', legA.CallId) : [], mergeAttributes({ [ATTR.flow]: 'ending' }));
  }

  private async onHangup(event: HangupEvent, context: SmaHandlerContext): Promise<SmaResponse> {
    const meetingId = context.attributes[ATTR.meetingId];
    const attendeeId = context.attributes[ATTR.attendeeId];
    const externalUserId = context.attributes[ATTR.externalUserId];
    const legA = context.legA;
    const hungUpTag = event.ActionData?.Parameters?.ParticipantTag;
    const callerGone = !isLive(legA) || hungUpTag === 'LEG-A';
    await this.cleanUp(meetingOf(context), attendeeId, attendeeId ? undefined : externalUserId, this.budget());
    if (callerGone) {
      this.metrics.count('Hangups');
      return context.respond([]);
    }
    // The meeting leg dropped (the meeting ended or the attendee was removed) while the caller is
    // still on the line: LEG-A is not hung up for us, and silence would be billed (docs/sma-model.md#join-chime-meeting-after-join).
    this.logger.info('meeting leg ended', { meetingId });
    return context.respond(this.goodbye('meetingEnded', legA!.CallId), mergeAttributes({ [ATTR.flow]: 'ending' }));
  }

  /**
   * Records the joined call for the app's updates by attendee id. A failure only costs the app that
   * control of this call: it is logged, and the caller stays in the meeting.
   */
  private async recordCall(event: ActionSuccessfulEvent<'JoinChimeMeeting'>, context: SmaHandlerContext): Promise<void> {
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
   * Deletes the call's attendee and its call record; never throws, because the caller must still
   * hear the goodbye.
   */
  private async cleanUp(
    meeting: MeetingRef | undefined,
    attendeeId: string | undefined,
    externalUserId: string | undefined,
    budget: EventBudget,
  ): Promise<void> {
    if (!meeting || (!attendeeId && !externalUserId)) {
      return;
    }
    const { meetingId, meetingRegion } = meeting;
    const deleteAttendee = async () => {
      try {
        const signal = budget.signalFor('DeleteAttendee');
        if (attendeeId) {
          await this.options.meetings.deleteAttendee(meetingId, attendeeId, signal, meetingRegion);
        } else if (externalUserId) {
          await this.options.meetings.deleteAttendeesNamed(meetingId, externalUserId, signal, meetingRegion);
        }
      } catch (error) {
        this.logger.error('could not delete the attendee', { meetingId, error: describeError(error) });
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
    await Promise.all([deleteAttendee(), removeRecord()]);
  }

  private askForPin(prompt: 'enterPin' | 'wrongPin' | 'noPin', callId: string): SmaAction {
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

  private goodbye(prompt: PromptName, callId: string): SmaAction[] {
    return [this.prompts.say(prompt, callId), hangup({ callId })];
  }

  private budget(): EventBudget {
    return new EventBudget(this.clock, this.options.eventBudgetMs ?? 3_500, this.options.awsCallTimeoutMs ?? 1_500);
  }

  private apologyText(): string {
    const configured = this.options.prompts?.apology;
    return configured && 'text' in configured ? configured.text : (DEFAULT_PROMPTS.apology as { text: string }).text;
  }
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
