import { isBridged } from '../call-details';
import { SmaValidationError } from '../errors';
import { ActionRules } from '../rules';
import { JoinChimeMeetingAction } from '../types/actions';
import { SmaCallDetails, SmaEvent } from '../types/events';
import { oneOf, required, text } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { callId, uuid } from './fields';

/** Options of {@link joinChimeMeeting}. */
export interface JoinChimeMeetingOptions {
  /** The attendee's JoinToken from CreateAttendee: required, 2 to 2048 characters. */
  readonly joinToken: string;
  /** The CallId of LEG-A (a call id: 1 to 128 characters of `A-Z a-z 0-9 -`). When given, the service ignores `participantTag`. */
  readonly callId?: string;
  /** Only `LEG-A`; the service defaults to the leg that caused the invocation. */
  readonly participantTag?: 'LEG-A';
  /**
   * The meeting's id, a UUID in any letter case. Optional on the action page, but required for meetings
   * created through the Chime SDK Meetings namespace (every meeting created by current AWS SDKs).
   */
  readonly meetingId?: string;
}

/**
 * The parameters of JoinChimeMeeting, from its page https://docs.aws.amazon.com/chime-sdk/latest/dg/join-chime-meeting.html
 * (docs/sma-model.md#join-chime-meeting-parameters).
 * @internal
 */
export function joinChimeMeetingSpec(): ActionDefinition {
  return { spec: { JoinToken: required(text(2, 2048)), CallId: callId, ParticipantTag: oneOf('LEG-A'), MeetingId: uuid } };
}

/**
 * Builds a `JoinChimeMeeting` action, which joins the caller (LEG-A) to a Chime SDK meeting and creates
 * the meeting leg LEG-B. The SMA always answers it with ACTION_SUCCESSFUL or ACTION_FAILED.
 * The action cannot run on a bridged call: check with {@link assertCanJoinChimeMeeting}.
 *
 * Returns exactly `{ Type: 'JoinChimeMeeting', Parameters: { JoinToken, CallId?, ParticipantTag?, MeetingId? } }`,
 * absent keys omitted, as a new object on every call.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function joinChimeMeeting(options: JoinChimeMeetingOptions, rules?: Partial<ActionRules>): JoinChimeMeetingAction {
  return buildAction('JoinChimeMeeting', joinChimeMeetingSpec(), pascalKeys(options), rules);
}

/**
 * Throws unless JoinChimeMeeting may run on this call: its AWS page forbids it on a bridged call, and a
 * call already joined to a meeting has a live LEG-B too (docs/sma-model.md#join-chime-meeting-rules).
 * @throws SmaValidationError at `CallDetails.Participants` when the call is bridged
 */
export function assertCanJoinChimeMeeting(source: SmaEvent | SmaCallDetails): void {
  if (isBridged(source)) {
    throw new SmaValidationError('CallDetails.Participants', 'LEG-B', 'JoinChimeMeeting cannot run on a bridged call (LEG-B is live)');
  }
}
