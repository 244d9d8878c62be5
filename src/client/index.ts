/**
 * Helpers for the app's backend (`cdk-chime-meeting-dialin/client`): give a meeting a dial-in
 * PIN, call a phone into a meeting, and mute, unmute or remove a phone attendee. You pass the
 * AWS SDK clients (`@aws-sdk/client-dynamodb`, `@aws-sdk/client-chime-sdk-voice`), configured
 * with your backend's region and credentials.
 * @packageDocumentation
 */
export * from './errors';
export * from './meeting-pins';
export { activateMeeting, deactivateMeeting, lookupMeeting } from './meeting-lifecycle';
export type { ActivateMeetingOptions, DeactivateMeetingOptions, MeetingKeyOptions, ScheduledMeetingPin } from './meeting-lifecycle';
export * from './calls';
export type { CallUpdateAction } from '../dial-in/call-arguments';
export * from './invitation';
export * from './waiting-room';
