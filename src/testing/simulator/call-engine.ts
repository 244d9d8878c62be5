import type { ParticipantTag, SmaEventType, SmaParticipant, TransactionAttributes } from '../../sma';
import type { AttendeeDeletedEvent, AttendeeSnapshot, FakeMeetingsService, VirtualClock } from '../fakes';
import { executeAction } from './action-execution';
import type { ActionHost, ActionOutcome, ActionRun, JoinedMeeting } from './action-execution';
import type { ActionFaultError, ActionFaults } from './action-faults';
import { CallLeg, isConnected, toParticipant } from './call-leg';
import { ReceiveDigitsCollector } from './digit-collection';
import type { ReceiveDigitsRules } from './digit-collection';
import { buildEvent } from './event-builder';
import type { EnvelopeIdentity, PendingEvent } from './event-builder';
import type { SimulatedLambdaContext, SmaHandlerFunction } from './handler-loader';
import type { HeldRequestWatcher } from './held-request-watcher';
import { invokeHandler } from './invocation';
import type { InvocationOutcome } from './invocation';
import { checkResponse } from './response-check';
import type { QueuedAction } from './response-check';
import type { SimulatorSettings } from './settings';
import { CallTranscript } from './transcript';
import type { CallerEntry, StateEntry } from './transcript';
import { VIOLATION_SECTIONS } from './violations';
import type { Violation, ViolationRule } from './violations';

/**
 * Why a call ended:
 * - `caller-hangup`: the caller (LEG-A) hung up;
 * - `handler-hangup`: the handler hung up an answered call;
 * - `rejected`: the handler hung up before answering (not billed);
 * - `unanswered-timeout`: nothing answered an inbound call within 30 s;
 * - `busy`, `no-answer`: the callee of an outbound call refused it or did not answer (SIP 486, 480);
 * - `far-end-hangup`: a CallAndBridge far end hung up last;
 * - `lambda-error`: the handler failed twice (SIP 480);
 * - `lambda-timeout`: no response within 20 s (SIP 480);
 * - `invocation-limit`: the call reached 1,000 invocations.
 */
export type CallEndReason =
  | 'caller-hangup' | 'handler-hangup' | 'rejected' | 'unanswered-timeout' | 'busy' | 'no-answer' | 'far-end-hangup'
  | 'lambda-error' | 'lambda-timeout' | 'invocation-limit';

/** Where a call is: ringing (not answered yet), connected (answered), or ended. */
export type CallStatus = 'ringing' | 'connected' | 'ended';

/** What every call of a simulator shares. */
export interface CallEngineContext {
  /** The settings. */
  readonly settings: SimulatorSettings;
  /** The shared virtual clock. */
  readonly clock: VirtualClock;
  /** The fake Meetings service. */
  readonly meetings: FakeMeetingsService;
  /** The account, Region and SMA the events name. */
  readonly identity: EnvelopeIdentity;
  /** The handler under test. */
  readonly handler: SmaHandlerFunction;
  /** Held requests of the fakes. */
  readonly holds: HeldRequestWatcher;
  /** Injected action failures. */
  readonly actionFaults: ActionFaults;
  /** The next seeded CallId. */
  nextCallId(): string;
  /** A Lambda context for an attempt. */
  lambdaContext(attemptStartedAt: number): SimulatedLambdaContext;
  /** Called once when the call ends. */
  ended(engine: CallEngine): void;
  /** Called when an invocation of the call starts (`true`) and when it is answered or abandoned (`false`). */
  invoking(engine: CallEngine, active: boolean): void;
  /** Whether the handler is also invoked on a schedule (a sweep that can delete what a call left behind). */
  cleanUpScheduled?(): boolean;
}

/** How a call starts. */
export interface CallStart {
  /** The call's TransactionId. */
  readonly transactionId: string;
  /** Inbound (a caller dialled) or outbound (CreateSipMediaApplicationCall). */
  readonly direction: 'Inbound' | 'Outbound';
  /** The calling number. */
  readonly from: string;
  /** The called number. */
  readonly to: string;
  /** The SIP rule an inbound call came through. */
  readonly sipRuleId?: string;
  /** ArgumentsMap of an outbound call. */
  readonly arguments?: Readonly<Record<string, string>>;
}

interface ActionList {
  readonly actions: readonly QueuedAction[];
  index: number;
  /** The leg that caused the invocation whose response this is: where actions go by default. */
  readonly invokingTag: ParticipantTag;
}

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly owner?: ActionRun;
  readonly fire: () => void;
  cancelled: boolean;
}

const IGNORED_RESPONSES: ReadonlySet<SmaEventType> = new Set(['NEW_OUTBOUND_CALL', 'RINGING', 'ACTION_INTERRUPTED']);

/**
 * One call inside the simulator: its legs, TransactionAttributes, action list and timers, and the
 * loop that sends events to the handler one at a time and runs the actions it returns, until the
 * call blocks (waiting for the caller, for virtual time, or with nothing to do).
 * @internal
 */
export class CallEngine implements ActionHost {
  /** The call's TransactionId. */
  public readonly transactionId: string;
  /** Who placed the call. */
  public readonly direction: 'Inbound' | 'Outbound';
  /** Virtual epoch milliseconds of the call's start. */
  public readonly startedAt: number;
  /** Everything that happened. */
  public readonly transcript: CallTranscript;
  /** The legs by tag. */
  public readonly legs = new Map<ParticipantTag, CallLeg>();
  /** What the caller heard. */
  public readonly prompts: string[] = [];
  /** The rules the handler broke. */
  public readonly violations: Violation[] = [];
  /** Attendees ModifyChimeMeetingAttendees muted (lower case). */
  public readonly mutedAttendees = new Set<string>();
  /** The stored TransactionAttributes; absent until the handler stores some. */
  public attributes?: TransactionAttributes;
  /** Ringing, connected or ended. */
  public status: CallStatus = 'ringing';
  /** Why the call ended. */
  public endReason?: CallEndReason;
  /** The meeting joined last. */
  public joined?: JoinedMeeting;
  /** The meeting the meeting leg is connected to now. */
  public meeting?: JoinedMeeting;
  /** Call-relative virtual time since which the caller is alone in silence. */
  public silentSince?: number;
  /** Invocations so far, retries included. */
  public invocations = 0;
  /** Attendees that CreateAttendee requests sent while handling this call created. */
  public readonly createdAttendees: Array<Pick<AttendeeSnapshot, 'meetingId' | 'attendeeId'>> = [];

  private readonly pending: PendingEvent[] = [];
  private readonly timers: Timer[] = [];
  private timerCount = 0;
  private list?: ActionList;
  private deferredList?: ActionList;
  private running?: ActionRun;
  private receiver?: { readonly collector: ReceiveDigitsCollector; readonly echo: Readonly<Record<string, unknown>>; readonly leg: ParticipantTag };
  private digitBuffer = '';
  private lastSequence?: number;
  private pendingEndReason?: CallEndReason;
  private answered = false;
  private pumping?: Promise<void>;
  private pumpAgain = false;
  private failure?: unknown;
  private readonly sipRuleId?: string;
  /** ACTION_FAILED in a row (not counting digits that did not come), and whether the loop was reported. */
  private failedInARow = 0;
  private failureLoopReported = false;

  /**
   * @param context what the simulator's calls share
   * @param start how the call starts
   */
  constructor(private readonly context: CallEngineContext, start: CallStart) {
    this.transactionId = start.transactionId;
    this.direction = start.direction;
    this.startedAt = context.clock.now();
    this.sipRuleId = start.sipRuleId;
    this.transcript = new CallTranscript(start.transactionId, start.direction, start.from, start.to, this.startedAt);
    this.legs.set('LEG-A', {
      callId: context.nextCallId(),
      tag: 'LEG-A',
      kind: 'caller',
      to: start.to,
      from: start.from,
      direction: start.direction,
      startTimeMs: this.startedAt,
    });
    this.caller({ action: 'dial', from: start.from, to: start.to });
    if (start.direction === 'Inbound') {
      this.enqueue('NEW_INBOUND_CALL');
      this.scheduleCallTimer(context.settings.unansweredTimeoutMs, () => this.unansweredTimeout());
    } else {
      const type = context.settings.newOutboundCallActionType;
      this.enqueue('NEW_OUTBOUND_CALL', { ...(type === undefined ? {} : { Type: type }), Parameters: { Arguments: { ...start.arguments } } });
      this.enqueue('RINGING');
      if (context.settings.outboundNoAnswerAfterMs > 0) {
        this.scheduleCallTimer(context.settings.outboundNoAnswerAfterMs, () => {
          if (this.status === 'ringing') {
            this.refuseOutbound(480);
          }
        });
      }
    }
  }

  // --- ActionHost -----------------------------------------------------------------------------

  /** @inheritdoc */
  public get settings(): SimulatorSettings {
    return this.context.settings;
  }

  /** @inheritdoc */
  public get meetings(): FakeMeetingsService {
    return this.context.meetings;
  }

  /** @inheritdoc */
  public now(): number {
    return this.context.clock.now();
  }

  /** @inheritdoc */
  public leg(tag: ParticipantTag): CallLeg | undefined {
    return this.legs.get(tag);
  }

  /** @inheritdoc */
  public targetLeg(parameters: Readonly<Record<string, unknown>>): CallLeg | undefined {
    if (typeof parameters.CallId === 'string') {
      return [...this.legs.values()].find((leg) => leg.callId === parameters.CallId);
    }
    const tag = parameters.ParticipantTag === 'LEG-A' || parameters.ParticipantTag === 'LEG-B' ? parameters.ParticipantTag : this.list?.invokingTag ?? 'LEG-A';
    return this.legs.get(tag);
  }

  /** @inheritdoc */
  public takeActionFault(actionType: ActionRun['type']): ActionFaultError | undefined {
    return this.context.actionFaults.take(actionType);
  }

  /** @inheritdoc */
  public begin(run: ActionRun): void {
    this.running = run;
    this.endSilence();
    this.state({ change: 'action-started', action: run.type, leg: run.leg?.tag });
  }

  /** @inheritdoc */
  public finish(run: ActionRun, outcome: ActionOutcome): void {
    if (this.running !== run) {
      return;
    }
    this.stopRun(run);
    const list = this.list;
    if (outcome.kind === 'failed') {
      this.state({ change: 'action-failed', action: run.type, errorType: String(outcome.error.ErrorType ?? outcome.error.Error) });
      this.countFailure(outcome.error);
    } else if (outcome.kind === 'succeeded') {
      this.state({ change: 'action-succeeded', action: run.type });
      this.failedInARow = 0;
    }
    if (this.deferredList) {
      // A new list arrived while this non-interruptible action ran: it replaces the old list, whose
      // outcome is not reported (docs/sma-model.md#action-list-semantics: the new list replaces the queued actions).
      this.list = this.deferredList;
      this.deferredList = undefined;
      return;
    }
    if (!list) {
      return;
    }
    const remaining = list.actions.length - list.index - 1;
    if (outcome.kind === 'succeeded' && remaining > 0) {
      list.index += 1;
      return;
    }
    this.list = undefined;
    if (outcome.kind !== 'succeeded' && remaining > 0) {
      this.state({ change: 'actions-dropped', count: remaining });
    }
    if (outcome.kind === 'succeeded') {
      this.enqueue('ACTION_SUCCESSFUL', { Type: run.type, Parameters: run.echo, ...outcome.results });
    } else if (outcome.kind === 'failed') {
      const { ErrorType, ErrorMessage } = outcome.error;
      if (run.type === 'JoinChimeMeeting' && this.settings.joinFailureErrorShape === 'top-level') {
        this.pending.push({
          type: 'ACTION_FAILED',
          participants: this.participants(),
          actionData: { Type: run.type, Parameters: run.echo },
          error: { ErrorType: String(ErrorType), ErrorMessage: String(ErrorMessage) },
          errorLocation: 'top-level',
          sipRuleId: this.sipRuleId,
        });
      } else {
        this.enqueue('ACTION_FAILED', { Type: run.type, Parameters: run.echo, ...outcome.error });
      }
    }
  }

  /** @inheritdoc */
  public schedule(run: ActionRun, delayMs: number, fire: () => void): () => void {
    return this.addTimer(delayMs, fire, run);
  }

  /** @inheritdoc */
  public drainDigits(run: ActionRun): void {
    while (this.digitBuffer !== '' && this.running === run && run.offerDigit?.(this.digitBuffer[0])) {
      this.digitBuffer = this.digitBuffer.slice(1);
    }
  }

  /** @inheritdoc */
  public answer(): void {
    if (this.answered) {
      return;
    }
    this.answered = true;
    this.status = 'connected';
    this.state({ change: 'answered' });
  }

  /** @inheritdoc */
  public hear(leg: CallLeg, prompt: string): void {
    if (leg.tag === 'LEG-A') {
      this.prompts.push(prompt);
      this.state({ change: 'prompt', text: prompt });
    }
  }

  /** @inheritdoc */
  public violation(rule: ViolationRule, message: string, sequence?: number): void {
    const violation: Violation = {
      t: this.elapsed(), rule, section: VIOLATION_SECTIONS[rule], message, ...(sequence === undefined ? {} : { sequence }),
    };
    this.violations.push(violation);
    this.transcript.add({ ...violation, kind: 'violation' });
  }

  /** @inheritdoc */
  public armReceiveDigits(leg: CallLeg, rules: ReceiveDigitsRules, echo: Readonly<Record<string, unknown>>): void {
    this.receiver?.collector.stop();
    const collector = new ReceiveDigitsCollector(rules, (delayMs, fire) => this.addTimer(delayMs, fire), (digits) => {
      this.enqueue('DIGITS_RECEIVED', { Type: 'ReceiveDigits', Parameters: echo, ReceivedDigits: digits });
    });
    this.receiver = { collector, echo, leg: leg.tag };
  }

  /** @inheritdoc */
  public joinMeeting(meeting: JoinedMeeting): void {
    const { meetingLegOrientation, meetingBridgeNumber } = this.settings;
    const toBridge = meetingLegOrientation === 'to-bridge';
    this.legs.set('LEG-B', {
      callId: this.context.nextCallId(),
      tag: 'LEG-B',
      kind: 'meeting',
      to: toBridge ? meetingBridgeNumber : 'SMA',
      from: toBridge ? 'SMA' : meetingBridgeNumber,
      direction: 'Outbound',
      startTimeMs: this.now(),
      status: 'Connected',
    });
    this.meetings.markAttendeeConnected(meeting.attendeeId, true);
    this.meeting = meeting;
    this.joined = meeting;
    this.state({ change: 'leg', leg: 'LEG-B', status: 'Connected' });
    this.state({ change: 'joined', meetingId: meeting.meetingId, attendeeId: meeting.attendeeId });
  }

  /** @inheritdoc */
  public leaveMeeting(reason: string): void {
    const legB = this.legs.get('LEG-B');
    const meeting = this.meeting;
    if (!legB || legB.kind !== 'meeting' || !meeting) {
      return;
    }
    legB.status = 'Disconnected';
    this.meeting = undefined;
    this.mutedAttendees.delete(meeting.attendeeId);
    this.meetings.markAttendeeConnected(meeting.attendeeId, false);
    this.state({ change: 'leg', leg: 'LEG-B', status: 'Disconnected' });
    this.state({ change: 'left-meeting', meetingId: meeting.meetingId, attendeeId: meeting.attendeeId, reason });
  }

  /** @inheritdoc */
  public addBridgeLeg(to: string, from: string): CallLeg {
    const leg: CallLeg = { callId: this.context.nextCallId(), tag: 'LEG-B', kind: 'bridge', to, from, direction: 'Outbound', startTimeMs: this.now() };
    this.legs.set('LEG-B', leg);
    return leg;
  }

  /** @inheritdoc */
  public connectBridgeLeg(): void {
    const leg = this.legs.get('LEG-B');
    if (leg) {
      leg.status = 'Connected';
      this.state({ change: 'leg', leg: 'LEG-B', status: 'Connected' });
    }
  }

  /** @inheritdoc */
  public removeBridgeLeg(): void {
    this.legs.delete('LEG-B');
  }

  /** @inheritdoc */
  public hangUp(leg: CallLeg, sipResponseCode: number): void {
    if (leg.tag === 'LEG-A') {
      this.pendingEndReason ??= this.answered ? 'handler-hangup' : 'rejected';
      this.dropLegA();
    } else {
      this.disconnect(leg);
    }
    this.enqueueHangup(leg, sipResponseCode);
  }

  /** @inheritdoc */
  public mute(operation: 'Mute' | 'Unmute', attendeeIds: readonly string[]): void {
    for (const attendeeId of attendeeIds) {
      if (operation === 'Mute') {
        this.mutedAttendees.add(attendeeId.toLowerCase());
      } else {
        this.mutedAttendees.delete(attendeeId.toLowerCase());
      }
    }
    this.state({ change: 'mute', reason: operation, count: attendeeIds.length });
  }

  // --- Driver ---------------------------------------------------------------------------------

  /** Whether the phone caller's attendee is muted in the meeting. */
  public get muted(): boolean {
    return this.joined !== undefined && this.mutedAttendees.has(this.joined.attendeeId.toLowerCase());
  }

  /** The earliest timer of the call, for stepping the clock. */
  public nextTimer(): number | undefined {
    let earliest: number | undefined;
    for (const timer of this.timers) {
      if (!timer.cancelled && (earliest === undefined || timer.at < earliest)) {
        earliest = timer.at;
      }
    }
    return earliest;
  }

  /** Whether a timer is due now. */
  public hasDueTimer(): boolean {
    const now = this.now();
    return this.timers.some((timer) => !timer.cancelled && timer.at <= now);
  }

  /**
   * The caller presses digits. The running action takes them (a digit collection, a terminator),
   * else an armed ReceiveDigits; the others are discarded, as the SMA discards digits that nothing
   * collects (docs/sma-model.md#digits-during-prompts, https://docs.aws.amazon.com/chime-sdk/latest/dg/listen-to-digits.html),
   * or kept for the next collection with the `type-ahead` setting.
   */
  public pressDigits(digits: string): void {
    this.caller({ action: 'digits', digits });
    let discarded = '';
    for (const digit of digits) {
      if (!isConnected(this.legs.get('LEG-A'))) {
        break;
      }
      if (this.running?.offerDigit?.(digit)) {
        continue;
      }
      if (this.receiver?.leg === 'LEG-A' && this.receiver.collector.offerDigit(digit)) {
        continue;
      }
      if (this.settings.digitsWithoutCollector === 'type-ahead') {
        this.digitBuffer += digit;
      } else {
        discarded += digit;
      }
    }
    if (discarded !== '') {
      const doing = this.running ? `${this.running.type} takes no digits` : 'no action runs';
      this.state({ change: 'warning', reason: `digits ${discarded} discarded: ${doing} and no ReceiveDigits is armed` });
    }
  }

  /** The caller (LEG-A), or the far end of a bridged LEG-B, hangs up. */
  public remoteHangUp(tag: ParticipantTag): void {
    const leg = this.legs.get(tag);
    if (!leg || leg.status === 'Disconnected') {
      throw new Error(`${tag} is not connected`);
    }
    this.caller({ action: 'hangup', leg: tag });
    if (tag === 'LEG-A') {
      this.pendingEndReason ??= 'caller-hangup';
      this.dropLegA();
    } else if (leg!.kind === 'meeting') {
      throw new Error('the meeting leg drops through the Meetings service: DeleteMeeting or DeleteAttendee');
    } else {
      this.disconnect(leg!);
      this.pendingEndReason ??= 'far-end-hangup';
    }
    this.enqueueHangup(leg!, 0);
  }

  /** The callee of an outbound call answers. */
  public answerOutbound(): void {
    this.requireRinging('answer');
    this.caller({ action: 'answer' });
    this.legs.get('LEG-A')!.status = 'Connected';
    this.answer();
    this.enqueue('CALL_ANSWERED');
  }

  /** The callee of an outbound call refuses it (486 busy) or does not answer (480). */
  public refuseOutbound(sipResponseCode: 480 | 486): void {
    this.requireRinging(sipResponseCode === 486 ? 'reject' : 'noAnswer');
    this.caller(sipResponseCode === 486 ? { action: 'reject', sipResponseCode } : { action: 'no-answer' });
    this.pendingEndReason = sipResponseCode === 486 ? 'busy' : 'no-answer';
    const legA = this.legs.get('LEG-A')!;
    legA.status = 'Disconnected';
    this.enqueueHangup(legA, sipResponseCode);
  }

  /** UpdateSipMediaApplicationCall: the handler gets CALL_UPDATE_REQUESTED. */
  public requestUpdate(args: Readonly<Record<string, string>>): void {
    this.caller({ action: 'update', arguments: { ...args } });
    this.enqueue('CALL_UPDATE_REQUESTED', { Type: 'CallUpdateRequest', Parameters: { Arguments: { ...args } } });
  }

  /** The Meetings service deleted an attendee: if it is this call's, the meeting leg drops (docs/sma-model.md#join-chime-meeting-after-join). */
  public attendeeDeleted(event: AttendeeDeletedEvent): void {
    const meeting = this.meeting;
    const legB = this.legs.get('LEG-B');
    if (!meeting || meeting.attendeeId !== event.attendee.attendeeId || !isConnected(legB)) {
      return;
    }
    const meetingEnded = event.reason === 'meeting-ended';
    if (!meetingEnded && !this.settings.deleteAttendeeDropsMeetingLeg) {
      this.state({ change: 'warning', reason: 'the joined attendee was deleted; the meeting leg stays up (deleteAttendeeDropsMeetingLeg: false)' });
      return;
    }
    this.caller({ action: meetingEnded ? 'meeting-ended' : 'attendee-deleted' });
    const runningOnLegB = this.running?.leg?.tag === 'LEG-B' ? this.running : undefined;
    if (runningOnLegB) {
      this.stopRun(runningOnLegB);
      this.list = undefined;
    }
    legB.status = 'Disconnected';
    this.meeting = undefined;
    this.state({ change: 'leg', leg: 'LEG-B', status: 'Disconnected' });
    this.state({ change: 'left-meeting', meetingId: meeting.meetingId, attendeeId: meeting.attendeeId, reason: meetingEnded ? 'meeting ended' : 'attendee deleted' });
    const actionType = this.settings.legBHangupActionData === 'running-action' && runningOnLegB ? runningOnLegB.type : 'Hangup';
    this.enqueue('HANGUP', { Type: actionType, Parameters: { SipResponseCode: 0, CallId: legB.callId, ParticipantTag: 'LEG-B' } });
    void this.kick();
  }

  /**
   * The Meetings service created an attendee for a CreateAttendee this call's handler sent. One created
   * after the call ended can never be deleted by the call (docs/sma-model.md#join-chime-meeting-after-join):
   * a violation, unless the handler is also invoked on a schedule, whose sweep may delete it; then
   * `orphanAttendees`, read once the sweep had its chance, is the judge.
   */
  public attendeeCreated(attendee: AttendeeSnapshot): void {
    const created = { meetingId: attendee.meetingId, attendeeId: attendee.attendeeId };
    this.createdAttendees.push(created);
    if (this.status !== 'ended') {
      return;
    }
    const message = `the Meetings service created attendee ${attendee.attendeeId} after the call ended (a CreateAttendee the handler gave up on)`;
    if (this.context.cleanUpScheduled?.()) {
      this.state({ change: 'warning', reason: `${message}: left to the scheduled clean-up` });
    } else {
      this.violation('orphan-attendee', `${message}: nothing deletes it`);
    }
  }

  /** The attendees this call's handler created that are still in their meeting, once the call has ended. */
  public orphanAttendees(): Array<Pick<AttendeeSnapshot, 'meetingId' | 'attendeeId'>> {
    if (this.status !== 'ended') {
      return [];
    }
    const stillThere = ({ meetingId, attendeeId }: Pick<AttendeeSnapshot, 'meetingId' | 'attendeeId'>) =>
      this.meetings.attendees(meetingId).some((attendee) => attendee.attendeeId === attendeeId);
    return this.createdAttendees.filter(stillThere);
  }

  /** Runs the call until it blocks; resolves then (rejects if the simulator itself failed). */
  public kick(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
    } else {
      this.pumping = this.pump();
    }
    return this.pumping;
  }

  /** Resolves once the call has nothing to do now. */
  public async settle(): Promise<void> {
    while (this.pumping) {
      await this.pumping;
    }
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
  }

  /** Records something the caller or the outside world did. */
  public caller(entry: Omit<CallerEntry, 't' | 'kind'>): void {
    this.transcript.add({ t: this.elapsed(), kind: 'caller', ...entry });
  }

  // --- The loop -------------------------------------------------------------------------------

  private async pump(): Promise<void> {
    try {
      // Never run the handler inside the caller's stack (a clock listener, an HTTP hook).
      await Promise.resolve();
      do {
        this.pumpAgain = false;
        await this.drain();
      } while (this.pumpAgain);
    } catch (error) {
      this.failure = error;
    }
    this.pumping = undefined;
  }

  private async drain(): Promise<void> {
    while (this.status !== 'ended') {
      const event = this.pending.shift();
      if (event) {
        await this.deliver(event);
        continue;
      }
      const timer = this.takeDueTimer();
      if (timer) {
        timer.fire();
        continue;
      }
      if (!this.running && this.list && this.list.index < this.list.actions.length) {
        executeAction(this.list.actions[this.list.index], this);
        continue;
      }
      this.checkSilence();
      return;
    }
  }

  private async deliver(pending: PendingEvent): Promise<void> {
    this.context.invoking(this, true);
    const outcome = await invokeHandler(this.context, {
      startAttempt: (attempt) => {
        if (this.invocations >= this.settings.maxInvocationsPerCall) {
          this.violation('invocation-limit', `the call reached ${this.settings.maxInvocationsPerCall} invocations: the SMA ends it`);
          return undefined;
        }
        this.invocations += 1;
        if (attempt === 1 || this.settings.retrySequence === 'next') {
          this.lastSequence = this.lastSequence === undefined ? this.settings.firstSequence : this.lastSequence + 1;
        }
        const event = buildEvent(pending, this.lastSequence!, this.transactionId, this.attributes, this.context.identity, this.settings);
        this.transcript.add({ t: this.elapsed(), kind: 'invoke', sequence: event.Sequence, attempt, event });
        return event;
      },
      violation: (rule, message) => this.violation(rule, message, this.lastSequence),
      retrying: (reason) => this.state({ change: 'retry', reason }),
    }).finally(() => this.context.invoking(this, false));
    if (this.status === 'ended') {
      return;
    }
    if (outcome.kind === 'gave-up') {
      this.terminate(outcome.reason);
      return;
    }
    const legA = this.legs.get('LEG-A')!;
    if (pending.type === 'NEW_INBOUND_CALL' && legA.status === undefined) {
      // docs/sma-model.md#participants: only the first event shows LEG-A without a Status.
      legA.status = 'Connected';
    }
    this.applyResponse(pending, outcome);
    if (pending.type === 'HANGUP' && !this.anyConnected()) {
      this.end(this.pendingEndReason ?? 'handler-hangup', undefined);
    }
  }

  private applyResponse(pending: PendingEvent, outcome: Extract<InvocationOutcome, { kind: 'answered' }>): void {
    const ignored = IGNORED_RESPONSES.has(pending.type) || (pending.type === 'HANGUP' && !this.anyConnected());
    this.transcript.add({
      t: this.elapsed(), kind: 'response', sequence: outcome.sequence, attempt: outcome.attempt, response: outcome.response, ignored, tookMs: outcome.tookMs,
    });
    const check = checkResponse(outcome.response, this.settings, (warning) => this.state({ change: 'warning', reason: warning }));
    if (!check.valid) {
      this.violation(check.rule, check.message, outcome.sequence);
      this.rejectResponse(ignored, check.error);
      return;
    }
    if (check.attributes && !this.storeAttributes(check.attributes, outcome.sequence, ignored)) {
      return;
    }
    if (ignored) {
      if (check.actions && check.actions.length > 0) {
        this.violation('ignored-response',
          `${check.actions.length} action(s) returned to ${pending.type}, whose response the SMA ignores: they do not run`, outcome.sequence);
      }
      return;
    }
    if (check.actions) {
      this.replaceList({ actions: check.actions, index: 0, invokingTag: invokingTag(pending) });
    }
  }

  /** docs/sma-model.md#transaction-attributes: `{}` clears, a map merges (or replaces, per settings), the stored map stays within the limits. */
  private storeAttributes(sent: Readonly<Record<string, string>>, sequence: number, ignored: boolean): boolean {
    const cleared = Object.keys(sent).length === 0;
    const next = cleared || this.settings.transactionAttributesUpdate === 'replace' ? { ...sent } : { ...this.attributes, ...sent };
    const pairs = Object.keys(next).length;
    const bytes = Buffer.byteLength(JSON.stringify(next), 'utf8');
    if (pairs > this.settings.maxTransactionAttributePairs || bytes > this.settings.maxTransactionAttributeBytes) {
      const message = `the stored TransactionAttributes would have ${pairs} pairs and ${bytes} bytes; at most ${this.settings.maxTransactionAttributePairs} pairs and ${this.settings.maxTransactionAttributeBytes} bytes are allowed`;
      this.violation('transaction-attributes', message, sequence);
      this.rejectResponse(ignored, {
        ErrorType: 'TransactionAttributesInvalidMapSize',
        ErrorMessage: `Transaction Attributes has too many mappings. Maximum number of mappings is ${this.settings.maxTransactionAttributePairs}`,
      });
      return false;
    }
    this.attributes = next;
    this.state({ change: 'attributes', attributes: { ...next } });
    return true;
  }

  private rejectResponse(ignored: boolean, error: { readonly ErrorType: string; readonly ErrorMessage: string }): void {
    if (!ignored && this.anyConnected()) {
      this.pending.push({ type: 'INVALID_LAMBDA_RESPONSE', participants: this.participants(), error, sipRuleId: this.sipRuleId });
    }
  }

  /** docs/sma-model.md#interruptible-actions: a new list stops an interruptible action (ACTION_INTERRUPTED), else waits for it, then replaces the queue. */
  private replaceList(list: ActionList): void {
    const running = this.running;
    if (!running) {
      this.list = list;
      return;
    }
    if (!running.interruptible) {
      this.deferredList = list;
      return;
    }
    this.stopRun(running);
    this.state({ change: 'action-interrupted', action: running.type });
    this.enqueue('ACTION_INTERRUPTED', { Type: running.type, Parameters: running.echo });
    this.list = list;
  }

  private stopRun(run: ActionRun): void {
    run.stop?.();
    for (const timer of this.timers) {
      if (timer.owner === run) {
        timer.cancelled = true;
      }
    }
    if (this.running === run) {
      this.running = undefined;
    }
  }

  /** LEG-A goes: whatever runs stops, and the meeting leg is torn down with it (docs/sma-model.md#join-chime-meeting-after-join: both legs Disconnected). */
  private dropLegA(): void {
    if (this.running) {
      this.stopRun(this.running);
    }
    this.list = undefined;
    this.deferredList = undefined;
    this.receiver?.collector.stop();
    this.receiver = undefined;
    if (this.meeting) {
      this.leaveMeeting('the caller left');
    }
    this.disconnect(this.legs.get('LEG-A')!);
  }

  private disconnect(leg: CallLeg): void {
    if (leg.status !== 'Disconnected') {
      leg.status = 'Disconnected';
      this.state({ change: 'leg', leg: leg.tag, status: 'Disconnected' });
    }
  }

  private enqueueHangup(leg: CallLeg, sipResponseCode: number): void {
    this.enqueue('HANGUP', { Type: 'Hangup', Parameters: { SipResponseCode: sipResponseCode, CallId: leg.callId, ParticipantTag: leg.tag } });
  }

  private unansweredTimeout(): void {
    if (this.answered || this.status === 'ended') {
      return;
    }
    this.pendingEndReason = 'unanswered-timeout';
    this.dropLegA();
    this.enqueueHangup(this.legs.get('LEG-A')!, 480);
  }

  /** The SMA gives up on the call without another invocation (docs/sma-model.md#invocation-timing). */
  private terminate(reason: 'lambda-error' | 'lambda-timeout' | 'invocation-limit'): void {
    this.dropLegA();
    for (const leg of this.legs.values()) {
      this.disconnect(leg);
    }
    this.end(reason, reason === 'invocation-limit' ? undefined : 480);
  }

  private end(reason: CallEndReason, sipResponseCode: number | undefined): void {
    if (this.meeting) {
      this.leaveMeeting('the call ended');
    }
    this.status = 'ended';
    this.endReason = reason;
    this.pending.length = 0;
    this.list = undefined;
    for (const timer of this.timers) {
      timer.cancelled = true;
    }
    this.timers.length = 0;
    this.state({ change: 'call-ended', reason, ...(sipResponseCode === undefined ? {} : { sipResponseCode }) });
    this.context.ended(this);
  }

  /**
   * Counts an action failure toward a failure loop: a call whose lists keep failing while it stays up
   * (docs/sma-model.md#action-results: the rest of a failed list, a Hangup included, is dropped). Digits
   * that did not come are the caller's doing, not a failure of the SMA, so they do not count.
   */
  private countFailure(error: Readonly<Record<string, unknown>>): void {
    if (error.ErrorType === this.settings.digitsFailureErrorType) {
      return;
    }
    this.failedInARow += 1;
    if (this.failedInARow >= this.settings.maxConsecutiveActionFailures && !this.failureLoopReported) {
      this.failureLoopReported = true;
      this.violation('failure-loop', `${this.failedInARow} action lists failed in a row and the call is still up: end the call (a bare Hangup) once a prompt has failed`);
    }
  }

  private checkSilence(): void {
    const alone = isConnected(this.legs.get('LEG-A')) && !isConnected(this.legs.get('LEG-B'));
    const idle = !this.running && this.pending.length === 0 && !(this.list && this.list.index < this.list.actions.length);
    if (this.answered && alone && idle && this.silentSince === undefined) {
      this.silentSince = this.elapsed();
      this.state({ change: 'silence' });
      this.violation('caller-in-silence', 'the caller is alone on the call and nothing plays: the handler returned no action to run (hang up or play something)');
    }
  }

  private endSilence(): void {
    if (this.silentSince !== undefined) {
      this.silentSince = undefined;
      this.state({ change: 'silence-ended' });
    }
  }

  private requireRinging(what: string): void {
    if (this.direction !== 'Outbound' || this.status !== 'ringing' || this.legs.get('LEG-A')?.status !== undefined) {
      throw new Error(`${what}() needs an outbound call that is ringing; this call is ${this.direction} and ${this.status}`);
    }
  }

  private anyConnected(): boolean {
    for (const leg of this.legs.values()) {
      if (leg.status === 'Connected' || (leg.tag === 'LEG-A' && leg.status === undefined && this.status !== 'ended')) {
        return true;
      }
    }
    return false;
  }

  private enqueue(type: SmaEventType, actionData?: Readonly<Record<string, unknown>>): void {
    this.pending.push({ type, participants: this.participants(), actionData, sipRuleId: this.sipRuleId });
  }

  private participants(): SmaParticipant[] {
    const mixedCase = this.settings.docVariants.mixedCaseLegTags;
    const legs = [...this.legs.values()].map((leg) => toParticipant(leg, mixedCase));
    return this.settings.participantOrder === 'leg-b-first' ? legs.reverse() : legs;
  }

  private scheduleCallTimer(delayMs: number, fire: () => void): void {
    this.addTimer(delayMs, fire);
  }

  private addTimer(delayMs: number, fire: () => void, owner?: ActionRun): () => void {
    const timer: Timer = { at: this.now() + delayMs, order: this.timerCount++, owner, fire, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  private takeDueTimer(): Timer | undefined {
    const now = this.now();
    let due: Timer | undefined;
    for (let index = this.timers.length - 1; index >= 0; index--) {
      const timer = this.timers[index];
      if (timer.cancelled) {
        this.timers.splice(index, 1);
      } else if (timer.at <= now && (!due || timer.at < due.at || (timer.at === due.at && timer.order < due.order))) {
        due = timer;
      }
    }
    if (due) {
      due.cancelled = true;
    }
    return due;
  }

  private state(entry: Omit<StateEntry, 't' | 'kind'>): void {
    this.transcript.add({ t: this.elapsed(), kind: 'state', ...entry });
  }

  private elapsed(): number {
    return this.now() - this.startedAt;
  }
}

/** The leg that caused an invocation (named by ActionData.Parameters), else LEG-A. */
function invokingTag(pending: PendingEvent): ParticipantTag {
  const parameters = pending.actionData?.Parameters as Readonly<Record<string, unknown>> | undefined;
  const callId = parameters?.CallId;
  if (typeof callId === 'string') {
    const participant = pending.participants.find((candidate) => candidate.CallId === callId);
    const tag = participant?.ParticipantTag.toUpperCase();
    if (tag === 'LEG-A' || tag === 'LEG-B') {
      return tag;
    }
  }
  return parameters?.ParticipantTag === 'LEG-B' ? 'LEG-B' : 'LEG-A';
}
