import { CALLER, DIAL_IN_NUMBER, eventsOf, eventsOfType, Fakes, hangupLegA, legA, pauseFor, rawHandler, respond, rulesOf, simulator, startFakes } from './helpers';
import { parseSmaEvent, SmaEvent } from '../../../src/sma';
import type { MeetingSnapshot } from '../../../src/testing/fakes';
import { DEFAULT_SIMULATOR_SETTINGS, resolveSimulatorSettings, SmaSimulator } from '../../../src/testing/simulator';
import type { SimulatorSettingsOverrides } from '../../../src/testing/simulator';

let fakes: Fakes;
let meeting: MeetingSnapshot;

beforeEach(async () => {
  fakes = await startFakes();
  meeting = fakes.meetings.createMeeting({ externalMeetingId: 'settings' });
});

afterEach(async () => {
  await fakes.stop();
});

/** Joins on NEW_INBOUND_CALL (optionally without MeetingId), then runs `afterJoin`; [] otherwise. */
async function joinedCall(settings: SimulatorSettingsOverrides, afterJoin: unknown[] = [], withMeetingId = true) {
  const sim = simulator(fakes, rawHandler((event: SmaEvent) => {
    if (event.InvocationEventType === 'NEW_INBOUND_CALL') {
      const attendee = fakes.meetings.createAttendee(meeting.meetingId, 'phone-caller');
      return respond([{ Type: 'JoinChimeMeeting', Parameters: { JoinToken: attendee.joinToken, CallId: legA(event), ...(withMeetingId && { MeetingId: meeting.meetingId }) } }]);
    }
    return respond((event as any).ActionData?.Type === 'JoinChimeMeeting' && event.InvocationEventType === 'ACTION_SUCCESSFUL' ? afterJoin : []);
  }), settings);
  return sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
}

describe('settings for the places where AWS\'s pages disagree', () => {
  test('defaults: every documented default with its value', () => {
    expect(resolveSimulatorSettings()).toEqual(DEFAULT_SIMULATOR_SETTINGS);
    expect(DEFAULT_SIMULATOR_SETTINGS).toEqual(expect.objectContaining({
      maxInvocationsPerCall: 1000,
      retryAfterMs: 5000,
      hangupAfterMs: 20_000,
      maxTransactionAttributePairs: 100,
      transactionAttributesUpdate: 'merge',
      joinFailureErrorShape: 'type-and-message',
      meetingBridgeNumber: '+17035550122',
      requireMeetingId: true,
    }));
  });

  test('invalid settings fail when the simulator is created', () => {
    expect(() => new SmaSimulator({ handler: () => ({}), settings: { retryAfterMs: -1 } })).toThrow('settings.retryAfterMs must be an integer of at least 0');
    expect(() => new SmaSimulator({ handler: () => ({}), settings: { retryAfterMs: 30_000 } })).toThrow('must not be below settings.retryAfterMs');
    expect(() => resolveSimulatorSettings({ bridgeOutcome: 'maybe' as 'busy' })).toThrow('settings.bridgeOutcome must be "answered" or "busy" or "no-answer", got "maybe"');
    expect(() => resolveSimulatorSettings({ maxActions: 11 } as SimulatorSettingsOverrides)).toThrow('settings.maxActions is not a setting');
  });

  test('the meeting leg\'s numbers can be the use-cases page\'s orientation (To: SMA)', async () => {
    const call = await joinedCall({ meetingLegOrientation: 'from-bridge', meetingBridgeNumber: '+13605550122' });
    expect(call.legs['LEG-B']).toEqual(expect.objectContaining({ to: 'SMA', from: '+13605550122' }));
  });

  test('Participants can list LEG-B first', async () => {
    const call = await joinedCall({ participantOrder: 'leg-b-first' });
    const [success] = eventsOfType(call, 'ACTION_SUCCESSFUL');
    expect(success.CallDetails.Participants.map((leg: any) => leg.ParticipantTag)).toEqual(['LEG-B', 'LEG-A']);
  });

  test('the doc pages\' field names can be emitted, and the runtime still parses them', async () => {
    const call = await joinedCall({ docVariants: { invocationEvent: true, sipApplicationId: true, mixedCaseLegTags: true }, firstSequence: 2 });
    const [first] = eventsOf(call);
    expect(first.InvocationEvent).toBe('NEW_INBOUND_CALL');
    expect(first.InvocationEventType).toBeUndefined();
    expect(first.Sequence).toBe(2);
    expect(first.CallDetails.SipApplicationId).toBeDefined();
    expect(first.CallDetails.Participants[0].ParticipantTag).toBe('Leg-A');
    for (const event of eventsOf(call)) {
      expect(() => parseSmaEvent(event)).not.toThrow();
    }
  });

  test('the HANGUP of a dropped meeting leg can name the action running on it (case-5)', async () => {
    const call = await joinedCall({ legBHangupActionData: 'running-action' }, [pauseFor(60_000, 'LEG-B')]);
    fakes.meetings.endMeeting(meeting.meetingId);
    await call.settle();
    expect(eventsOfType(call, 'HANGUP')[0].ActionData).toEqual({ Type: 'Pause', Parameters: { SipResponseCode: 0, CallId: call.legs['LEG-B']!.callId, ParticipantTag: 'LEG-B' } });
  });

  test('DeleteAttendee can leave the meeting leg up (no AWS page says that it drops)', async () => {
    const call = await joinedCall({ deleteAttendeeDropsMeetingLeg: false });
    fakes.meetings.deleteAttendee(meeting.meetingId, call.joinedMeeting!.attendeeId);
    await call.settle();
    expect(call.legs['LEG-B']?.status).toBe('Connected');
    expect(eventsOfType(call, 'HANGUP')).toEqual([]);
  });

  test('MeetingId can be optional (legacy Chime namespace meetings)', async () => {
    const required = await joinedCall({}, [], false);
    expect(rulesOf(required)).toEqual(['join-chime-meeting']);
    const optional = await joinedCall({ requireMeetingId: false }, [], false);
    expect(optional.violations).toEqual([]);
    expect(optional.inMeeting).toBe(true);
  });

  test('the Pause range of the troubleshooting page (100-30000) through actionRules', async () => {
    const sim = simulator(fakes, rawHandler((event) => event.InvocationEventType === 'NEW_INBOUND_CALL'
      ? respond([pauseFor(50)]) : respond(event.InvocationEventType === 'INVALID_LAMBDA_RESPONSE' ? [hangupLegA(event)] : [])),
    { actionRules: { pauseDuration: '100-30000' } });
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(rulesOf(call)).toEqual(['invalid-action']);
    expect(call.violations[0].message).toContain('Actions[0].Parameters.DurationInMilliseconds');
  });

  test('a CallAndBridge far end can be busy: ACTION_FAILED CallNotAnswered, no LEG-B left', async () => {
    const sim = simulator(fakes, rawHandler((event) => event.InvocationEventType === 'NEW_INBOUND_CALL'
      ? respond([{ Type: 'CallAndBridge', Parameters: { CallerIdNumber: DIAL_IN_NUMBER, Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+15105550188' }] } }])
      : respond([])), { bridgeOutcome: 'busy', bridgeRingMs: 4000 });
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(eventsOfType(call, 'ACTION_FAILED')).toEqual([]);
    await call.wait(4000);
    expect(eventsOfType(call, 'ACTION_FAILED')[0].ActionData).toEqual(expect.objectContaining({ Type: 'CallAndBridge', ErrorType: 'CallNotAnswered' }));
    expect(call.legs['LEG-B']).toBeUndefined();
  });
});
