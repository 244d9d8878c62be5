import { ParticipantTag } from './types/actions';
import { SmaCallDetails, SmaEvent, SmaParticipant } from './types/events';

// Legs are found by tag or CallId, never by array position: LEG-B can come first (docs/sma-model.md#participants).

interface LegTargetLike {
  readonly CallId?: unknown;
  readonly ParticipantTag?: unknown;
}

/** An event, or just its CallDetails. */
export type CallDetailsSource = SmaEvent | SmaCallDetails;

/**
 * The CallDetails of an event, or the CallDetails given.
 * @internal
 */
export function callDetailsOf(source: CallDetailsSource): SmaCallDetails {
  return 'CallDetails' in source ? source.CallDetails : source;
}

/** The leg with this tag, or `undefined`. */
export function findLeg(source: CallDetailsSource, tag: ParticipantTag): SmaParticipant | undefined {
  return callDetailsOf(source).Participants.find((participant) => participant.ParticipantTag === tag);
}

/** The leg with this CallId, or `undefined`. */
export function findLegByCallId(source: CallDetailsSource, callId: string): SmaParticipant | undefined {
  return callDetailsOf(source).Participants.find((participant) => participant.CallId === callId);
}

/**
 * Whether a leg may still be connected: its Status is not `Disconnected`. A missing Status counts as
 * live, because the first NEW_INBOUND_CALL carries none (docs/sma-model.md#participants).
 */
export function isLive<P extends Pick<SmaParticipant, 'Status'>>(participant: P | undefined): participant is P {
  return participant !== undefined && participant.Status !== 'Disconnected';
}

/** The legs that may still be connected (see {@link isLive}). */
export function liveLegs(source: CallDetailsSource): SmaParticipant[] {
  return callDetailsOf(source).Participants.filter(isLive);
}

/**
 * Whether the call is bridged: it has a live LEG-B, from CallAndBridge or from JoinChimeMeeting (the meeting
 * leg). The SMA cannot tell the two apart from CallDetails; both forbid JoinChimeMeeting and
 * StartBotConversation (docs/sma-model.md#join-chime-meeting-rules, docs/sma-model.md#start-bot-conversation).
 */
export function isBridged(source: CallDetailsSource): boolean {
  return isLive(findLeg(source, 'LEG-B'));
}

/**
 * The leg that caused this invocation: the leg named by `ActionData.Parameters` (CallId first, then
 * ParticipantTag) for action and HANGUP events, LEG-A otherwise (new calls, ringing, answered, call
 * updates and invalid responses all concern the call's first leg).
 */
export function invokingLeg(event: SmaEvent): SmaParticipant | undefined {
  if ('ActionData' in event && event.ActionData !== undefined) {
    const parameters = event.ActionData.Parameters as LegTargetLike;
    if (typeof parameters.CallId === 'string') {
      return findLegByCallId(event, parameters.CallId);
    }
    if (parameters.ParticipantTag === 'LEG-A' || parameters.ParticipantTag === 'LEG-B') {
      return findLeg(event, parameters.ParticipantTag);
    }
  }
  return findLeg(event, 'LEG-A');
}
