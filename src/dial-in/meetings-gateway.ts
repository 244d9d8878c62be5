import type { ChimeSDKMeetingsClient } from '@aws-sdk/client-chime-sdk-meetings';
import { meetingsSdk } from './aws-sdk';

/** The phone caller's attendee: what the flow keeps (the join token is used once and dropped). */
export interface PhoneAttendee {
  readonly attendeeId: string;
  readonly joinToken: string;
}

/** Why an attendee could not be created. */
export type AttendeeRefusal = 'meeting-not-found';

/** The Chime SDK Meetings calls the call flow makes. */
export interface MeetingsGateway {
  /** An audio-only attendee, or the reason the meeting refused one. */
  createAttendee(meetingId: string, externalUserId: string, signal: AbortSignal): Promise<PhoneAttendee | AttendeeRefusal>;
  /** Deletes an attendee; one that is already gone counts as deleted. */
  deleteAttendee(meetingId: string, attendeeId: string, signal: AbortSignal): Promise<void>;
  /** Deletes every attendee with this external user ID (one created by a call whose answer was lost). */
  deleteAttendeesNamed(meetingId: string, externalUserId: string, signal: AbortSignal): Promise<void>;
}

/** How the default gateway's client is built. */
export interface SdkMeetingsGatewayOptions {
  /** The Meetings endpoint, e.g. a local fake service. Default: the region's. */
  readonly endpoint?: string;
  /** The region of the Meetings control plane. Default: the Lambda's region. */
  readonly region?: string;
  /** Attempts per call, retries included. Default: 3, the SDK's standard (each attempt is bounded by the event budget). */
  readonly maxAttempts?: number;
  /** Builds the client instead (tests pass credentials this way). */
  readonly clientFactory?: () => Promise<ChimeSDKMeetingsClient>;
}

/**
 * The gateway over `@aws-sdk/client-chime-sdk-meetings`. The SDK is loaded on first use, so a
 * cold start answers its first prompt without paying for it.
 */
export class SdkMeetingsGateway implements MeetingsGateway {
  private client?: Promise<ChimeSDKMeetingsClient>;

  constructor(private readonly options: SdkMeetingsGatewayOptions = {}) {}

  public async createAttendee(meetingId: string, externalUserId: string, signal: AbortSignal): Promise<PhoneAttendee | AttendeeRefusal> {
    const sdk = meetingsSdk();
    try {
      const { Attendee } = await (await this.meetings()).send(new sdk.CreateAttendeeCommand({
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

  public async deleteAttendee(meetingId: string, attendeeId: string, signal: AbortSignal): Promise<void> {
    const sdk = meetingsSdk();
    try {
      await (await this.meetings()).send(new sdk.DeleteAttendeeCommand({ MeetingId: meetingId, AttendeeId: attendeeId }), { abortSignal: signal });
    } catch (error) {
      if (!(error instanceof sdk.NotFoundException)) {
        throw error;
      }
    }
  }

  public async deleteAttendeesNamed(meetingId: string, externalUserId: string, signal: AbortSignal): Promise<void> {
    const sdk = meetingsSdk();
    const client = await this.meetings();
    let nextToken: string | undefined;
    try {
      do {
        const page = await client.send(new sdk.ListAttendeesCommand({ MeetingId: meetingId, NextToken: nextToken }), { abortSignal: signal });
        for (const attendee of page.Attendees ?? []) {
          if (attendee.ExternalUserId === externalUserId && attendee.AttendeeId) {
            await this.deleteAttendee(meetingId, attendee.AttendeeId, signal);
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

  private meetings(): Promise<ChimeSDKMeetingsClient> {
    this.client ??= this.options.clientFactory?.() ?? Promise.resolve(new (meetingsSdk().ChimeSDKMeetingsClient)({
      endpoint: this.options.endpoint,
      region: this.options.region,
      maxAttempts: this.options.maxAttempts ?? 3,
    }));
    return this.client;
  }
}
