import { ActionRules } from '../rules';
import { ModifyChimeMeetingAttendeesAction } from '../types/actions';
import { arrayOf, oneOf, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { callId, uuid } from './fields';

/** Options of {@link modifyChimeMeetingAttendees}. */
export interface ModifyChimeMeetingAttendeesOptions {
  /** Mute or unmute. */
  readonly operation: 'Mute' | 'Unmute';
  /** The meeting's UUID; the caller's own attendee must belong to it. */
  readonly meetingId: string;
  /** The CallId of the meeting leg (LEG-B). */
  readonly callId?: string;
  /** Only `LEG-B`: the action applies to the meeting leg. */
  readonly participantTag?: 'LEG-B';
  /** 1 to 100 attendee ids (UUIDs) of that meeting, any attendees (not only phone ones). */
  readonly attendeeList: readonly string[];
}

/**
 * The parameters of ModifyChimeMeetingAttendees (docs/sma-model.md#modify-chime-meeting-attendees).
 * @internal
 */
export function modifyChimeMeetingAttendeesSpec(): ActionDefinition {
  return {
    spec: {
      Operation: required(oneOf('Mute', 'Unmute')),
      MeetingId: required(uuid),
      CallId: callId,
      ParticipantTag: oneOf('LEG-B'),
      AttendeeList: required(arrayOf(uuid, 1, 100)),
    },
  };
}

/**
 * Builds a `ModifyChimeMeetingAttendees` action, which mutes or unmutes attendees of the meeting the call
 * has joined. It fails unless the call is joined to that meeting.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function modifyChimeMeetingAttendees(
  options: ModifyChimeMeetingAttendeesOptions, rules?: Partial<ActionRules>,
): ModifyChimeMeetingAttendeesAction {
  return buildAction('ModifyChimeMeetingAttendees', modifyChimeMeetingAttendeesSpec(), pascalKeys(options), rules);
}
