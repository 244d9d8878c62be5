import { MEETING_MEDIA_REGIONS } from '../../../private/meeting-regions';
import type { IdStream, SeededIds } from '../ids';
import { FakeServiceError, badRequest, notFound } from '../service-error';
import type {
  AttendeeDeletedEvent,
  AttendeeDeletionReason,
  AttendeeMediaCapabilities,
  AttendeeSnapshot,
  EndedMeetingRecord,
  JoinTokenResolution,
  MediaCapability,
  MeetingEndReason,
  MeetingEndedEvent,
  MeetingSnapshot,
} from './meeting-types';

/** MeetingFeatures as sent on the wire. */
export interface MeetingFeaturesParams {
  readonly Audio?: { readonly EchoReduction?: string };
  readonly Video?: { readonly MaxResolution?: string };
  readonly Content?: { readonly MaxResolution?: string };
  readonly Attendee?: { readonly MaxCount?: number };
}

/** A CreateMeeting request (already checked against the model). */
export interface CreateMeetingParams {
  readonly ClientRequestToken: string;
  readonly MediaRegion: string;
  readonly ExternalMeetingId: string;
  readonly MeetingHostId?: string;
  readonly MeetingFeatures?: MeetingFeaturesParams;
  readonly PrimaryMeetingId?: string;
  readonly TenantIds?: readonly string[];
  readonly [other: string]: unknown;
}

/** One attendee to create, as sent on the wire. */
export interface CreateAttendeeParams {
  readonly ExternalUserId: string;
  readonly Capabilities?: { readonly Audio: MediaCapability; readonly Video: MediaCapability; readonly Content: MediaCapability };
}

/** A per-attendee failure of a batch create. */
export interface AttendeeCreationError {
  readonly externalUserId: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** What a batch create made and refused. */
export interface AttendeeBatchResult {
  readonly attendees: AttendeeRecord[];
  readonly errors: AttendeeCreationError[];
}

/** A live meeting with everything the fake keeps about it. */
export interface MeetingRecord {
  readonly meetingId: string;
  /** The control Region whose endpoint created the meeting: the only one that can manage it. */
  readonly controlRegion: string;
  readonly meetingArn: string;
  readonly externalMeetingId: string;
  readonly mediaRegion: string;
  readonly meetingHostId?: string;
  readonly primaryMeetingId?: string;
  readonly tenantIds?: readonly string[];
  readonly meetingFeatures?: MeetingFeaturesParams;
  readonly createdAt: number;
  readonly maxAttendees: number;
  readonly clientRequestToken: string;
  readonly requestFingerprint: string;
  /** Names the meeting's (fictional) media hosts. */
  readonly mediaHostLabel: string;
  /** When the last connected attendee left (or the meeting was created); undefined while someone is connected. */
  idleSince: number | undefined;
  readonly attendees: Map<string, AttendeeRecord>;
}

/** An attendee with everything the fake keeps about it. */
export interface AttendeeRecord {
  readonly meetingId: string;
  readonly attendeeId: string;
  readonly externalUserId: string;
  readonly joinToken: string;
  readonly capabilities: AttendeeMediaCapabilities;
  connected: boolean;
  readonly createdAt: number;
}

/** Limits and timeouts of the meetings fake. */
export interface MeetingStoreLimits {
  /** No attendee connected for this long ends a meeting. */
  readonly idleTimeoutMs: number;
  /** A meeting ends after this long regardless. */
  readonly maxDurationMs: number;
  /** Live meetings per account and Region. */
  readonly maxConcurrentMeetings: number;
}

/** Where the store gets time, identifiers and ARN parts. */
export interface MeetingStoreContext {
  readonly now: () => number;
  readonly ids: SeededIds;
  readonly region: string;
  readonly accountId: string;
}


/** Attendees per meeting: 250, not adjustable. */
export const DEFAULT_MAX_ATTENDEES = 250;
/** With FHD video or UHD content the attendee maximum drops to 25. */
export const HIGH_RESOLUTION_MAX_ATTENDEES = 25;
/** Join tokens are 2 to 2048 characters; ours are a fixed, realistic length. */
const JOIN_TOKEN_LENGTH = 120;
const RESERVED_PREFIX = 'aws:';
const SENDING_OR_RECEIVING: readonly MediaCapability[] = ['SendReceive', 'Send', 'Receive'];
const RECEIVING: readonly MediaCapability[] = ['SendReceive', 'Receive'];

/**
 * The state and lifecycle of the fake's meetings and attendees: creation with the service's
 * idempotency rules, the attendee limit, join tokens, connection tracking, automatic meeting end
 * and the events the simulator listens to. Knows nothing about HTTP.
 */
export class MeetingStore {
  private readonly meetings = new Map<string, MeetingRecord>();
  private readonly meetingIdByAttendeeId = new Map<string, string>();
  private readonly attendeeIdByJoinToken = new Map<string, string>();
  private readonly meetingIdByClientRequestToken = new Map<string, string>();
  private readonly issuedJoinTokens = new Set<string>();
  private readonly ended: EndedMeetingRecord[] = [];
  private readonly meetingEndedListeners = new Set<(event: MeetingEndedEvent) => void>();
  private readonly attendeeDeletedListeners = new Set<(event: AttendeeDeletedEvent) => void>();
  private readonly attendeeCreatedListeners = new Set<(attendee: AttendeeSnapshot) => void>();
  private readonly meetingIds: IdStream;
  private readonly attendeeIds: IdStream;
  private readonly joinTokens: IdStream;
  private readonly hostIds: IdStream;

  constructor(private readonly context: MeetingStoreContext, private readonly limits: MeetingStoreLimits) {
    this.meetingIds = context.ids.stream('meeting');
    this.attendeeIds = context.ids.stream('attendee');
    this.joinTokens = context.ids.stream('join-token');
    this.hostIds = context.ids.stream('media-host');
  }

  /**
   * Creates a meeting, or returns the live meeting an identical earlier request with the same
   * ClientRequestToken created. The same token with different parameters is a ConflictException.
   */
  public createMeeting(params: CreateMeetingParams, controlRegion: string = this.context.region): MeetingRecord {
    const fingerprint = stableStringify({ ...params, ClientRequestToken: undefined, Attendees: undefined, controlRegion });
    const earlierId = this.meetingIdByClientRequestToken.get(params.ClientRequestToken);
    const earlier = earlierId === undefined ? undefined : this.meetings.get(earlierId);
    if (earlier) {
      if (earlier.requestFingerprint !== fingerprint) {
        throw new FakeServiceError('ConflictException', 'The ClientRequestToken was already used for a meeting with different parameters');
      }
      return earlier;
    }
    this.checkMeetingParams(params);
    if (this.meetings.size >= this.limits.maxConcurrentMeetings) {
      throw new FakeServiceError('LimitExceededException', `The account already has ${this.meetings.size} active meetings, the maximum`);
    }
    const meetingId = this.meetingIds.uuid();
    const now = this.context.now();
    const meeting: MeetingRecord = {
      meetingId,
      controlRegion,
      meetingArn: `arn:aws:chime:${controlRegion}:${this.context.accountId}:meeting/${meetingId}`,
      externalMeetingId: params.ExternalMeetingId,
      mediaRegion: params.MediaRegion,
      meetingHostId: params.MeetingHostId,
      primaryMeetingId: params.PrimaryMeetingId,
      tenantIds: params.TenantIds,
      meetingFeatures: params.MeetingFeatures,
      createdAt: now,
      maxAttendees: maxAttendeesFor(params.MeetingFeatures),
      clientRequestToken: params.ClientRequestToken,
      requestFingerprint: fingerprint,
      mediaHostLabel: this.hostIds.uuid().replace(/-/g, '').slice(0, 16),
      idleSince: now,
      attendees: new Map(),
    };
    this.meetings.set(meetingId, meeting);
    this.meetingIdByClientRequestToken.set(params.ClientRequestToken, meetingId);
    return meeting;
  }

  /** A live meeting, or NotFoundException. */
  public requireMeeting(meetingId: string): MeetingRecord {
    const meeting = this.meetings.get(meetingId);
    if (!meeting) {
      throw notFound(`The meeting ${meetingId} does not exist or has ended`);
    }
    return meeting;
  }

  /**
   * A live meeting as the control Region `region` sees it: a meeting created in another control
   * Region does not exist there (NotFoundException), because "you can only update a meeting in the
   * control region used to create it"
   * (https://docs.aws.amazon.com/chime-sdk/latest/dg/chime-sdk-meetings-regions.html).
   */
  public requireMeetingIn(meetingId: string, region: string): MeetingRecord {
    const meeting = this.requireMeeting(meetingId);
    if (meeting.controlRegion !== region) {
      throw notFound(`The meeting ${meetingId} does not exist or has ended`);
    }
    return meeting;
  }

  /** An attendee of a live meeting, or NotFoundException. */
  public requireAttendee(meetingId: string, attendeeId: string): AttendeeRecord {
    const attendee = this.requireMeeting(meetingId).attendees.get(attendeeId);
    if (!attendee) {
      throw notFound(`The attendee ${attendeeId} does not exist in meeting ${meetingId}`);
    }
    return attendee;
  }

  /**
   * Creates an attendee, or returns the existing one with the same ExternalUserId in this meeting
   * (the docs call ExternalUserId an idempotency token). LimitExceededException when the meeting is full.
   */
  public createAttendee(meetingId: string, params: CreateAttendeeParams): AttendeeRecord {
    const meeting = this.requireMeeting(meetingId);
    const existing = findByExternalUserId(meeting, params.ExternalUserId);
    if (existing) {
      return existing;
    }
    const capabilities = this.checkAttendeeParams(meeting, params);
    if (meeting.attendees.size >= meeting.maxAttendees) {
      throw new FakeServiceError('LimitExceededException', `The meeting ${meetingId} already has ${meeting.attendees.size} attendees, its maximum`);
    }
    return this.addAttendee(meeting, params.ExternalUserId, capabilities);
  }

  /**
   * Creates several attendees. Invalid items are reported per item, the rest are created; if the
   * new attendees would not fit in the meeting, nothing is created and LimitExceededException is thrown.
   */
  public createAttendees(meetingId: string, items: readonly CreateAttendeeParams[]): AttendeeBatchResult {
    const meeting = this.requireMeeting(meetingId);
    const errors: AttendeeCreationError[] = [];
    const accepted: CreateAttendeeParams[] = [];
    for (const item of items) {
      try {
        if (!findByExternalUserId(meeting, item.ExternalUserId)) {
          this.checkAttendeeParams(meeting, item);
        }
        accepted.push(item);
      } catch (error) {
        if (!(error instanceof FakeServiceError)) {
          throw error;
        }
        errors.push({ externalUserId: item.ExternalUserId, errorCode: 'BadRequest', errorMessage: error.message });
      }
    }
    const newExternalUserIds = new Set(accepted.map((item) => item.ExternalUserId).filter((id) => !findByExternalUserId(meeting, id)));
    if (meeting.attendees.size + newExternalUserIds.size > meeting.maxAttendees) {
      throw new FakeServiceError('LimitExceededException',
        `${newExternalUserIds.size} new attendees do not fit in meeting ${meetingId}: it has ${meeting.attendees.size} of ${meeting.maxAttendees}`);
    }
    return { attendees: accepted.map((item) => this.createAttendee(meetingId, item)), errors };
  }

  /** The attendees of a live meeting in creation order. */
  public listAttendees(meetingId: string): AttendeeRecord[] {
    return [...this.requireMeeting(meetingId).attendees.values()];
  }

  /** Deletes an attendee (NotFoundException if unknown); its join token stops working. */
  public deleteAttendee(meetingId: string, attendeeId: string): void {
    const meeting = this.requireMeeting(meetingId);
    const attendee = this.requireAttendee(meetingId, attendeeId);
    this.removeAttendee(meeting, attendee, 'deleted', this.context.now());
  }

  /** Ends a live meeting (NotFoundException if unknown or already ended). */
  public endMeeting(meetingId: string, reason: MeetingEndReason): void {
    this.finishMeeting(this.requireMeeting(meetingId), reason, this.context.now());
  }

  /** The live meetings in creation order. */
  public liveMeetings(): MeetingRecord[] {
    return [...this.meetings.values()];
  }

  /** The meetings that have ended, in the order they ended. */
  public endedMeetings(): EndedMeetingRecord[] {
    return [...this.ended];
  }

  /** The meeting and attendee a join token belongs to, while both exist. */
  public resolveJoinToken(joinToken: string): { meeting: MeetingRecord; attendee: AttendeeRecord } | undefined {
    const attendeeId = this.attendeeIdByJoinToken.get(joinToken);
    const meetingId = attendeeId === undefined ? undefined : this.meetingIdByAttendeeId.get(attendeeId);
    const meeting = meetingId === undefined ? undefined : this.meetings.get(meetingId);
    const attendee = attendeeId === undefined ? undefined : meeting?.attendees.get(attendeeId);
    return meeting && attendee ? { meeting, attendee } : undefined;
  }

  /** Whether this store ever issued `joinToken` (the attendee may be gone since). */
  public issuedJoinToken(joinToken: string): boolean {
    return this.issuedJoinTokens.has(joinToken);
  }

  /**
   * Records that an attendee's media connected or disconnected. A meeting with no connected
   * attendee ends after the idle timeout. Connecting an unknown attendee is an error;
   * disconnecting one that is already gone is not (its meeting may have ended first).
   */
  public markAttendeeConnected(attendeeId: string, connected: boolean): void {
    const meetingId = this.meetingIdByAttendeeId.get(attendeeId);
    const attendee = meetingId === undefined ? undefined : this.meetings.get(meetingId)?.attendees.get(attendeeId);
    if (!attendee) {
      if (connected) {
        throw new Error(`markAttendeeConnected: no live attendee ${attendeeId}`);
      }
      return;
    }
    attendee.connected = connected;
    this.refreshIdleSince(this.meetings.get(attendee.meetingId)!, this.context.now());
  }

  /** Ends every meeting whose idle timeout or maximum duration has passed by `now`, earliest deadline first. */
  public endExpiredMeetings(now: number): void {
    for (;;) {
      let next: { meeting: MeetingRecord; at: number; reason: MeetingEndReason } | undefined;
      for (const meeting of this.meetings.values()) {
        const deadline = this.deadlineOf(meeting);
        if (deadline.at <= now && (!next || deadline.at < next.at)) {
          next = { meeting, ...deadline };
        }
      }
      if (!next) {
        return;
      }
      this.finishMeeting(next.meeting, next.reason, next.at);
    }
  }

  /** Adds a listener; returns the function that removes it. */
  public onMeetingEnded(listener: (event: MeetingEndedEvent) => void): () => void {
    this.meetingEndedListeners.add(listener);
    return () => this.meetingEndedListeners.delete(listener);
  }

  /** Adds a listener, told of every attendee created (not of an existing one handed back); returns the function that removes it. */
  public onAttendeeCreated(listener: (attendee: AttendeeSnapshot) => void): () => void {
    this.attendeeCreatedListeners.add(listener);
    return () => this.attendeeCreatedListeners.delete(listener);
  }

  /** Adds a listener; returns the function that removes it. */
  public onAttendeeDeleted(listener: (event: AttendeeDeletedEvent) => void): () => void {
    this.attendeeDeletedListeners.add(listener);
    return () => this.attendeeDeletedListeners.delete(listener);
  }

  /** A read-only copy of a meeting. */
  public meetingSnapshot(meeting: MeetingRecord): MeetingSnapshot {
    return {
      meetingId: meeting.meetingId,
      meetingArn: meeting.meetingArn,
      controlRegion: meeting.controlRegion,
      externalMeetingId: meeting.externalMeetingId,
      mediaRegion: meeting.mediaRegion,
      primaryMeetingId: meeting.primaryMeetingId,
      createdAt: meeting.createdAt,
      maxAttendees: meeting.maxAttendees,
      attendeeCount: meeting.attendees.size,
      connectedAttendeeIds: [...meeting.attendees.values()].filter((attendee) => attendee.connected).map((attendee) => attendee.attendeeId),
    };
  }

  /** A read-only copy of an attendee. */
  public attendeeSnapshot(attendee: AttendeeRecord): AttendeeSnapshot {
    return { ...attendee, capabilities: { ...attendee.capabilities } };
  }

  private checkMeetingParams(params: CreateMeetingParams): void {
    if (params.ExternalMeetingId.toLowerCase().startsWith(RESERVED_PREFIX)) {
      throw badRequest(`ExternalMeetingId must not start with the reserved prefix "${RESERVED_PREFIX}"`);
    }
    if (!MEETING_MEDIA_REGIONS.includes(params.MediaRegion)) {
      throw badRequest(`MediaRegion ${params.MediaRegion} is not a meeting media Region`);
    }
    if (params.PrimaryMeetingId !== undefined) {
      const primary = this.meetings.get(params.PrimaryMeetingId);
      if (!primary) {
        throw badRequest(`PrimaryMeetingId ${params.PrimaryMeetingId} is not an active meeting`);
      }
      if (primary.primaryMeetingId !== undefined) {
        throw badRequest('A replica meeting cannot be the primary of another replica');
      }
    }
  }

  private checkAttendeeParams(meeting: MeetingRecord, params: CreateAttendeeParams): AttendeeMediaCapabilities {
    if (params.ExternalUserId.toLowerCase().startsWith(RESERVED_PREFIX)) {
      throw badRequest(`ExternalUserId must not start with the reserved prefix "${RESERVED_PREFIX}"`);
    }
    const videoOff = meeting.meetingFeatures?.Video?.MaxResolution === 'None';
    const contentOff = meeting.meetingFeatures?.Content?.MaxResolution === 'None';
    const capabilities: AttendeeMediaCapabilities = params.Capabilities
      ? { audio: params.Capabilities.Audio, video: params.Capabilities.Video, content: params.Capabilities.Content }
      // Receiving content needs receiving video, so a meeting without video defaults content to None as well.
      : { audio: 'SendReceive', video: videoOff ? 'None' : 'SendReceive', content: contentOff || videoOff ? 'None' : 'SendReceive' };
    if (RECEIVING.includes(capabilities.content) && !RECEIVING.includes(capabilities.video)) {
      throw badRequest('Content capabilities SendReceive or Receive need video capabilities SendReceive or Receive');
    }
    if (videoOff && SENDING_OR_RECEIVING.includes(capabilities.video)) {
      throw badRequest('The meeting has video MaxResolution None: attendee video capability must be None');
    }
    if (contentOff && SENDING_OR_RECEIVING.includes(capabilities.content)) {
      throw badRequest('The meeting has content MaxResolution None: attendee content capability must be None');
    }
    return capabilities;
  }

  private addAttendee(meeting: MeetingRecord, externalUserId: string, capabilities: AttendeeMediaCapabilities): AttendeeRecord {
    const attendee: AttendeeRecord = {
      meetingId: meeting.meetingId,
      attendeeId: this.attendeeIds.uuid(),
      externalUserId,
      joinToken: this.newJoinToken(),
      capabilities,
      connected: false,
      createdAt: this.context.now(),
    };
    meeting.attendees.set(attendee.attendeeId, attendee);
    this.meetingIdByAttendeeId.set(attendee.attendeeId, meeting.meetingId);
    this.attendeeIdByJoinToken.set(attendee.joinToken, attendee.attendeeId);
    for (const listener of [...this.attendeeCreatedListeners]) {
      listener(this.attendeeSnapshot(attendee));
    }
    return attendee;
  }

  private newJoinToken(): string {
    let token = this.joinTokens.token(JOIN_TOKEN_LENGTH);
    while (this.issuedJoinTokens.has(token)) {
      token = this.joinTokens.token(JOIN_TOKEN_LENGTH);
    }
    this.issuedJoinTokens.add(token);
    return token;
  }

  private removeAttendee(meeting: MeetingRecord, attendee: AttendeeRecord, reason: AttendeeDeletionReason, at: number): void {
    meeting.attendees.delete(attendee.attendeeId);
    this.meetingIdByAttendeeId.delete(attendee.attendeeId);
    this.attendeeIdByJoinToken.delete(attendee.joinToken);
    if (reason === 'deleted') {
      this.refreshIdleSince(meeting, at);
    }
    const event: AttendeeDeletedEvent = { attendee: this.attendeeSnapshot(attendee), reason, deletedAt: at };
    for (const listener of [...this.attendeeDeletedListeners]) {
      listener(event);
    }
  }

  private finishMeeting(meeting: MeetingRecord, reason: MeetingEndReason, at: number): void {
    if (!this.meetings.has(meeting.meetingId)) {
      return;
    }
    const snapshot = this.meetingSnapshot(meeting);
    this.meetings.delete(meeting.meetingId);
    this.meetingIdByClientRequestToken.delete(meeting.clientRequestToken);
    for (const attendee of [...meeting.attendees.values()]) {
      this.removeAttendee(meeting, attendee, 'meeting-ended', at);
    }
    const record: EndedMeetingRecord = { meeting: snapshot, reason, endedAt: at };
    this.ended.push(record);
    for (const listener of [...this.meetingEndedListeners]) {
      listener(record);
    }
    for (const replica of [...this.meetings.values()].filter((candidate) => candidate.primaryMeetingId === meeting.meetingId)) {
      this.finishMeeting(replica, 'primary-ended', at);
    }
  }

  private refreshIdleSince(meeting: MeetingRecord, now: number): void {
    const anyoneConnected = [...meeting.attendees.values()].some((attendee) => attendee.connected);
    if (anyoneConnected) {
      meeting.idleSince = undefined;
    } else {
      meeting.idleSince ??= now;
    }
  }

  private deadlineOf(meeting: MeetingRecord): { at: number; reason: MeetingEndReason } {
    const maxDurationAt = meeting.createdAt + this.limits.maxDurationMs;
    const idleAt = meeting.idleSince === undefined ? Infinity : meeting.idleSince + this.limits.idleTimeoutMs;
    return idleAt < maxDurationAt ? { at: idleAt, reason: 'idle' } : { at: maxDurationAt, reason: 'max-duration' };
  }
}

/** A resolved join token as snapshots. */
export function toResolution(store: MeetingStore, found: { meeting: MeetingRecord; attendee: AttendeeRecord }): JoinTokenResolution {
  return { meeting: store.meetingSnapshot(found.meeting), attendee: store.attendeeSnapshot(found.attendee) };
}

function findByExternalUserId(meeting: MeetingRecord, externalUserId: string): AttendeeRecord | undefined {
  return [...meeting.attendees.values()].find((attendee) => attendee.externalUserId === externalUserId);
}

function maxAttendeesFor(features: MeetingFeaturesParams | undefined): number {
  const highResolution = features?.Video?.MaxResolution === 'FHD' || features?.Content?.MaxResolution === 'UHD';
  const ceiling = highResolution ? HIGH_RESOLUTION_MAX_ATTENDEES : DEFAULT_MAX_ATTENDEES;
  return Math.min(features?.Attendee?.MaxCount ?? ceiling, ceiling);
}

/** JSON with sorted keys, so that two equal requests compare equal whatever their member order. */
function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member !== 'object' || member === null || Array.isArray(member)) {
      return member;
    }
    return Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
