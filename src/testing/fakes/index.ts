/**
 * Fake Amazon Chime SDK Meetings and Voice services: local HTTP servers that the real AWS SDK v3
 * clients talk to through their `endpoint` option, driven by a virtual clock and seeded IDs.
 * @packageDocumentation
 */
export { FakeMeetingsService } from './meetings/fake-meetings-service';
export type { FakeMeetingInit, FakeMeetingsServiceOptions } from './meetings/fake-meetings-service';
export type {
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
} from './meetings/meeting-types';
export { FakeVoiceService } from './voice/fake-voice-service';
export type { FakeVoiceServiceOptions, InventoryOptions, SipMediaApplicationCallInit } from './voice/fake-voice-service';
export type {
  OrderedPhoneNumberSnapshot,
  OrderedPhoneNumberStatus,
  PhoneNumberAssociationSnapshot,
  PhoneNumberOrderOutcome,
  PhoneNumberOrderSnapshot,
  PhoneNumberOrderStatus,
  PhoneNumberProductType,
  PhoneNumberSnapshot,
  PhoneNumberStatus,
  PhoneNumberType,
  SipMediaApplicationCallAnswer,
  SipMediaApplicationCallHooks,
  SipMediaApplicationCallRequest,
  SipMediaApplicationCallSnapshot,
  SipMediaApplicationCallUpdate,
  SipMediaApplicationSnapshot,
  SipRuleSnapshot,
  SipRuleTargetSnapshot,
  WaitingOrderStatus,
} from './voice/voice-types';
export { FakeService } from './fake-service';
export type { FakeServiceOptions } from './fake-service';
export { FaultInjector } from './fault-injector';
export type { HeldRequest } from './held-requests';
export type { ReceivedRequest } from './http-server';
export type { FaultKind, FaultSpec, InjectedFault } from './fault-injector';
export { RequestLog } from './request-log';
export type { RequestLogEntry } from './request-log';
export { FakeServiceError } from './service-error';
export type { FakeServiceErrorOptions } from './service-error';
export { VirtualClock, DEFAULT_CLOCK_START_MS, sleepOn } from './virtual-clock';
export type { Clock } from './virtual-clock';
export { SeededIds, IdStream, DEFAULT_ID_SEED } from './ids';
export type { JsonArray, JsonObject, JsonValue } from './json';
