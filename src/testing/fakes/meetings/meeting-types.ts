/** An attendee media capability, as in the Chime SDK Meetings API. */
export type MediaCapability = 'SendReceive' | 'Send' | 'Receive' | 'None';

/** What an attendee may send and receive. */
export interface AttendeeMediaCapabilities {
  /** Audio capability. */
  readonly audio: MediaCapability;
  /** Video capability. */
  readonly video: MediaCapability;
  /** Content-share capability. */
  readonly content: MediaCapability;
}

/** A live meeting as the fake holds it. */
export interface MeetingSnapshot {
  /** The meeting ID (UUID). */
  readonly meetingId: string;
  /** The meeting ARN. */
  readonly meetingArn: string;
  /** The control Region that created the meeting, the only one that can manage it. */
  readonly controlRegion: string;
  /** The caller's ExternalMeetingId. */
  readonly externalMeetingId: string;
  /** The media Region. */
  readonly mediaRegion: string;
  /** The primary meeting of a replica. */
  readonly primaryMeetingId?: string;
  /** When the meeting was created (fake clock, ms since the epoch). */
  readonly createdAt: number;
  /** How many attendees the meeting admits (MeetingFeatures.Attendee.MaxCount, else 250; 25 with FHD video or UHD content). */
  readonly maxAttendees: number;
  /** How many attendees exist (connected or not). */
  readonly attendeeCount: number;
  /** The attendees currently connected to media (see `markAttendeeConnected`). */
  readonly connectedAttendeeIds: readonly string[];
}

/** An attendee as the fake holds it. */
export interface AttendeeSnapshot {
  /** The meeting the attendee belongs to. */
  readonly meetingId: string;
  /** The attendee ID (UUID). */
  readonly attendeeId: string;
  /** The caller's ExternalUserId. */
  readonly externalUserId: string;
  /** The join token; valid as long as the attendee exists. */
  readonly joinToken: string;
  /** What the attendee may send and receive. */
  readonly capabilities: AttendeeMediaCapabilities;
  /** Whether the attendee is connected to the meeting's media (a joined phone leg counts). */
  readonly connected: boolean;
  /** When the attendee was created (fake clock). */
  readonly createdAt: number;
}

/** What a join token resolves to. */
export interface JoinTokenResolution {
  /** The meeting. */
  readonly meeting: MeetingSnapshot;
  /** The attendee the token belongs to. */
  readonly attendee: AttendeeSnapshot;
}

/**
 * Why a meeting ended:
 * - `deleted`: DeleteMeeting;
 * - `idle`: no attendee connected for the idle timeout (5 minutes);
 * - `max-duration`: it ran for the maximum duration (24 hours);
 * - `primary-ended`: it was a replica and its primary ended;
 * - `ended-by-test`: `endMeeting()` was called.
 */
export type MeetingEndReason = 'deleted' | 'idle' | 'max-duration' | 'primary-ended' | 'ended-by-test';

/** A meeting has ended; its attendees were deleted first (each with an {@link AttendeeDeletedEvent}). */
export interface MeetingEndedEvent {
  /** The meeting as it was just before it ended (attendee counts as they were). */
  readonly meeting: MeetingSnapshot;
  /** Why it ended. */
  readonly reason: MeetingEndReason;
  /** When it ended (fake clock). For timeouts this is the exact deadline, even if the clock jumped past it. */
  readonly endedAt: number;
}

/** Why an attendee was deleted: DeleteAttendee, or its meeting ended. */
export type AttendeeDeletionReason = 'deleted' | 'meeting-ended';

/** An attendee was deleted; its join token no longer resolves. */
export interface AttendeeDeletedEvent {
  /** The attendee as it was. */
  readonly attendee: AttendeeSnapshot;
  /** Why it was deleted. */
  readonly reason: AttendeeDeletionReason;
  /** When (fake clock). */
  readonly deletedAt: number;
}

/** A meeting that has ended, for assertions. */
export interface EndedMeetingRecord {
  /** The meeting as it was just before it ended. */
  readonly meeting: MeetingSnapshot;
  /** Why it ended. */
  readonly reason: MeetingEndReason;
  /** When it ended (fake clock). */
  readonly endedAt: number;
}
