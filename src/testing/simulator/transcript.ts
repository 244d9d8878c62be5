import type { ParticipantTag, SmaActionType, SmaEvent, TransactionAttributes } from '../../sma';
import type { JsonValue } from '../fakes';
import { renderMermaid } from './render-mermaid';
import { renderText } from './render-text';
import type { Violation } from './violations';

/** The handler was invoked with an event (one entry per attempt: a retry has its own). */
export interface InvokeEntry {
  /** Virtual milliseconds since the call started. */
  readonly t: number;
  /** Always `invoke`. */
  readonly kind: 'invoke';
  /** The event's Sequence. */
  readonly sequence: number;
  /** 1, or 2 for the SMA's retry. */
  readonly attempt: number;
  /** The event exactly as sent (the handler got a copy). */
  readonly event: SmaEvent;
}

/** The handler answered. */
export interface ResponseEntry {
  /** Virtual milliseconds since the call started. */
  readonly t: number;
  /** Always `response`. */
  readonly kind: 'response';
  /** The Sequence of the event answered. */
  readonly sequence: number;
  /** The attempt whose answer the SMA used. */
  readonly attempt: number;
  /** The response as the SMA received it: the handler's value after a JSON round trip, as Lambda sends it. */
  readonly response: JsonValue;
  /** Whether the SMA ignores this response (NEW_OUTBOUND_CALL, RINGING, ACTION_INTERRUPTED, a final HANGUP). */
  readonly ignored: boolean;
  /** Virtual milliseconds the invocation took, from its first attempt. */
  readonly tookMs: number;
}

/**
 * What changed on the call:
 * - `answered`: an action answered the call;
 * - `leg`: a leg connected or disconnected (`leg`, `status`);
 * - `action-started`, `action-succeeded`, `action-failed` (`errorType`), `action-interrupted`, `actions-dropped` (`count`);
 * - `prompt`: the caller heard `text` (speech, or an `s3://` audio file);
 * - `attributes`: the stored TransactionAttributes became `attributes`;
 * - `joined`, `left-meeting`: the caller entered or left a meeting (`meetingId`, `attendeeId`, `reason`);
 * - `mute`: ModifyChimeMeetingAttendees muted or unmuted attendees (`reason` = `Mute`/`Unmute`, `count`);
 * - `silence`: the caller was left alone with nothing playing; `silence-ended`: something started again;
 * - `retry`: the SMA invoked again (`reason` = `error` or `timeout`);
 * - `warning`: something allowed but suspicious (`reason`);
 * - `call-ended`: the call is over (`reason` = the end reason, `sipResponseCode`).
 */
export type StateChange =
  | 'answered' | 'leg' | 'action-started' | 'action-succeeded' | 'action-failed' | 'action-interrupted' | 'actions-dropped'
  | 'prompt' | 'attributes' | 'joined' | 'left-meeting' | 'mute' | 'silence' | 'silence-ended' | 'retry' | 'warning' | 'call-ended';

/** A change of the call's state (see {@link StateChange} for which fields each change sets). */
export interface StateEntry {
  /** Virtual milliseconds since the call started. */
  readonly t: number;
  /** Always `state`. */
  readonly kind: 'state';
  /** What changed. */
  readonly change: StateChange;
  /** The leg concerned. */
  readonly leg?: ParticipantTag;
  /** The leg's new status. */
  readonly status?: 'Connected' | 'Disconnected';
  /** The action concerned. */
  readonly action?: SmaActionType;
  /** What the caller heard. */
  readonly text?: string;
  /** The stored TransactionAttributes. */
  readonly attributes?: TransactionAttributes;
  /** The meeting concerned. */
  readonly meetingId?: string;
  /** The attendee concerned. */
  readonly attendeeId?: string;
  /** Why, or which variant. */
  readonly reason?: string;
  /** An ACTION_FAILED error type. */
  readonly errorType?: string;
  /** How many (actions dropped, attendees muted). */
  readonly count?: number;
  /** The SIP response code a call ended with. */
  readonly sipResponseCode?: number;
}

/** A broken rule of the SMA programming model. */
export interface ViolationEntry extends Violation {
  /** Always `violation`. */
  readonly kind: 'violation';
}

/**
 * What the other side of the call did:
 * - `dial`: an inbound call arrived, or an outbound call was placed (`from`, `to`);
 * - `digits`: the caller pressed `digits`; `hangup`: the caller (or the far end of `leg`) hung up;
 * - `answer`, `reject` (`sipResponseCode`), `no-answer`: the callee of an outbound call;
 * - `update`: UpdateSipMediaApplicationCall with `arguments`;
 * - `meeting-ended`, `attendee-deleted`: the Meetings service ended the meeting or deleted the attendee.
 */
export type CallerAction = 'dial' | 'digits' | 'hangup' | 'answer' | 'reject' | 'no-answer' | 'update' | 'meeting-ended' | 'attendee-deleted';

/** Something the caller, the callee or the outside world did. */
export interface CallerEntry {
  /** Virtual milliseconds since the call started. */
  readonly t: number;
  /** Always `caller`. */
  readonly kind: 'caller';
  /** What happened. */
  readonly action: CallerAction;
  /** The calling number (`dial`). */
  readonly from?: string;
  /** The called number (`dial`). */
  readonly to?: string;
  /** The digits pressed. */
  readonly digits?: string;
  /** The leg that hung up. */
  readonly leg?: ParticipantTag;
  /** The arguments of an update. */
  readonly arguments?: Readonly<Record<string, string>>;
  /** The SIP response code of a reject. */
  readonly sipResponseCode?: number;
}

/** One line of a call's transcript. `t` is virtual milliseconds since the call started. */
export type TranscriptEntry = InvokeEntry | ResponseEntry | StateEntry | ViolationEntry | CallerEntry;

/** The JSON form of a transcript: plain data, stable key order, byte-for-byte reproducible for a seed. */
export interface TranscriptJson {
  /** The call's TransactionId. */
  readonly transactionId: string;
  /** `Inbound` (a caller dialled the SMA) or `Outbound` (CreateSipMediaApplicationCall). */
  readonly direction: 'Inbound' | 'Outbound';
  /** The caller's number (inbound) or the SMA's number (outbound). */
  readonly from: string;
  /** The dialled number. */
  readonly to: string;
  /** When the call started, ISO 8601 in virtual time. */
  readonly startTime: string;
  /** Every event, response, state change, violation and outside action, in order. */
  readonly entries: readonly TranscriptEntry[];
}

/**
 * The transcript of one call: every event sent, every response received, every state change and
 * violation, in order, each stamped with the virtual time since the call started. Three forms:
 * {@link toJSON} (raw data: events and responses as sent and received, join tokens included),
 * {@link toText} (one readable line per entry) and {@link toMermaid} (a sequence diagram); the
 * last two mask join tokens, so they can be shared.
 */
export class CallTranscript {
  private readonly recorded: TranscriptEntry[] = [];

  /**
   * @param transactionId the call's TransactionId
   * @param direction who placed the call
   * @param from the calling number
   * @param to the dialled number
   * @param startedAt virtual epoch milliseconds of the call's start
   */
  constructor(
    public readonly transactionId: string,
    public readonly direction: 'Inbound' | 'Outbound',
    public readonly from: string,
    public readonly to: string,
    public readonly startedAt: number,
  ) {}

  /** The entries so far, in order. */
  public get entries(): readonly TranscriptEntry[] {
    return this.recorded;
  }

  /**
   * Appends an entry (the simulator's; not for tests).
   * @internal
   */
  public add(entry: TranscriptEntry): void {
    this.recorded.push(entry);
  }

  /** The transcript as plain JSON data. */
  public toJSON(): TranscriptJson {
    return {
      transactionId: this.transactionId,
      direction: this.direction,
      from: this.from,
      to: this.to,
      startTime: new Date(this.startedAt).toISOString(),
      entries: this.recorded,
    };
  }

  /** One line per entry, e.g. `+0.000s → NEW_INBOUND_CALL #1`; join tokens are masked. */
  public toText(): string {
    return renderText(this.toJSON());
  }

  /** A Mermaid `sequenceDiagram` of the call; join tokens are masked. */
  public toMermaid(): string {
    return renderMermaid(this.toJSON());
  }
}
