/**
 * What the app's backend and the call flow agree on: the ArgumentsMap of an outbound call
 * (CreateSipMediaApplicationCall) and the Arguments of a call update
 * (UpdateSipMediaApplicationCall). `cdk-chime-meeting-dialin/client` writes them; the call flow
 * reads them.
 */

/** ArgumentsMap keys of a dial-out. */
export const DIAL_OUT_ARGUMENTS = {
  /** The meeting to pull the callee into. */
  meetingId: 'meetingId',
  /**
   * The meeting's control Region, where its attendees are created; absent, the handler's default.
   * https://docs.aws.amazon.com/chime-sdk/latest/dg/chime-sdk-meetings-regions.html
   */
  meetingRegion: 'meetingRegion',
  /** `true` (default) asks the callee to press 1 first, so voicemail never joins; `false` joins on answer. */
  confirm: 'confirm',
} as const;

/** The Arguments key of a call update. */
export const CALL_UPDATE_ACTION = 'action';

/**
 * What a call update can ask of the phone attendee: `mute`, `unmute`, `remove`, or `admit` a caller
 * from the waiting room into the meeting.
 */
export type CallUpdateAction = 'mute' | 'unmute' | 'remove' | 'admit';

/** Every call update action. */
export const CALL_UPDATE_ACTIONS: readonly CallUpdateAction[] = ['mute', 'unmute', 'remove', 'admit'];

/** Chime SDK meeting IDs are UUIDs. */
export const MEETING_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
