import { DialInClientError } from './errors';
import { MEETING_ID_PATTERN } from '../dial-in/call-arguments';

const E164 = /^\+[1-9]\d{1,14}$/;

export function requireMeetingId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !MEETING_ID_PATTERN.test(value)) {
    throw new DialInClientError(field, value, 'use the MeetingId (a UUID) that CreateMeeting returned');
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
