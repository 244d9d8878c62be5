import type { JoinedMeeting } from './action-execution';
import type { CallEndReason, CallEngine, CallStatus } from './call-engine';
import { snapshotLeg } from './call-leg';
import type { LegSnapshot } from './call-leg';
import type { CallTranscript } from './transcript';
import type { Violation } from './violations';
import type { ParticipantTag, TransactionAttributes } from '../../sma';

/** What a call's handle asks of its simulator. */
export interface CallDriver {
  /** Advances the shared virtual clock, running every call's timers in order. */
  wait(ms: number): Promise<void>;
  /** Sends UpdateSipMediaApplicationCall for the call through the fake Voice service. */
  update(transactionId: string, args: Readonly<Record<string, string>>): Promise<void>;
}

const DTMF = /^[0-9*#]+$/;

/**
 * A call in the simulator: the driver of what the other side does, and its state for assertions.
 * Every driver method first lets the call finish what it is doing, then acts, then runs the call
 * until it blocks again (waiting for the caller, for virtual time, or with nothing queued).
 */
export class SimulatedCall {
  /**
   * @param engine the call
   * @param driver its simulator
   * @internal
   */
  constructor(private readonly engine: CallEngine, private readonly driver: CallDriver) {}

  /** The call's TransactionId. */
  public get transactionId(): string {
    return this.engine.transactionId;
  }

  /** `Inbound` (a caller dialled) or `Outbound` (CreateSipMediaApplicationCall). */
  public get direction(): 'Inbound' | 'Outbound' {
    return this.engine.direction;
  }

  /** `ringing` until an action (or the callee) answers, then `connected`, then `ended`. */
  public get status(): CallStatus {
    return this.engine.status;
  }

  /** The legs by tag, as they are now. */
  public get legs(): Readonly<Partial<Record<ParticipantTag, LegSnapshot>>> {
    return Object.fromEntries([...this.engine.legs].map(([tag, leg]) => [tag, snapshotLeg(leg)]));
  }

  /** The stored TransactionAttributes (`{}` before the handler stored any). */
  public get attributes(): TransactionAttributes {
    return { ...this.engine.attributes };
  }

  /** What the caller heard, in order: Speak texts and `s3://bucket/key` of played audio. */
  public get prompts(): readonly string[] {
    return [...this.engine.prompts];
  }

  /** The meeting the call joined last (kept after it left; see {@link inMeeting}). */
  public get joinedMeeting(): JoinedMeeting | undefined {
    return this.engine.joined;
  }

  /** Whether the caller is in a meeting now (the meeting leg is connected). */
  public get inMeeting(): boolean {
    return this.engine.meeting !== undefined;
  }

  /** Whether ModifyChimeMeetingAttendees muted the caller's attendee (and did not unmute it). */
  public get muted(): boolean {
    return this.engine.muted;
  }

  /** Why the call ended; `undefined` while it is up. */
  public get endReason(): CallEndReason | undefined {
    return this.engine.endReason;
  }

  /**
   * Virtual milliseconds since the call started at which the caller was left alone on a silent line
   * (answered, no other leg, nothing playing or queued); `undefined` while something plays.
   */
  public get silentSince(): number | undefined {
    return this.engine.silentSince;
  }

  /** Every rule the handler broke on this call. */
  public get violations(): readonly Violation[] {
    return [...this.engine.violations];
  }

  /**
   * The attendees that CreateAttendee requests sent while handling this call created and that are
   * still in their meeting, once the call has ended (`[]` while it is up): orphans, once the handler's
   * own clean-up (a sweep on `SmaSimulator.schedule`, say) has had its chance.
   */
  public get orphanAttendees(): ReadonlyArray<{ readonly meetingId: string; readonly attendeeId: string }> {
    return this.engine.orphanAttendees();
  }

  /** How many times the handler was invoked (retries included). */
  public get invocations(): number {
    return this.engine.invocations;
  }

  /** The call's transcript (JSON, text, Mermaid). */
  public get transcript(): CallTranscript {
    return this.engine.transcript;
  }

  /** The caller presses DTMF keys (`0-9`, `*`, `#`), all at the current instant. */
  public async pressDigits(digits: string): Promise<void> {
    if (!DTMF.test(digits)) {
      throw new RangeError(`pressDigits: "${digits}" is invalid: use 0-9, * and #`);
    }
    await this.act(() => this.engine.pressDigits(digits));
  }

  /** Lets `ms` of virtual time pass: prompts end, timeouts fire (for every call of the simulator). */
  public async wait(ms: number): Promise<void> {
    await this.driver.wait(ms);
  }

  /** The caller hangs up (LEG-A), or with `'LEG-B'` the far end of a CallAndBridge leg. */
  public async hangUp(leg: ParticipantTag = 'LEG-A'): Promise<void> {
    await this.act(() => this.engine.remoteHangUp(leg));
  }

  /** UpdateSipMediaApplicationCall with these arguments, through the fake Voice service (CALL_UPDATE_REQUESTED). */
  public async update(args: Readonly<Record<string, string>>): Promise<void> {
    await this.engine.settle();
    await this.driver.update(this.transactionId, args);
    await this.engine.settle();
  }

  /** The callee of a ringing outbound call answers (CALL_ANSWERED). */
  public async answer(): Promise<void> {
    await this.act(() => this.engine.answerOutbound());
  }

  /** The callee of a ringing outbound call refuses it: HANGUP with 486 (busy, default) or 480. */
  public async reject(sipResponseCode: 480 | 486 = 486): Promise<void> {
    await this.act(() => this.engine.refuseOutbound(sipResponseCode));
  }

  /** The callee of a ringing outbound call does not answer: HANGUP with 480. */
  public async noAnswer(): Promise<void> {
    await this.act(() => this.engine.refuseOutbound(480));
  }

  /** Resolves once the call has nothing more to do now (e.g. after a change made through the SDK). */
  public async settle(): Promise<void> {
    await this.engine.settle();
  }

  private async act(action: () => void): Promise<void> {
    await this.engine.settle();
    if (this.engine.status === 'ended') {
      throw new Error(`call ${this.transactionId} has ended (${this.engine.endReason})`);
    }
    action();
    await this.engine.kick();
    await this.engine.settle();
  }
}
