import type { ChimeSDKMeetingsClient } from '@aws-sdk/client-chime-sdk-meetings';
import { meetingsSdk } from './aws-sdk';

/** The phone caller's attendee: what the flow keeps (the join token is used once and dropped). */
export interface PhoneAttendee {
  readonly attendeeId: string;
  readonly joinToken: string;
}

/** Why an attendee could not be created. */
export type AttendeeRefusal = 'meeting-not-found';

/**
 * The Chime SDK Meetings calls the call flow makes. Each names the meeting's control Region (the
 * only one that can manage it, https://docs.aws.amazon.com/chime-sdk/latest/dg/chime-sdk-meetings-regions.html);
 * `undefined` means the gateway's default Region (a meeting registered before regions were recorded).
 */
export interface MeetingsGateway {
  /** An audio-only attendee, or the reason the meeting refused one. */
  createAttendee(meetingId: string, externalUserId: string, signal: AbortSignal, meetingRegion?: string): Promise<PhoneAttendee | AttendeeRefusal>;
  /** Deletes an attendee; one that is already gone counts as deleted. */
  deleteAttendee(meetingId: string, attendeeId: string, signal: AbortSignal, meetingRegion?: string): Promise<void>;
  /** Deletes every attendee with this external user ID (one created by a call whose answer was lost). */
  deleteAttendeesNamed(meetingId: string, externalUserId: string, signal: AbortSignal, meetingRegion?: string): Promise<void>;
  /**
   * Deletes every attendee whose ExternalUserId `matches` (the deferred clean-up knows only a hash of
   * it). Optional: without it, the deferred clean-up deletes attendees by ID only, and cannot find an
   * attendee that the service created after its call gave up on it.
   */
  deleteAttendeesMatching?(
    meetingId: string, matches: (externalUserId: string) => boolean, signal: AbortSignal, meetingRegion?: string,
  ): Promise<void>;
}

/** How the default gateway's client is built. */
export interface SdkMeetingsGatewayOptions {
  /** The Meetings endpoint of every Region, e.g. a local fake service. Default: each Region's own. */
  readonly endpoint?: string;
  /** The control Region of meetings that name none. Default: the Lambda's region. */
  readonly region?: string;
  /** Attempts per call, retries included. Default: 3, the SDK's standard (each attempt is bounded by the event budget). */
  readonly maxAttempts?: number;
  /**
   * Builds the client of a control Region instead (tests pass credentials this way); called once
   * per Region, with the Region (`undefined` for the default one when `region` is not set).
   */
  readonly clientFactory?: (region: string | undefined) => Promise<ChimeSDKMeetingsClient>;
}

/**
 * The gateway over `@aws-sdk/client-chime-sdk-meetings`, with one client per control Region,
 * created on first use and kept for the next invocations. The SDK is loaded on first use, so a
 * cold start answers its first prompt without paying for it.
 */
export class SdkMeetingsGateway implements MeetingsGateway {
  private readonly clients = new Map<string | undefined, Promise<ChimeSDKMeetingsClient>>();

  constructor(private readonly options: SdkMeetingsGatewayOptions = {}) {}

  public async createAttendee(
    meetingId: string, externalUserId: string, signal: AbortSignal, meetingRegion?: string,
  ): Promise<PhoneAttendee | AttendeeRefusal> {
    const sdk = meetingsSdk();
    try {
      const { Attendee } = await (await this.meetings(meetingRegion)).send(new sdk.CreateAttendeeCommand({
        MeetingId: meetingId,
        ExternalUserId: externalUserId,
        // A phone caller sends and receives audio only.
        Capabilities: { Audio: 'SendReceive', Video: 'None', Content: 'None' },
      }), { abortSignal: signal });
      if (!Attendee?.AttendeeId || !Attendee.JoinToken) {
        throw new Error('CreateAttendee returned no attendee ID or join token');
      }
      return { attendeeId: Attendee.AttendeeId, joinToken: Attendee.JoinToken };
    } catch (error) {
      if (error instanceof sdk.NotFoundException) {
        return 'meeting-not-found';
      }
      throw error;
    }
  }

  public async deleteAttendee(meetingId: string, attendeeId: string, signal: AbortSignal, meetingRegion?: string): Promise<void> {
    const sdk = meetingsSdk();
    try {
      const client = await this.meetings(meetingRegion);
      await client.send(new sdk.DeleteAttendeeCommand({ MeetingId: meetingId, AttendeeId: attendeeId }), { abortSignal: signal });
    } catch (error) {
      if (!(error instanceof sdk.NotFoundException)) {
        throw error;
      }
    }
  }

  public deleteAttendeesNamed(meetingId: string, externalUserId: string, signal: AbortSignal, meetingRegion?: string): Promise<void> {
    return this.deleteAttendeesMatching(meetingId, (name) => name === externalUserId, signal, meetingRegion);
  }

  public async deleteAttendeesMatching(
    meetingId: string, matches: (externalUserId: string) => boolean, signal: AbortSignal, meetingRegion?: string,
  ): Promise<void> {
    const sdk = meetingsSdk();
    const client = await this.meetings(meetingRegion);
    let nextToken: string | undefined;
    try {
      do {
        const page = await client.send(new sdk.ListAttendeesCommand({ MeetingId: meetingId, NextToken: nextToken }), { abortSignal: signal });
        for (const attendee of page.Attendees ?? []) {
          if (attendee.ExternalUserId !== undefined && attendee.AttendeeId && matches(attendee.ExternalUserId)) {
            await this.deleteAttendee(meetingId, attendee.AttendeeId, signal, meetingRegion);
          }
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      if (!(error instanceof sdk.NotFoundException)) {
        throw error;
      }
    }
  }

  private meetings(meetingRegion: string | undefined): Promise<ChimeSDKMeetingsClient> {
    // The default Region's meetings share one client, whether they name it or not.
    const region = meetingRegion === this.options.region ? undefined : meetingRegion;
    let client = this.clients.get(region);
    if (!client) {
      client = this.options.clientFactory?.(region ?? this.options.region) ?? Promise.resolve(new (meetingsSdk().ChimeSDKMeetingsClient)({
        endpoint: this.options.endpoint,
        region: region ?? this.options.region,
        maxAttempts: this.options.maxAttempts ?? 3,
      }));
      this.clients.set(region, client);
    }
    return client;
  }
}
