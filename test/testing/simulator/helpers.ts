import { ChimeSDKMeetingsClient, CreateAttendeeCommand, DeleteAttendeeCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import {
  createSmaRouter, getTransactionAttribute, hangup, joinChimeMeeting, mergeAttributes, modifyChimeMeetingAttendees,
  receiveDigits, speak, speakAndGetDigits, SmaEvent, SmaResponse,
} from '../../../src/sma';
import { FakeMeetingsService, FakeVoiceService, VirtualClock } from '../../../src/testing/fakes';
import type { MeetingSnapshot } from '../../../src/testing/fakes';
import { SmaSimulator } from '../../../src/testing/simulator';
import type { SimulatorSettingsOverrides, SmaHandlerFunction } from '../../../src/testing/simulator';
import { meetingsClient, voiceClient } from '../fakes/sdk-clients';

export const CALLER = '+15105550101';
export const DIAL_IN_NUMBER = '+12065550100';
export const PIN = '123456';
export const PIN_PROMPT = 'Please enter your meeting PIN, then press pound.';

/** Both fakes on 127.0.0.1 with the real SDK clients, on one virtual clock. */
export interface Fakes {
  readonly clock: VirtualClock;
  readonly meetings: FakeMeetingsService;
  readonly voice: FakeVoiceService;
  readonly meetingsClient: ChimeSDKMeetingsClient;
  readonly voiceClient: ChimeSDKVoiceClient;
  stop(): Promise<void>;
}

export async function startFakes(seed: number | string = 1): Promise<Fakes> {
  const clock = new VirtualClock();
  const meetings = new FakeMeetingsService({ clock, seed });
  const voice = new FakeVoiceService({ clock, seed });
  const meetingsSdk = meetingsClient(await meetings.start());
  const voiceSdk = voiceClient(await voice.start());
  return {
    clock,
    meetings,
    voice,
    meetingsClient: meetingsSdk,
    voiceClient: voiceSdk,
    stop: async () => {
      meetingsSdk.destroy();
      voiceSdk.destroy();
      await meetings.stop();
      await voice.stop();
    },
  };
}

/** A meeting in the fake, with its PIN in a directory map. */
export function createMeeting(meetings: FakeMeetingsService, directory: Map<string, string>, pin = PIN): MeetingSnapshot {
  const meeting = meetings.createMeeting({ externalMeetingId: `team-standup-${pin}` });
  directory.set(pin, meeting.meetingId);
  return meeting;
}

/**
 * A correct dial-in flow built from the runtime's router: PIN prompt, directory lookup, a real
 * CreateAttendee through the SDK, JoinChimeMeeting; LEG-B hangup hangs up LEG-A; LEG-A hangup deletes
 * the attendee; CALL_UPDATE_REQUESTED mutes or unmutes; outbound calls join on CALL_ANSWERED.
 */
export function dialInHandler(client: ChimeSDKMeetingsClient, directory: ReadonlyMap<string, string>): SmaHandlerFunction {
  const createAttendee = async (meetingId: string, callId: string) => {
    const { Attendee } = await client.send(new CreateAttendeeCommand({
      MeetingId: meetingId, ExternalUserId: `pstn-${callId}`, Capabilities: { Audio: 'SendReceive', Video: 'None', Content: 'None' },
    }));
    return Attendee!;
  };
  return createSmaRouter({ onError: () => {} })
    .on('NEW_INBOUND_CALL', (_event, ctx) => [speakAndGetDigits({
      callId: ctx.legA!.CallId,
      speechParameters: { text: PIN_PROMPT },
      failureSpeechParameters: { text: 'Sorry, that is not a PIN.' },
      inputDigitsRegex: '^\\d{6}$',
      minNumberOfDigits: 6,
      maxNumberOfDigits: 6,
      repeat: 3,
      repeatDurationInMilliseconds: 10_000,
    })])
    .onActionSuccessful('SpeakAndGetDigits', async (event, ctx) => {
      const meetingId = directory.get(event.ActionData.ReceivedDigits ?? '');
      if (!meetingId) {
        return [speak({ callId: ctx.legA!.CallId, text: 'No meeting has that PIN. Goodbye.' }), hangup({ callId: ctx.legA!.CallId })];
      }
      const attendee = await createAttendee(meetingId, ctx.legA!.CallId);
      return ctx.respond(
        [joinChimeMeeting({ joinToken: attendee.JoinToken!, callId: ctx.legA!.CallId, meetingId })],
        mergeAttributes({ meetingId, attendeeId: attendee.AttendeeId! }),
      );
    })
    .onActionFailed('SpeakAndGetDigits', (_event, ctx) => [speak({ callId: ctx.legA!.CallId, text: 'Goodbye.' }), hangup({ callId: ctx.legA!.CallId })])
    .on('NEW_OUTBOUND_CALL', (event, ctx) => ctx.respond([], mergeAttributes(event.ActionData.Parameters.Arguments)))
    .on('CALL_ANSWERED', async (event, ctx) => {
      const meetingId = getTransactionAttribute(event, 'meetingId')!;
      const attendee = await createAttendee(meetingId, ctx.legA!.CallId);
      return ctx.respond(
        [joinChimeMeeting({ joinToken: attendee.JoinToken!, callId: ctx.legA!.CallId, meetingId })],
        mergeAttributes({ attendeeId: attendee.AttendeeId! }),
      );
    })
    .onActionSuccessful('JoinChimeMeeting', () => [receiveDigits({
      participantTag: 'LEG-A', inputDigitsRegex: '^\\*6$', inBetweenDigitsDurationInMilliseconds: 1000, flushDigitsDurationInMilliseconds: 3000,
    })])
    .on('CALL_UPDATE_REQUESTED', (event, ctx) => {
      const meetingId = getTransactionAttribute(event, 'meetingId');
      const attendeeId = getTransactionAttribute(event, 'attendeeId');
      const operation = event.ActionData.Parameters.Arguments.action === 'unmute' ? 'Unmute' : 'Mute';
      return meetingId && attendeeId && ctx.legB
        ? [modifyChimeMeetingAttendees({ operation, meetingId, callId: ctx.legB.CallId, attendeeList: [attendeeId] })]
        : [];
    })
    .onActionSuccessful('ModifyChimeMeetingAttendees', () => [])
    .on('DIGITS_RECEIVED', () => [])
    .on('HANGUP', async (event, ctx) => {
      const caller = ctx.legA;
      if (ctx.invokingLeg?.ParticipantTag === 'LEG-B' && caller && caller.Status === 'Connected') {
        return [speak({ callId: caller.CallId, text: 'The meeting has ended. Goodbye.' }), hangup({ callId: caller.CallId })];
      }
      const meetingId = getTransactionAttribute(event, 'meetingId');
      const attendeeId = getTransactionAttribute(event, 'attendeeId');
      if (meetingId && attendeeId) {
        await client.send(new DeleteAttendeeCommand({ MeetingId: meetingId, AttendeeId: attendeeId })).catch(() => undefined);
      }
      return [];
    })
    .handler;
}

/** A simulator on the fakes. */
export function simulator(fakes: Fakes, handler: SmaHandlerFunction, settings?: SimulatorSettingsOverrides, seed: number | string = 1): SmaSimulator {
  return new SmaSimulator({ handler, meetings: fakes.meetings, voice: fakes.voice, seed, settings });
}

/** A hand-written handler: the raw function of event to response, for deliberately wrong handlers. */
export function rawHandler(answer: (event: SmaEvent) => unknown): SmaHandlerFunction {
  return (event) => answer(event);
}

/** A response with these actions. */
export function respond(actions: unknown, attributes?: Record<string, unknown>): SmaResponse {
  return { SchemaVersion: '1.0', Actions: actions, ...(attributes && { TransactionAttributes: attributes }) } as unknown as SmaResponse;
}

/** LEG-A's CallId in an event. */
export function legA(event: SmaEvent): string {
  return event.CallDetails.Participants.find((participant) => participant.ParticipantTag === 'LEG-A')!.CallId;
}

/** The event types the handler received, in order. */
export function eventTypes(call: { transcript: { entries: readonly unknown[] } }): string[] {
  return call.transcript.entries.flatMap((entry) => {
    const record = entry as { kind: string; event?: SmaEvent };
    return record.kind === 'invoke' ? [record.event!.InvocationEventType] : [];
  });
}

/** The events the handler received, in order (retries included). */
export function eventsOf(call: { transcript: { entries: readonly unknown[] } }): Array<Record<string, any>> {
  return call.transcript.entries.flatMap((entry) => {
    const record = entry as { kind: string; event?: unknown };
    return record.kind === 'invoke' ? [record.event as Record<string, any>] : [];
  });
}

/** The events of one type. */
export function eventsOfType(call: { transcript: { entries: readonly unknown[] } }, type: string): Array<Record<string, any>> {
  return eventsOf(call).filter((event) => event.InvocationEventType === type);
}

/** The rules of a call's violations. */
export function rulesOf(call: { violations: ReadonlyArray<{ rule: string }> }): string[] {
  return call.violations.map((violation) => violation.rule);
}

/** A Speak action on a CallId. */
export function speakOn(callId: string, text: string): Record<string, unknown> {
  return { Type: 'Speak', Parameters: { CallId: callId, Text: text } };
}

/** A Pause action. */
export function pauseFor(ms: number, tag: 'LEG-A' | 'LEG-B' = 'LEG-A'): Record<string, unknown> {
  return { Type: 'Pause', Parameters: { DurationInMilliseconds: ms, ParticipantTag: tag } };
}

/** A Hangup of LEG-A. */
export function hangupLegA(event: SmaEvent): Record<string, unknown> {
  return { Type: 'Hangup', Parameters: { CallId: legA(event) } };
}
