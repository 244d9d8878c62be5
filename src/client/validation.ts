import { DialInClientError } from './errors';
import { MEETING_ID_PATTERN } from '../dial-in/call-arguments';
import { isMeetingControlRegion, MEETING_CONTROL_REGIONS, regionOfMeetingArn } from '../private/meeting-regions';

const E164 = /^\+[1-9]\d{1,14}$/;

export function requireMeetingId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !MEETING_ID_PATTERN.test(value)) {
    throw new DialInClientError(field, value, 'use the MeetingId (a UUID) that CreateMeeting returned');
  }
  return value;
}

export function requireAttendeeId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !MEETING_ID_PATTERN.test(value)) {
    throw new DialInClientError(field, value, 'use the AttendeeId (a UUID) from the meeting\'s roster');
  }
  return value;
}

export function requireE164(field: string, value: unknown): string {
  if (typeof value !== 'string' || !E164.test(value)) {
    throw new DialInClientError(field, value, 'use E.164: + and up to 15 digits, e.g. +12065550100');
  }
  return value;
}

export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new DialInClientError(field, value, 'must be a non-empty string');
  }
  return value;
}

export function wholeNumberIn(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DialInClientError(field, value, `use a whole number from ${min} to ${max}`);
  }
  return value;
}

/** A Chime SDK Meetings control Region (https://docs.aws.amazon.com/chime-sdk/latest/dg/sdk-available-regions.html). */
export function requireControlRegion(field: string, value: unknown): string {
  if (typeof value !== 'string' || !isMeetingControlRegion(value)) {
    throw new DialInClientError(field, value, `use a Chime SDK Meetings control region: ${MEETING_CONTROL_REGIONS.join(', ')}`);
  }
  return value;
}

/** The meeting id and control Region of a MeetingArn, `arn:aws:chime:<region>:<account>:meeting/<id>`. */
export function requireMeetingArn(field: string, value: unknown): { meetingId: string; region: string } {
  const parsed = typeof value === 'string' ? regionOfMeetingArn(value) : undefined;
  if (!parsed) {
    throw new DialInClientError(field, value, 'use the MeetingArn that CreateMeeting returned, arn:aws:chime:<region>:<account>:meeting/<meeting id>');
  }
  requireControlRegion(`${field} (its region)`, parsed.region);
  return parsed;
}

/** A meeting as the backend helpers take it: its id, the CreateMeeting response's `Meeting`, its control Region. */
export interface MeetingToReach {
  readonly meetingId?: string;
  readonly meeting?: { readonly MeetingId?: string; readonly MeetingArn?: string };
  readonly meetingRegion?: string;
}

/** The meeting and its control Region, from whichever of `meetingId`, `meeting` and `meetingRegion` are given. */
export function requireMeeting(options: MeetingToReach): { meetingId: string; meetingRegion?: string } {
  const fromArn = options.meeting?.MeetingArn === undefined ? undefined : requireMeetingArn('meeting.MeetingArn', options.meeting.MeetingArn);
  const meetingId = requireMeetingId(options.meetingId === undefined ? 'meeting.MeetingId' : 'meetingId',
    options.meetingId ?? options.meeting?.MeetingId ?? fromArn?.meetingId);
  for (const [field, other] of [['meeting.MeetingId', options.meeting?.MeetingId], ['meeting.MeetingArn', fromArn?.meetingId]] as const) {
    if (other !== undefined && other !== meetingId) {
      throw new DialInClientError(field, other, `names another meeting than ${meetingId}: pass the same meeting's id and ARN`);
    }
  }
  const meetingRegion = options.meetingRegion === undefined ? fromArn?.region : requireControlRegion('meetingRegion', options.meetingRegion);
  if (fromArn && meetingRegion !== fromArn.region) {
    throw new DialInClientError('meetingRegion', meetingRegion, `differs from the region of meeting.MeetingArn, ${fromArn.region}: a meeting lives in the control region that created it`);
  }
  return { meetingId, meetingRegion };
}

