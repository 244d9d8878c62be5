/**
 * A rule of the SMA programming model that a handler broke, as the simulator names it:
 * - `max-actions`: more than 10 actions in one response (§2);
 * - `invalid-response`: a response that is not a valid envelope: not an object, wrong SchemaVersion, unknown field (§5);
 * - `invalid-action`: an action of unknown type or with an invalid or missing parameter (§7);
 * - `transaction-attributes`: TransactionAttributes over the limits or not string to string (§6);
 * - `ignored-response`: actions returned where the SMA ignores the response (§2, §4);
 * - `call-leg`: an action aimed at a leg that does not exist or has hung up (§5);
 * - `join-chime-meeting`: JoinChimeMeeting on a leg other than LEG-A, without MeetingId, or with a
 *   JoinToken that is not a live attendee of that meeting (§7.1);
 * - `bridged-call`: JoinChimeMeeting, CallAndBridge or StartBotConversation on a call that already has a live LEG-B (§7.1, §7.13);
 * - `modify-attendees`: ModifyChimeMeetingAttendees on a call not in that meeting, or for attendees not in it (§7.2);
 * - `caller-in-silence`: the caller was left alone on a silent line: nothing plays and no one else is on the call (§2, §7.1);
 * - `handler-error`: the handler threw or rejected (§2);
 * - `response-time`: no response within 5 s, so the SMA invoked again (§2);
 * - `lambda-timeout`: no response within 20 s, so the SMA hung up (§2);
 * - `invocation-limit`: the call needed more than 1,000 invocations (§2).
 */
export type ViolationRule =
  | 'max-actions'
  | 'invalid-response'
  | 'invalid-action'
  | 'transaction-attributes'
  | 'ignored-response'
  | 'call-leg'
  | 'join-chime-meeting'
  | 'bridged-call'
  | 'modify-attendees'
  | 'caller-in-silence'
  | 'handler-error'
  | 'response-time'
  | 'lambda-timeout'
  | 'invocation-limit';

/** The sma-spec section each rule comes from. */
export const VIOLATION_SECTIONS: { readonly [R in ViolationRule]: string } = {
  'max-actions': '§2',
  'invalid-response': '§5',
  'invalid-action': '§7',
  'transaction-attributes': '§6',
  'ignored-response': '§2',
  'call-leg': '§5',
  'join-chime-meeting': '§7.1',
  'bridged-call': '§7.1',
  'modify-attendees': '§7.2',
  'caller-in-silence': '§2',
  'handler-error': '§2',
  'response-time': '§2',
  'lambda-timeout': '§2',
  'invocation-limit': '§2',
};

/** A broken rule, as recorded in the transcript and in `SimulatedCall.violations`. */
export interface Violation {
  /** Virtual milliseconds since the call started. */
  readonly t: number;
  /** The rule. */
  readonly rule: ViolationRule;
  /** The sma-spec section, e.g. `§7.1`. */
  readonly section: string;
  /** What happened, without secrets (join tokens are never included). */
  readonly message: string;
  /** The Sequence of the invocation whose response broke the rule, when there is one. */
  readonly sequence?: number;
}
