import { Duration } from 'aws-cdk-lib';
import { CallPrompt } from './call-prompt';

/**
 * A waiting room for phone callers (`MeetingDialIn` `waitingRoom`). A caller with the meeting's PIN
 * is put on hold until one of three things happens:
 *
 * - the app admits them: `updateCall({ attendee: { meetingId, attendeeId }, action: 'admit', ... })`
 *   (or by `transactionId`), with the callers `listWaitingCallers(meetingId)` lists;
 * - a caller enters the meeting's host PIN (`registerMeeting({ hostPin: true, ... })`): that caller
 *   joins at once and opens the room, so the callers waiting join within 10 seconds, and later
 *   callers join at once;
 * - `lobbyTimeout` passes: the caller hears the `lobbyTimedOut` prompt, and the call ends.
 */
export interface WaitingRoomOptions {
  /**
   * What a waiting caller hears. Words are said when the wait starts and again every minute, with
   * silence between. A WAV file is played over and over, and the room is checked after each play,
   * so use one of 10 seconds or more: a call gets at most 1,000 handler invocations, and a wait ends
   * (with `lobbyTimedOut`) at the 900th.
   * @default - "You are in the waiting room. Please hold: the host will let you into the meeting."
   */
  readonly holdPrompt?: CallPrompt;

  /**
   * How long a caller waits to be admitted (1 to 60 minutes); then they hear `lobbyTimedOut`, and
   * the call ends.
   * @default Duration.minutes(15)
   */
  readonly lobbyTimeout?: Duration;
}
