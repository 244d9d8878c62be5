import { FakeService } from '../fake-service';
import type { FakeServiceOptions } from '../fake-service';
import type { OperationHandler, RequestContext } from '../http-server';
import type { IdStream } from '../ids';
import type { JsonObject } from '../json';
import { formatValidationIssues, validateInput } from '../model-validator';
import { MEETINGS_MODEL } from '../models/meetings-model.generated';
import { paginate } from '../paging';
import { badRequest } from '../service-error';
import { MeetingStore, toResolution } from './meeting-store';
import type { AttendeeBatchResult, AttendeeRecord, CreateAttendeeParams, CreateMeetingParams, MeetingRecord } from './meeting-store';
import type {
  AttendeeDeletedEvent,
  AttendeeSnapshot,
  EndedMeetingRecord,
  JoinTokenResolution,
  MeetingEndedEvent,
  MeetingSnapshot,
} from './meeting-types';

/** What {@link FakeMeetingsService.createMeeting} needs: the CreateMeeting essentials. */
export interface FakeMeetingInit {
  /** The ExternalMeetingId, 2 to 64 characters. */
  readonly externalMeetingId: string;
  /** The media Region. Default: the fake's Region. */
  readonly mediaRegion?: string;
  /**
   * The control Region that creates the meeting, as if CreateMeeting were sent to its endpoint; only
   * that Region can manage it. Default: the fake's Region.
   */
  readonly controlRegion?: string;
}

/** Options of {@link FakeMeetingsService}. */
export interface FakeMeetingsServiceOptions extends FakeServiceOptions {
  /** A meeting with no attendee connected for this long ends. Default: 5 minutes (the documented value). */
  readonly idleTimeoutMs?: number;
  /** A meeting ends this long after creation regardless. Default: 24 hours. */
  readonly maxDurationMs?: number;
  /** Live meetings the account may have. Default: 250 (the default quota). */
  readonly maxConcurrentMeetings?: number;
}

const MINUTE_MS = 60_000;
const DEFAULT_LIST_PAGE_SIZE = 100;

/**
 * A fake Amazon Chime SDK Meetings service (API 2021-07-15) on 127.0.0.1, for the real
 * `@aws-sdk/client-chime-sdk-meetings` client:
 *
 * ```ts
 * const meetings = new FakeMeetingsService({ clock });
 * const client = new ChimeSDKMeetingsClient({ endpoint: await meetings.start(), region: 'us-east-1',
 *   credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
 * ```
 *
 * Serves CreateMeeting, CreateMeetingWithAttendees, GetMeeting, DeleteMeeting, CreateAttendee,
 * BatchCreateAttendee, GetAttendee, ListAttendees and DeleteAttendee, validated against the
 * service model. Behaviour follows the docs: meetings end on DeleteMeeting, after 5 minutes with no
 * attendee connected and after 24 hours (on the fake's clock); at most 250 attendees (or
 * `MeetingFeatures.Attendee.MaxCount`); ExternalUserId and ClientRequestToken are idempotency
 * tokens; join tokens die with their attendee or meeting.
 *
 * The simulator joins phone legs through {@link resolveJoinToken} and {@link markAttendeeConnected},
 * and drops them on {@link onAttendeeDeleted} / {@link onMeetingEnded}.
 */
export class FakeMeetingsService extends FakeService {
  private readonly store: MeetingStore;
  private clientRequestTokens?: IdStream;

  /** @param options clock, seed, Region, timeouts and limits */
  constructor(options: FakeMeetingsServiceOptions = {}) {
    super(MEETINGS_MODEL, options);
    this.store = new MeetingStore(
      { now: () => this.clock.now(), ids: this.ids, region: this.region, accountId: this.accountId },
      {
        idleTimeoutMs: options.idleTimeoutMs ?? 5 * MINUTE_MS,
        maxDurationMs: options.maxDurationMs ?? 24 * 60 * MINUTE_MS,
        maxConcurrentMeetings: options.maxConcurrentMeetings ?? 250,
      },
    );
  }

  /** The meeting and attendee a join token belongs to, or `undefined` once either is gone. */
  public resolveJoinToken(joinToken: string): JoinTokenResolution | undefined {
    this.catchUpWithClock();
    const found = this.store.resolveJoinToken(joinToken);
    return found && toResolution(this.store, found);
  }

  /**
   * Whether the fake ever issued this join token, even if its attendee or meeting is gone since: tells
   * a token that expired apart from one that never existed.
   */
  public wasJoinTokenIssued(joinToken: string): boolean {
    return this.store.issuedJoinToken(joinToken);
  }

  /**
   * Records that an attendee's media (e.g. a phone leg) connected or disconnected. While nobody
   * is connected, a meeting's idle timeout runs. Throws when connecting an attendee that does not
   * exist; disconnecting one that is already gone does nothing.
   */
  public markAttendeeConnected(attendeeId: string, connected: boolean): void {
    this.catchUpWithClock();
    this.store.markAttendeeConnected(attendeeId, connected);
  }

  /**
   * Creates a meeting without HTTP, as CreateMeeting would (same checks, seeded IDs), e.g. for a
   * scenario's meetings. Throws {@link FakeServiceError} `BadRequestException` for invalid input.
   */
  public createMeeting(init: FakeMeetingInit): MeetingSnapshot {
    this.catchUpWithClock();
    this.clientRequestTokens ??= this.ids.stream('programmatic-client-request-token');
    const input: JsonObject = {
      ClientRequestToken: this.clientRequestTokens.uuid(),
      ExternalMeetingId: init.externalMeetingId,
      MediaRegion: init.mediaRegion ?? this.region,
    };
    checkInput('CreateMeeting', input);
    return this.store.meetingSnapshot(this.store.createMeeting(asParams<CreateMeetingParams>(input), init.controlRegion ?? this.region));
  }

  /**
   * Creates an attendee without HTTP, as CreateAttendee would (audio only, as for a phone caller).
   * Throws {@link FakeServiceError} (`BadRequestException`, `NotFoundException`, ...) like the operation.
   */
  public createAttendee(meetingId: string, externalUserId: string): AttendeeSnapshot {
    this.catchUpWithClock();
    const input: JsonObject = { MeetingId: meetingId, ExternalUserId: externalUserId, Capabilities: { Audio: 'SendReceive', Video: 'None', Content: 'None' } };
    checkInput('CreateAttendee', input);
    return this.store.attendeeSnapshot(this.store.createAttendee(meetingId, asParams<CreateAttendeeParams>(input)));
  }

  /** Deletes an attendee without HTTP, as DeleteAttendee would. @returns whether it existed */
  public deleteAttendee(meetingId: string, attendeeId: string): boolean {
    this.catchUpWithClock();
    if (!this.attendees(meetingId).some((attendee) => attendee.attendeeId === attendeeId)) {
      return false;
    }
    this.store.deleteAttendee(meetingId, attendeeId);
    return true;
  }

  /** Ends a live meeting as if it were deleted out of band. @returns whether it was live */
  public endMeeting(meetingId: string): boolean {
    this.catchUpWithClock();
    if (!this.liveMeetings().some((meeting) => meeting.meetingId === meetingId)) {
      return false;
    }
    this.store.endMeeting(meetingId, 'ended-by-test');
    return true;
  }

  /** The live meetings, in creation order. */
  public liveMeetings(): MeetingSnapshot[] {
    this.catchUpWithClock();
    return this.store.liveMeetings().map((meeting) => this.store.meetingSnapshot(meeting));
  }

  /** The meetings that have ended, with why and when. */
  public endedMeetings(): EndedMeetingRecord[] {
    this.catchUpWithClock();
    return this.store.endedMeetings();
  }

  /** The attendees of a live meeting (empty when the meeting does not exist). */
  public attendees(meetingId: string): AttendeeSnapshot[] {
    this.catchUpWithClock();
    const meeting = this.store.liveMeetings().find((candidate) => candidate.meetingId === meetingId);
    return meeting ? [...meeting.attendees.values()].map((attendee) => this.store.attendeeSnapshot(attendee)) : [];
  }

  /**
   * Calls `listener` for every attendee deleted by DeleteAttendee or by its meeting's end.
   * @returns a function that removes the listener
   */
  public onAttendeeDeleted(listener: (event: AttendeeDeletedEvent) => void): () => void {
    return this.store.onAttendeeDeleted(listener);
  }

  /**
   * Calls `listener` for every attendee created (by CreateAttendee, BatchCreateAttendee or
   * CreateMeetingWithAttendees); an existing attendee handed back for its ExternalUserId is not new.
   * @returns a function that removes the listener
   */
  public onAttendeeCreated(listener: (attendee: AttendeeSnapshot) => void): () => void {
    return this.store.onAttendeeCreated(listener);
  }

  /**
   * Calls `listener` whenever a meeting ends, after the events of its attendees.
   * @returns a function that removes the listener
   */
  public onMeetingEnded(listener: (event: MeetingEndedEvent) => void): () => void {
    return this.store.onMeetingEnded(listener);
  }

  protected applyTime(now: number): void {
    this.store.endExpiredMeetings(now);
  }

  protected redactedOutputMembers(): readonly string[] {
    return ['JoinToken'];
  }

  /**
   * Every operation answers in the control Region the request addressed (its per-Region endpoint or
   * its SigV4 credential scope; the fake's Region for an unsigned request): a meeting belongs to the
   * Region that created it, and from any other Region it does not exist
   * (https://docs.aws.amazon.com/chime-sdk/latest/dg/chime-sdk-meetings-regions.html).
   */
  protected operationHandlers(): Record<string, OperationHandler> {
    const regionOf = (context: RequestContext) => context.region ?? this.region;
    const meetingOf = (input: JsonObject, context: RequestContext) => this.store.requireMeetingIn(String(input.MeetingId), regionOf(context));
    return {
      CreateMeeting: (input, context) => ({
        Meeting: this.wireMeeting(this.store.createMeeting(asParams<CreateMeetingParams>(input), regionOf(context))),
      }),
      CreateMeetingWithAttendees: (input, context) => this.createMeetingWithAttendees(input, regionOf(context)),
      GetMeeting: (input, context) => ({ Meeting: this.wireMeeting(meetingOf(input, context)) }),
      DeleteMeeting: (input, context) => {
        this.store.endMeeting(meetingOf(input, context).meetingId, 'deleted');
      },
      CreateAttendee: (input, context) => ({
        Attendee: wireAttendee(this.store.createAttendee(meetingOf(input, context).meetingId, asParams<CreateAttendeeParams>(input))),
      }),
      BatchCreateAttendee: (input, context) => {
        const items = asParams<{ Attendees: CreateAttendeeParams[] }>(input).Attendees;
        return wireBatch(this.store.createAttendees(meetingOf(input, context).meetingId, items));
      },
      GetAttendee: (input, context) => ({
        Attendee: wireAttendee(this.store.requireAttendee(meetingOf(input, context).meetingId, String(input.AttendeeId))),
      }),
      ListAttendees: (input, context) => this.listAttendees(meetingOf(input, context).meetingId, input),
      DeleteAttendee: (input, context) => {
        this.store.deleteAttendee(meetingOf(input, context).meetingId, String(input.AttendeeId));
      },
    };
  }

  private createMeetingWithAttendees(input: JsonObject, controlRegion: string): JsonObject {
    const params = asParams<CreateMeetingParams & { Attendees: CreateAttendeeParams[] }>(input);
    const meeting = this.store.createMeeting(params, controlRegion);
    return { Meeting: this.wireMeeting(meeting), ...wireBatch(this.store.createAttendees(meeting.meetingId, params.Attendees)) };
  }

  private listAttendees(meetingId: string, input: JsonObject): JsonObject {
    const attendees = this.store.listAttendees(meetingId);
    const pageSize = typeof input.MaxResults === 'number' ? input.MaxResults : DEFAULT_LIST_PAGE_SIZE;
    const page = paginate(attendees, pageSize, input.NextToken === undefined ? undefined : String(input.NextToken));
    return { Attendees: page.items.map(wireAttendee), NextToken: page.nextToken };
  }

  private wireMeeting(meeting: MeetingRecord): JsonObject {
    return {
      MeetingId: meeting.meetingId,
      MeetingHostId: meeting.meetingHostId,
      ExternalMeetingId: meeting.externalMeetingId,
      MediaRegion: meeting.mediaRegion,
      MediaPlacement: mediaPlacement(meeting.meetingId, meeting.mediaRegion, meeting.mediaHostLabel),
      MeetingFeatures: meeting.meetingFeatures === undefined ? undefined : JSON.parse(JSON.stringify(meeting.meetingFeatures)) as JsonObject,
      PrimaryMeetingId: meeting.primaryMeetingId,
      TenantIds: meeting.tenantIds === undefined ? undefined : [...meeting.tenantIds],
      MeetingArn: meeting.meetingArn,
    };
  }
}

/** Validates a programmatic request as the HTTP front end would. */
function checkInput(operation: string, input: JsonObject): void {
  const issues = validateInput(MEETINGS_MODEL, operation, input);
  if (issues.length > 0) {
    throw badRequest(formatValidationIssues(issues));
  }
}

/** The input after model validation, typed as the operation's request. */
function asParams<T>(input: JsonObject): T {
  return input as unknown as T;
}

function wireAttendee(attendee: AttendeeRecord): JsonObject {
  return {
    ExternalUserId: attendee.externalUserId,
    AttendeeId: attendee.attendeeId,
    JoinToken: attendee.joinToken,
    Capabilities: { Audio: attendee.capabilities.audio, Video: attendee.capabilities.video, Content: attendee.capabilities.content },
  };
}

function wireBatch(result: AttendeeBatchResult): JsonObject {
  return {
    Attendees: result.attendees.map(wireAttendee),
    Errors: result.errors.map((error) => ({ ExternalUserId: error.externalUserId, ErrorCode: error.errorCode, ErrorMessage: error.errorMessage })),
  };
}

/** Plausible media URLs under a reserved domain, so that nothing ever connects to them. */
function mediaPlacement(meetingId: string, region: string, hostLabel: string): JsonObject {
  const domain = `${region}.meetings.fake-chime.invalid`;
  return {
    AudioHostUrl: `${hostLabel}.k.${domain}:3478`,
    AudioFallbackUrl: `wss://haxrp.${domain}:443/calls/${meetingId}`,
    SignalingUrl: `wss://signal.${domain}/control/${meetingId}`,
    TurnControlUrl: `https://turn.${domain}/v2/turn_sessions`,
    ScreenDataUrl: `wss://bitpw.${domain}:443/v2/screen/${meetingId}`,
    ScreenViewingUrl: `wss://bitpw.${domain}:443/ws/connect?passcode=null&viewer_uuid=null&X-BitHub-Call-Id=${meetingId}`,
    ScreenSharingUrl: `wss://bitpw.${domain}:443/v2/screen/${meetingId}`,
    EventIngestionUrl: `https://data.${domain}/v1/client-events`,
  };
}
