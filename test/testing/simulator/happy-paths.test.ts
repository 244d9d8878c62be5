import { DeleteAttendeeCommand, DeleteMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { CreateSipMediaApplicationCallCommand, UpdateSipMediaApplicationCallCommand } from '@aws-sdk/client-chime-sdk-voice';
import { CALLER, createMeeting, DIAL_IN_NUMBER, dialInHandler, eventTypes, Fakes, hangupLegA, PIN, PIN_PROMPT, rawHandler, respond, simulator, startFakes } from './helpers';
import { parseSmaEvent } from '../../../src/sma';

let fakes: Fakes;
let directory: Map<string, string>;

beforeEach(async () => {
  fakes = await startFakes();
  directory = new Map();
});

afterEach(async () => {
  await fakes.stop();
});

describe('inbound dial-in with the real Meetings SDK client', () => {
  test('PIN, CreateAttendee through the SDK, JoinChimeMeeting: LEG-B connected and the attendee connected in the meeting', async () => {
    const meeting = createMeeting(fakes.meetings, directory);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));

    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(call.status).toBe('connected');
    expect(call.prompts).toEqual([PIN_PROMPT]);

    await call.pressDigits(`${PIN}#`);

    expect(fakes.meetings.requests.forOperation('CreateAttendee')).toHaveLength(1);
    const [attendee] = fakes.meetings.attendees(meeting.meetingId);
    expect(call.joinedMeeting).toEqual({ meetingId: meeting.meetingId, attendeeId: attendee.attendeeId });
    expect(attendee.connected).toBe(true);
    expect(call.legs['LEG-B']).toEqual(expect.objectContaining({ kind: 'meeting', status: 'Connected', direction: 'Outbound', to: '+17035550122', from: 'SMA' }));
    expect(call.legs['LEG-A']?.status).toBe('Connected');
    expect(call.attributes).toEqual({ meetingId: meeting.meetingId, attendeeId: attendee.attendeeId });
    expect(call.violations).toEqual([]);
    expect(call.silentSince).toBeUndefined();
    expect(eventTypes(call)).toEqual(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL', 'ACTION_SUCCESSFUL', 'ACTION_SUCCESSFUL']);

    await call.hangUp();
    expect(call.status).toBe('ended');
    expect(call.endReason).toBe('caller-hangup');
    expect(fakes.meetings.attendees(meeting.meetingId)).toEqual([]);
    const hangupEvent = call.transcript.entries.filter((entry) => entry.kind === 'invoke').pop()!;
    expect(hangupEvent.kind === 'invoke' && hangupEvent.event.CallDetails.Participants.map((leg) => leg.Status)).toEqual(['Disconnected', 'Disconnected']);
  });

  test('every event the simulator emits parses with the runtime, with Sequence +1 per invocation from 1', async () => {
    createMeeting(fakes.meetings, directory);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.pressDigits(`${PIN}#`);
    await call.hangUp();

    const events = call.transcript.entries.flatMap((entry) => entry.kind === 'invoke' ? [entry.event] : []);
    expect(events.map((event) => event.Sequence)).toEqual([1, 2, 3, 4, 5]);
    for (const event of events) {
      expect(parseSmaEvent(event)).toEqual(event);
    }
    const first = events[0] as unknown as Record<string, any>;
    expect(first.CallDetails.Participants[0].Status).toBeUndefined();
    expect(first.CallDetails.TransactionAttributes).toBeUndefined();
    expect(first.CallDetails.SipRuleId).toBe(sim.sipRuleId);
    expect(first.CallDetails.Participants[0].StartTimeInMilliseconds).toBe(String(fakes.clock.now()));
    expect(first.ActionData).toBeUndefined();
  });

  test('an inbound call that names its SIP rule carries it in every event; an empty one is refused', async () => {
    const sim = simulator(fakes, rawHandler((event) => respond(event.InvocationEventType === 'HANGUP' ? [] : [hangupLegA(event)])));
    const call = await sim.inboundCall({ from: CALLER, to: '+18335550100', sipRuleId: 'toll-free-rule' });

    const events = call.transcript.entries.flatMap((entry) => entry.kind === 'invoke' ? [entry.event] : []);
    expect(events.length).toBeGreaterThan(1);
    expect(events.map((event) => event.CallDetails.SipRuleId)).toEqual(events.map(() => 'toll-free-rule'));
    await expect(sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER, sipRuleId: ' ' })).rejects.toThrow(
      'sipRuleId: " " is invalid: give the id of the SIP rule the call came through, or leave it out');
  });

  test('DeleteMeeting through the SDK: HANGUP for LEG-B with LEG-A still connected, and the handler hangs LEG-A up', async () => {
    const meeting = createMeeting(fakes.meetings, directory);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.pressDigits(`${PIN}#`);

    await fakes.meetingsClient.send(new DeleteMeetingCommand({ MeetingId: meeting.meetingId }));
    await call.settle();

    const hangups = call.transcript.entries.flatMap((entry) => entry.kind === 'invoke' && entry.event.InvocationEventType === 'HANGUP' ? [entry.event] : []);
    const legBHangup = hangups[0] as unknown as Record<string, any>;
    expect(legBHangup.ActionData).toEqual({ Type: 'Hangup', Parameters: { SipResponseCode: 0, CallId: call.legs['LEG-B']!.callId, ParticipantTag: 'LEG-B' } });
    expect(legBHangup.CallDetails.Participants.map((leg: any) => [leg.ParticipantTag, leg.Status])).toEqual([['LEG-A', 'Connected'], ['LEG-B', 'Disconnected']]);
    // Speak + Hangup LEG-A takes the speaking time; then the call ends.
    expect(call.status).toBe('connected');
    await call.wait(5_000);
    expect(call.prompts).toContain('The meeting has ended. Goodbye.');
    expect(call.status).toBe('ended');
    expect(call.endReason).toBe('handler-hangup');
    expect(call.violations).toEqual([]);
  });

  test('DeleteAttendee through the SDK drops the meeting leg the same way', async () => {
    const meeting = createMeeting(fakes.meetings, directory);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.pressDigits(`${PIN}#`);

    await fakes.meetingsClient.send(new DeleteAttendeeCommand({ MeetingId: meeting.meetingId, AttendeeId: call.joinedMeeting!.attendeeId }));
    await call.settle();

    expect(call.inMeeting).toBe(false);
    expect(call.legs['LEG-B']?.status).toBe('Disconnected');
    expect(eventTypes(call).slice(-1)).toEqual(['HANGUP']);
    await call.wait(5_000);
    expect(call.endReason).toBe('handler-hangup');
  });

  test('a wrong PIN is asked again, up to the Repeat count, then the caller hears goodbye', async () => {
    createMeeting(fakes.meetings, directory);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.pressDigits('12#');
    await call.wait(4_000);
    await call.pressDigits('1x'.replace('x', '#'));
    await call.wait(4_000);
    await call.pressDigits('99999#');
    await call.wait(10_000);
    expect(call.prompts).toEqual([PIN_PROMPT, 'Sorry, that is not a PIN.', PIN_PROMPT, 'Sorry, that is not a PIN.', PIN_PROMPT, 'Goodbye.']);
    const failed = call.transcript.entries.find((entry) => entry.kind === 'invoke' && entry.event.InvocationEventType === 'ACTION_FAILED');
    expect(failed?.kind === 'invoke' && (failed.event as any).ActionData.ErrorType).toBe('InvalidDigitsReceived');
    expect(call.endReason).toBe('handler-hangup');
  });
});

describe('outbound calls through the real Voice SDK client', () => {
  const SMA_NUMBER = '+12065550199';
  const CALLEE = '+15105550177';

  test('CreateSipMediaApplicationCall -> NEW_OUTBOUND_CALL (ArgumentsMap) -> RINGING -> answer -> CALL_ANSWERED -> joined', async () => {
    const meeting = fakes.meetings.createMeeting({ externalMeetingId: 'dial-out' });
    fakes.voice.addPhoneNumber(SMA_NUMBER);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));

    const created = await fakes.voiceClient.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: sim.sipMediaApplicationId,
      FromPhoneNumber: SMA_NUMBER,
      ToPhoneNumber: CALLEE,
      ArgumentsMap: { meetingId: meeting.meetingId },
    }));
    const call = sim.call(created.SipMediaApplicationCall!.TransactionId!);
    await call.settle();
    expect(call.direction).toBe('Outbound');
    expect(call.status).toBe('ringing');
    expect(eventTypes(call)).toEqual(['NEW_OUTBOUND_CALL', 'RINGING']);
    const first = call.transcript.entries.find((entry) => entry.kind === 'invoke');
    expect(first?.kind === 'invoke' && (first.event as any).ActionData).toEqual({ Parameters: { Arguments: { meetingId: meeting.meetingId } } });
    expect(call.attributes).toEqual({ meetingId: meeting.meetingId });

    await call.answer();

    expect(eventTypes(call)).toEqual(['NEW_OUTBOUND_CALL', 'RINGING', 'CALL_ANSWERED', 'ACTION_SUCCESSFUL', 'ACTION_SUCCESSFUL']);
    expect(fakes.voice.calls()).toEqual([
      expect.objectContaining({ transactionId: call.transactionId, argumentsMap: { meetingId: meeting.meetingId } }),
    ]);
    expect(call.joinedMeeting?.meetingId).toBe(meeting.meetingId);
    expect(call.legs['LEG-A']).toEqual(expect.objectContaining({ direction: 'Outbound', to: CALLEE, from: SMA_NUMBER, status: 'Connected' }));
    expect(call.violations).toEqual([]);
  });

  test.each([
    ['reject', 486, 'busy'],
    ['noAnswer', 480, 'no-answer'],
  ] as const)('%s ends the call with HANGUP SipResponseCode %d', async (method, code, reason) => {
    fakes.voice.addPhoneNumber(SMA_NUMBER);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
    const call = await sim.outboundCall({ from: SMA_NUMBER, to: CALLEE, arguments: { meetingId: 'none' } });
    await call[method]();
    const last = call.transcript.entries.filter((entry) => entry.kind === 'invoke').pop();
    expect(last?.kind === 'invoke' && (last.event as any).ActionData.Parameters.SipResponseCode).toBe(code);
    expect(call.endReason).toBe(reason);
  });

  test('UpdateSipMediaApplicationCall through the SDK -> CALL_UPDATE_REQUESTED -> ModifyChimeMeetingAttendees mutes the caller', async () => {
    const meeting = createMeeting(fakes.meetings, directory);
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.pressDigits(`${PIN}#`);

    const updated = await fakes.voiceClient.send(new UpdateSipMediaApplicationCallCommand({
      SipMediaApplicationId: sim.sipMediaApplicationId, TransactionId: call.transactionId, Arguments: { action: 'mute' },
    }));
    expect(updated.$metadata.httpStatusCode).toBe(202);
    await call.settle();

    expect(call.muted).toBe(true);
    expect(eventTypes(call).slice(-2)).toEqual(['CALL_UPDATE_REQUESTED', 'ACTION_SUCCESSFUL']);
    const success = call.transcript.entries.filter((entry) => entry.kind === 'invoke').pop();
    expect(success?.kind === 'invoke' && (success.event as any).ActionData).toEqual(expect.objectContaining({
      Type: 'ModifyChimeMeetingAttendees', Parameters: expect.objectContaining({ Operation: 'Mute', MeetingId: meeting.meetingId }),
    }));

    await call.update({ action: 'unmute' });
    expect(call.muted).toBe(false);
  });

  test('UpdateSipMediaApplicationCall for an ended call is NotFoundException', async () => {
    const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.hangUp();
    await expect(fakes.voiceClient.send(new UpdateSipMediaApplicationCallCommand({
      SipMediaApplicationId: sim.sipMediaApplicationId, TransactionId: call.transactionId, Arguments: {},
    }))).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});
