/**
 * A rule of the SMA programming model that a handler broke, as the simulator names it, with the
 * section of docs/sma-model.md it comes from (each violation also carries the section's short label,
 * see docs/sma-model.md#rule-labels):
 * - `max-actions`: more than 10 actions in one response (docs/sma-model.md#invocation-limits);
 * - `invalid-response`: a response that is not a valid envelope: not an object, wrong SchemaVersion, unknown field (docs/sma-model.md#response-envelope);
 * - `invalid-action`: an action of unknown type or with an invalid or missing parameter (docs/sma-model.md#actions);
 * - `transaction-attributes`: TransactionAttributes over the limits or not string to string (docs/sma-model.md#transaction-attributes);
 * - `ignored-response`: actions returned where the SMA ignores the response (docs/sma-model.md#ignored-responses);
 * - `call-leg`: an action aimed at a leg that does not exist or has hung up (docs/sma-model.md#leg-targeting);
 * - `join-chime-meeting`: JoinChimeMeeting on a leg other than LEG-A, without MeetingId, or with a
 *   JoinToken that is not a live attendee of that meeting (docs/sma-model.md#join-chime-meeting-rules);
 * - `bridged-call`: JoinChimeMeeting, CallAndBridge or StartBotConversation on a call that already has a live LEG-B
 *   (docs/sma-model.md#join-chime-meeting-rules, docs/sma-model.md#start-bot-conversation);
 * - `modify-attendees`: ModifyChimeMeetingAttendees on a call not in that meeting, or for attendees not in it
 *   (docs/sma-model.md#modify-chime-meeting-attendees);
 * - `caller-in-silence`: the caller was left alone on a silent line: nothing plays and no one else is on the call
 *   (docs/sma-model.md#action-list-semantics, docs/sma-model.md#join-chime-meeting-after-join);
 * - `handler-error`: the handler threw or rejected (docs/sma-model.md#invocation-timing);
 * - `response-time`: no response within 5 s, so the SMA invoked again (docs/sma-model.md#invocation-timing);
 * - `lambda-timeout`: no response within 20 s, so the SMA hung up (docs/sma-model.md#invocation-timing);
 * - `invocation-limit`: the call needed more than 1,000 invocations (docs/sma-model.md#invocation-limits);
 * - `failure-loop`: action lists kept failing (`maxConsecutiveActionFailures` ACTION_FAILED in a row) and
 *   the call did not end: the SMA drops the rest of a failed list, a Hangup included, so a handler that
 *   answers each failure with another failing prompt keeps the caller in silence until the
 *   1,000-invocation cap (docs/sma-model.md#action-results, docs/sma-model.md#invocation-limits);
 * - `orphan-attendee`: the Meetings service created an attendee for a CreateAttendee sent while handling
 *   this call after the call had ended, and the handler is not invoked on a schedule
 *   (`SmaSimulator.schedule`) that could sweep it: nothing will ever delete it
 *   (docs/sma-model.md#join-chime-meeting-after-join). With a schedule, the judge is
 *   `SimulatedCall.orphanAttendees`, read once the sweep had its chance; it lists the attendees of the
 *   call still in their meeting (a deletion may still be in flight when the call ends).
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
  | 'invocation-limit'
  | 'failure-loop'
  | 'orphan-attendee';

/** The label of the section each rule comes from (docs/sma-model.md#rule-labels). */
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
  'failure-loop': '§2',
  'orphan-attendee': '§7.1',
};

/** A broken rule, as recorded in the transcript and in `SimulatedCall.violations`. */
export interface Violation {
  /** Virtual milliseconds since the call started. */
  readonly t: number;
  /** The rule. */
  readonly rule: ViolationRule;
  /** The section label, e.g. `§7.1` (docs/sma-model.md#rule-labels). */
  readonly section: string;
  /** What happened, without secrets (join tokens are never included). */
  readonly message: string;
  /** The Sequence of the invocation whose response broke the rule, when there is one. */
  readonly sequence?: number;
}
