import { GetMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import {
  CALLER, DIAL_IN_NUMBER, eventsOf, eventsOfType, eventTypes, Fakes, hangupLegA, legA, pauseFor,
  rawHandler, respond, rulesOf, simulator, speakOn, startFakes,
} from './helpers';
import { SmaEvent } from '../../../src/sma';
import type { MeetingSnapshot } from '../../../src/testing/fakes';
import type { SimulatorSettingsOverrides } from '../../../src/testing/simulator';

let fakes: Fakes;
let meeting: MeetingSnapshot;

beforeEach(async () => {
  fakes = await startFakes();
  meeting = fakes.meetings.createMeeting({ externalMeetingId: 'rules' });
});

afterEach(async () => {
  await fakes.stop();
});

/** A call through a raw handler: `onEvent` answers every event; INVALID_LAMBDA_RESPONSE and ACTION_FAILED hang up unless it answers them. */
async function callWith(onEvent: (event: SmaEvent) => unknown, settings?: SimulatorSettingsOverrides) {
  const sim = simulator(fakes, rawHandler((event) => {
    const answer = onEvent(event);
    if (answer !== undefined) {
      return answer;
    }
    const type = event.InvocationEventType;
    const legAConnected = event.CallDetails.Participants.some((leg) => leg.ParticipantTag === 'LEG-A' && leg.Status !== 'Disconnected');
    return respond((type === 'INVALID_LAMBDA_RESPONSE' || type === 'ACTION_FAILED') && legAConnected ? [hangupLegA(event)] : []);
  }), settings);
  const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
  return { sim, call };
}

function join(event: SmaEvent, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const attendee = fakes.meetings.createAttendee(meeting.meetingId, `pstn-${legA(event).slice(0, 8)}`);
  return { Type: 'JoinChimeMeeting', Parameters: { JoinToken: attendee.joinToken, CallId: legA(event), MeetingId: meeting.meetingId, ...overrides } };
}

const first = (event: SmaEvent) => event.InvocationEventType === 'NEW_INBOUND_CALL';

describe('§2 at most 10 actions per response', () => {
  test('11 actions: nothing runs, INVALID_LAMBDA_RESPONSE follows, and the violation is recorded', async () => {
    const { call } = await callWith((event) => first(event)
      ? respond(Array.from({ length: 11 }, (_, index) => speakOn(legA(event), `line ${index}`))) : undefined);

    expect(rulesOf(call)).toEqual(['max-actions']);
    expect(call.violations[0]).toEqual(expect.objectContaining({ section: '§2', sequence: 1 }));
    expect(call.prompts).toEqual([]);
    const [invalid] = eventsOfType(call, 'INVALID_LAMBDA_RESPONSE');
    expect(invalid).toEqual(expect.objectContaining({ Sequence: 2, ErrorType: 'ActionListTooLong' }));
    expect(invalid.ActionData).toBeUndefined();
    expect(call.endReason).toBe('rejected');
  });

  test('10 actions are fine', async () => {
    const { call } = await callWith((event) => first(event)
      ? respond(Array.from({ length: 10 }, (_, index) => speakOn(legA(event), `line ${index}`))) : undefined);
    expect(call.violations).toEqual([]);
    expect(call.prompts).toEqual(['line 0']);
  });
});

describe('§7 every action is checked with the runtime validators', () => {
  test('a missing required parameter rejects the whole response (INVALID_LAMBDA_RESPONSE, MissingRequiredActionParameter)', async () => {
    const { call } = await callWith((event) => first(event)
      ? respond([speakOn(legA(event), 'fine'), { Type: 'Speak', Parameters: { Text: 'no CallId' } }]) : undefined);
    expect(rulesOf(call)).toEqual(['invalid-action']);
    expect(call.violations[0].message).toContain('Actions[1].Parameters.CallId');
    expect(eventsOfType(call, 'INVALID_LAMBDA_RESPONSE')[0].ErrorType).toBe('MissingRequiredActionParameter');
    expect(call.prompts).toEqual([]);
  });

  test('an unknown action type is an invalid response', async () => {
    const { call } = await callWith((event) => first(event) ? respond([{ Type: 'Answer', Parameters: {} }]) : undefined);
    expect(rulesOf(call)).toEqual(['invalid-action']);
    expect(eventsOfType(call, 'INVALID_LAMBDA_RESPONSE')[0].ErrorType).toBe('InvalidLambdaResponse');
  });

  test('JoinChimeMeeting with ParticipantTag LEG-B is rejected', async () => {
    const { call } = await callWith((event) => first(event) ? respond([join(event, { CallId: undefined, ParticipantTag: 'LEG-B' })]) : undefined);
    expect(rulesOf(call)).toEqual(['invalid-action']);
    expect(call.violations[0].message).toContain('ParticipantTag');
    expect(call.joinedMeeting).toBeUndefined();
  });

  test('with invalidActionReport "action-failed", earlier actions run and the invalid one fails with ACTION_FAILED', async () => {
    const { call } = await callWith((event) => first(event)
      ? respond([speakOn(legA(event), 'before'), join(event, { CallId: undefined, ParticipantTag: 'LEG-B' }), speakOn(legA(event), 'after')])
      : undefined, { invalidActionReport: 'action-failed' });
    await call.wait(10_000);
    expect(rulesOf(call)).toEqual(['invalid-action']);
    expect(call.prompts).toEqual(['before']);
    const [failed] = eventsOfType(call, 'ACTION_FAILED');
    expect(failed.ActionData).toEqual(expect.objectContaining({
      Type: 'JoinChimeMeeting', ErrorType: 'InvalidActionParameter', ErrorMessage: 'ParticipantTag parameter value is invalid.',
    }));
    expect(eventsOfType(call, 'INVALID_LAMBDA_RESPONSE')).toEqual([]);
  });

  test('a response that is not an object (the handler returned nothing) is an invalid response', async () => {
    const { call } = await callWith((event) => first(event) ? null : undefined);
    expect(rulesOf(call)).toEqual(['invalid-response']);
    expect(eventTypes(call).slice(0, 2)).toEqual(['NEW_INBOUND_CALL', 'INVALID_LAMBDA_RESPONSE']);
  });
});

describe('§2 one ACTION_SUCCESSFUL per list, remaining actions dropped after a failure', () => {
  test('[Speak, Speak, Pause] gives one ACTION_SUCCESSFUL, for the Pause, after both prompts', async () => {
    let successes = 0;
    const { call } = await callWith((event) => {
      if (first(event)) {
        return respond([speakOn(legA(event), 'one'), speakOn(legA(event), 'two'), pauseFor(500)]);
      }
      successes += event.InvocationEventType === 'ACTION_SUCCESSFUL' ? 1 : 0;
      return event.InvocationEventType === 'ACTION_SUCCESSFUL' ? respond([hangupLegA(event)]) : undefined;
    });
    await call.wait(10_000);
    expect(successes).toBe(1);
    const [success] = eventsOfType(call, 'ACTION_SUCCESSFUL');
    expect(success.ActionData).toEqual({ Type: 'Pause', Parameters: { DurationInMilliseconds: 500, ParticipantTag: 'LEG-A', CallId: legA(success as SmaEvent) } });
    expect(call.prompts).toEqual(['one', 'two']);
    expect(call.endReason).toBe('handler-hangup');
  });

  test('a failed action reports ACTION_FAILED and the rest of its list never runs', async () => {
    const { call } = await callWith((event) => first(event)
      ? respond([speakOn(legA(event), 'before'), { Type: 'Hangup', Parameters: { CallId: 'no-such-leg' } }, speakOn(legA(event), 'after')])
      : undefined);
    await call.wait(10_000);
    expect(call.prompts).toEqual(['before']);
    expect(rulesOf(call)).toEqual(['call-leg']);
    expect(eventsOfType(call, 'ACTION_FAILED')[0].ActionData).toEqual(expect.objectContaining({
      Type: 'Hangup', ErrorType: 'InvalidActionParameter', ErrorMessage: 'CallId parameter value is invalid.',
    }));
    expect(call.transcript.entries).toContainEqual(expect.objectContaining({ kind: 'state', change: 'actions-dropped', count: 1 }));
  });
});

describe('§2 responses the SMA ignores', () => {
  test('actions returned to NEW_OUTBOUND_CALL and RINGING have no effect', async () => {
    fakes.voice.addPhoneNumber('+12065550199');
    const sim = simulator(fakes, rawHandler((event) => respond(
      event.InvocationEventType === 'NEW_OUTBOUND_CALL' || event.InvocationEventType === 'RINGING' ? [speakOn(legA(event), 'too early')] : [],
    )));
    const call = await sim.outboundCall({ from: '+12065550199', to: '+15105550177' });
    expect(call.prompts).toEqual([]);
    expect(call.status).toBe('ringing');
    expect(rulesOf(call)).toEqual(['ignored-response', 'ignored-response']);
    const responses = call.transcript.entries.filter((entry) => entry.kind === 'response');
    expect(responses.map((entry) => entry.kind === 'response' && entry.ignored)).toEqual([true, true]);
  });

  test('actions returned to the final HANGUP have no effect', async () => {
    const { call } = await callWith((event) => event.InvocationEventType === 'HANGUP'
      ? respond([speakOn(legA(event), 'are you there?')]) : first(event) ? respond([speakOn(legA(event), 'hello')]) : undefined);
    await call.hangUp();
    expect(call.prompts).toEqual(['hello']);
    expect(rulesOf(call)).toEqual(['ignored-response']);
    expect(call.endReason).toBe('caller-hangup');
  });

  test('the response to ACTION_INTERRUPTED is ignored', async () => {
    const { call } = await callWith((event) => {
      switch (event.InvocationEventType) {
        case 'NEW_INBOUND_CALL':
          return respond([speakOn(legA(event), 'hold on'), pauseFor(10_000)]);
        case 'CALL_UPDATE_REQUESTED':
          return respond([speakOn(legA(event), 'updated')]);
        case 'ACTION_INTERRUPTED':
          return respond([speakOn(legA(event), 'never heard')]);
        default:
          return undefined;
      }
    });
    await call.wait(3_000);
    await call.update({ reason: 'test' });
    await call.wait(5_000);
    expect(eventTypes(call)).toEqual(['NEW_INBOUND_CALL', 'CALL_UPDATE_REQUESTED', 'ACTION_INTERRUPTED', 'ACTION_SUCCESSFUL']);
    expect(eventsOfType(call, 'ACTION_INTERRUPTED')[0].ActionData.Type).toBe('Pause');
    expect(call.prompts).toEqual(['hold on', 'updated']);
    expect(rulesOf(call)).toContain('ignored-response');
  });
});

describe('§2 interruptible actions', () => {
  test('a non-interruptible Speak finishes before the new list starts, and nothing is interrupted', async () => {
    const { call } = await callWith((event) => {
      if (first(event)) {
        return respond([speakOn(legA(event), 'a long announcement that takes a few seconds to say')]);
      }
      return event.InvocationEventType === 'CALL_UPDATE_REQUESTED' ? respond([speakOn(legA(event), 'update')]) : respond([]);
    });
    await call.update({ reason: 'test' });
    expect(call.prompts).toEqual(['a long announcement that takes a few seconds to say']);
    await call.wait(10_000);
    expect(call.prompts).toEqual(['a long announcement that takes a few seconds to say', 'update']);
    expect(eventsOfType(call, 'ACTION_INTERRUPTED')).toEqual([]);
    const updateHeardAt = call.transcript.entries.find((entry) => entry.kind === 'state' && entry.change === 'prompt' && entry.text === 'update')!.t;
    expect(updateHeardAt).toBe(200 + 60 * 51);
  });

  test('a null action list keeps the queued actions; [] replaces them with nothing', async () => {
    const handler = (updateResponse: unknown) => (event: SmaEvent) => {
      if (first(event)) {
        return respond([speakOn(legA(event), 'one'), pauseFor(5_000), speakOn(legA(event), 'three')]);
      }
      return event.InvocationEventType === 'CALL_UPDATE_REQUESTED' ? updateResponse : respond([hangupLegA(event)]);
    };
    const kept = await callWith(handler({ SchemaVersion: '1.0', Actions: null }));
    await kept.call.wait(2_000);
    await kept.call.update({});
    await kept.call.wait(10_000);
    expect(kept.call.prompts).toEqual(['one', 'three']);
    expect(eventsOfType(kept.call, 'ACTION_INTERRUPTED')).toEqual([]);

    const cleared = await callWith(handler(respond([])));
    await cleared.call.wait(2_000);
    await cleared.call.update({});
    await cleared.call.wait(10_000);
    expect(cleared.call.prompts).toEqual(['one']);
    expect(eventTypes(cleared.call)).toEqual(['NEW_INBOUND_CALL', 'CALL_UPDATE_REQUESTED', 'ACTION_INTERRUPTED']);
    expect(cleared.call.silentSince).toBeDefined();
  });
});

describe('§7.1 JoinChimeMeeting against the fake Meetings service', () => {
  test('a valid token of the meeting: LEG-B Outbound Connected, attendee connected', async () => {
    const { call } = await callWith((event) => first(event) ? respond([join(event)]) : undefined);
    expect(call.violations).toEqual([]);
    expect(call.legs['LEG-B']?.status).toBe('Connected');
    const success = eventsOfType(call, 'ACTION_SUCCESSFUL')[0];
    expect(success.CallDetails.Participants.map((leg: any) => [leg.ParticipantTag, leg.Direction, leg.Status]))
      .toEqual([['LEG-A', 'Inbound', 'Connected'], ['LEG-B', 'Outbound', 'Connected']]);
    expect(fakes.meetings.attendees(meeting.meetingId)[0].connected).toBe(true);
  });

  test.each([
    ['an unknown token', () => ({ JoinToken: 'not-a-token-of-anyone' }), 'join-chime-meeting'],
    ['no MeetingId', () => ({ MeetingId: undefined }), 'join-chime-meeting'],
    ['the MeetingId of another meeting', () => ({ MeetingId: fakes.meetings.createMeeting({ externalMeetingId: 'other' }).meetingId }), 'join-chime-meeting'],
  ])('%s: ACTION_FAILED InvalidActionParameter "JoinToken parameter value is invalid." and the rest of the list dropped', async (_name, overrides, rule) => {
    const { call } = await callWith((event) => first(event) ? respond([join(event, overrides()), speakOn(legA(event), 'joined')]) : undefined);
    expect(rulesOf(call)).toEqual([rule]);
    expect(eventsOfType(call, 'ACTION_FAILED')[0].ActionData).toEqual(expect.objectContaining({
      Type: 'JoinChimeMeeting', ErrorType: 'InvalidActionParameter', ErrorMessage: 'JoinToken parameter value is invalid.',
    }));
    expect(call.prompts).toEqual([]);
    expect(call.legs['LEG-B']).toBeUndefined();
  });

  test('a token whose attendee was deleted since fails without a violation (not the handler\'s fault); "combined-error" gives the doc example\'s Error', async () => {
    const { call } = await callWith((event) => {
      if (!first(event)) {
        return undefined;
      }
      const action = join(event);
      const attendee = fakes.meetings.attendees(meeting.meetingId)[0];
      fakes.meetings.deleteAttendee(meeting.meetingId, attendee.attendeeId);
      return respond([action]);
    }, { joinFailureErrorShape: 'combined-error' });
    const data = eventsOfType(call, 'ACTION_FAILED')[0].ActionData;
    expect(data.Error).toBe('ErrorJoiningMeeting: Error while joining meeting.');
    expect(data.ErrorType).toBeUndefined();
    expect(call.violations).toEqual([]);
  });

  test('joining a bridged call (CallAndBridge first) fails: the bridged-call rule', async () => {
    const { call } = await callWith((event) => {
      if (first(event)) {
        return respond([{
          Type: 'CallAndBridge',
          Parameters: { CallerIdNumber: DIAL_IN_NUMBER, Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+15105550188' }] },
        }]);
      }
      return event.InvocationEventType === 'ACTION_SUCCESSFUL' && (event as any).ActionData.Type === 'CallAndBridge' ? respond([join(event)]) : respond([]);
    });
    expect(call.legs['LEG-B']).toEqual(expect.objectContaining({ kind: 'bridge', status: 'Connected', to: '+15105550188' }));
    expect(rulesOf(call)).toEqual(['bridged-call']);
    expect(eventsOfType(call, 'ACTION_FAILED')[0].ActionData.Type).toBe('JoinChimeMeeting');
    expect(call.joinedMeeting).toBeUndefined();
  });

  test('a second join on a joined call is a bridged call too, and StartBotConversation is not allowed after a join', async () => {
    const { call } = await callWith((event) => {
      if (first(event)) {
        return respond([join(event)]);
      }
      const type = (event as any).ActionData?.Type;
      if (event.InvocationEventType === 'ACTION_SUCCESSFUL' && type === 'JoinChimeMeeting') {
        return respond([join(event)]);
      }
      if (event.InvocationEventType === 'ACTION_FAILED' && type === 'JoinChimeMeeting') {
        return respond([{ Type: 'StartBotConversation', Parameters: { BotAliasArn: 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOT/ALIAS', ParticipantTag: 'LEG-A' } }]);
      }
      return respond([]);
    });
    expect(rulesOf(call)).toEqual(['bridged-call', 'bridged-call']);
    expect(eventsOfType(call, 'ACTION_FAILED').map((event) => event.ActionData.Type)).toEqual(['JoinChimeMeeting', 'StartBotConversation']);
    expect(call.inMeeting).toBe(true);
  });

  test('a handler that ignores the LEG-B hangup leaves the caller in silence, and the simulator says so', async () => {
    const { call } = await callWith((event) => first(event) ? respond([join(event)]) : respond([]));
    expect(call.silentSince).toBeUndefined();
    fakes.clock.advance(1_500);
    fakes.meetings.endMeeting(meeting.meetingId);
    await call.settle();
    expect(eventsOfType(call, 'HANGUP')[0].ActionData.Parameters.ParticipantTag).toBe('LEG-B');
    expect(call.status).toBe('connected');
    expect(call.legs['LEG-A']?.status).toBe('Connected');
    expect(call.silentSince).toBe(1_500);
    expect(rulesOf(call)).toEqual(['caller-in-silence']);
    expect(call.transcript.entries).toContainEqual(expect.objectContaining({ kind: 'state', change: 'silence', t: 1_500 }));
  });

  test('Hangup of the meeting leg takes the caller out of the meeting: ACTION_SUCCESSFUL for Hangup, LEG-A stays', async () => {
    const { call } = await callWith((event) => {
      if (first(event)) {
        return respond([join(event)]);
      }
      if ((event as any).ActionData?.Type === 'JoinChimeMeeting') {
        return respond([{ Type: 'Hangup', Parameters: { ParticipantTag: 'LEG-B' } }, speakOn(legA(event), 'you left the meeting')]);
      }
      return respond(event.InvocationEventType === 'HANGUP' ? [] : [hangupLegA(event)]);
    });
    expect(call.inMeeting).toBe(false);
    expect(call.prompts).toEqual(['you left the meeting']);
    await call.wait(5_000);
    expect(eventsOfType(call, 'ACTION_SUCCESSFUL').map((event) => event.ActionData.Type)).toEqual(['JoinChimeMeeting', 'Speak']);
    expect(fakes.meetings.attendees(meeting.meetingId)[0].connected).toBe(false);
    expect(call.violations).toEqual([]);
  });
});

describe('§7.2 ModifyChimeMeetingAttendees', () => {
  test('on a call that is not in a meeting it fails', async () => {
    const { call } = await callWith((event) => first(event)
      ? respond([{ Type: 'ModifyChimeMeetingAttendees', Parameters: { Operation: 'Mute', MeetingId: meeting.meetingId, AttendeeList: [meeting.meetingId] } }])
      : undefined);
    expect(rulesOf(call)).toEqual(['modify-attendees']);
    expect(eventsOfType(call, 'ACTION_FAILED')[0].ActionData).toEqual(expect.objectContaining({ ErrorType: 'InvalidActionParameter', ErrorList: [] }));
  });

  test('attendees that are not in the meeting fail with an ErrorList', async () => {
    const stranger = fakes.meetings.createMeeting({ externalMeetingId: 'elsewhere' });
    const outsider = fakes.meetings.createAttendee(stranger.meetingId, 'outsider');
    const { call } = await callWith((event) => {
      if (first(event)) {
        return respond([join(event)]);
      }
      return (event as any).ActionData?.Type === 'JoinChimeMeeting'
        ? respond([{ Type: 'ModifyChimeMeetingAttendees', Parameters: { Operation: 'Mute', MeetingId: meeting.meetingId, AttendeeList: [outsider.attendeeId] } }])
        : respond([]);
    });
    expect(rulesOf(call)).toEqual(['modify-attendees']);
    expect(eventsOfType(call, 'ACTION_FAILED')[0].ActionData.ErrorList).toEqual([expect.objectContaining({ AttendeeId: outsider.attendeeId })]);
    expect(call.muted).toBe(false);
  });
});

describe('§6 TransactionAttributes', () => {
  const pairs = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`key${index}`, 'v']));

  test('101 pairs: INVALID_LAMBDA_RESPONSE TransactionAttributesInvalidMapSize, nothing stored or run', async () => {
    const { call } = await callWith((event) => first(event) ? respond([speakOn(legA(event), 'hi')], pairs(101)) : undefined);
    expect(rulesOf(call)).toEqual(['transaction-attributes']);
    const [invalid] = eventsOfType(call, 'INVALID_LAMBDA_RESPONSE');
    expect(invalid).toEqual(expect.objectContaining({
      ErrorType: 'TransactionAttributesInvalidMapSize',
      ErrorMessage: 'Transaction Attributes has too many mappings. Maximum number of mappings is 100',
    }));
    expect(invalid.CallDetails.TransactionAttributes).toBeUndefined();
    expect(call.prompts).toEqual([]);
  });

  test('the limit of the docs\' example (10) is a setting, and the error can sit in ActionData', async () => {
    const { call } = await callWith((event) => first(event) ? respond([], pairs(11)) : undefined,
      { maxTransactionAttributePairs: 10, invalidResponseErrorLocation: 'action-data' });
    const [invalid] = eventsOfType(call, 'INVALID_LAMBDA_RESPONSE');
    expect(invalid.ActionData).toEqual(expect.objectContaining({ ErrorMessage: 'Transaction Attributes has too many mappings. Maximum number of mappings is 10' }));
    expect(invalid.ErrorType).toBeUndefined();
  });

  test('a non-string value is rejected', async () => {
    const { call } = await callWith((event) => first(event) ? respond([], { attempts: 3 }) : undefined);
    expect(rulesOf(call)).toEqual(['transaction-attributes']);
    expect(eventsOfType(call, 'INVALID_LAMBDA_RESPONSE')[0].ErrorType).toBe('TransactionAttributesInvalidValue');
  });

  test('merge by default, {} clears, an absent map keeps; "replace" is a setting', async () => {
    const script = [
      { state: 'pin' }, { attempts: '1' }, undefined, {}, { state: 'end' },
    ];
    const run = async (settings?: SimulatorSettingsOverrides) => {
      let step = 0;
      const { call } = await callWith((event) => {
        const attributes = script[step++];
        return step > script.length ? respond([hangupLegA(event)]) : respond([pauseFor(100)], attributes);
      }, settings);
      await call.wait(1_000);
      return eventsOf(call).slice(1, 6).map((event) => event.CallDetails.TransactionAttributes);
    };
    expect(await run()).toEqual([{ state: 'pin' }, { state: 'pin', attempts: '1' }, { state: 'pin', attempts: '1' }, {}, { state: 'end' }]);
    expect(await run({ transactionAttributesUpdate: 'replace' })).toEqual([{ state: 'pin' }, { attempts: '1' }, { attempts: '1' }, {}, { state: 'end' }]);
  });

  test('a merge that would store more pairs than allowed is rejected', async () => {
    let step = 0;
    const { call } = await callWith(() => {
      step += 1;
      return step <= 2 ? respond([pauseFor(100)], Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`k${step}-${index}`, 'v']))) : undefined;
    });
    await call.wait(1_000);
    expect(rulesOf(call)).toEqual(['transaction-attributes']);
    expect(Object.keys(call.attributes)).toHaveLength(60);
  });
});

describe('§2 timing: 5 s retry and 20 s hang-up on the virtual clock', () => {
  /** A handler that looks the meeting up with the real SDK before answering: a latency fault makes it slow. */
  const slowHandler = () => rawHandler(async (event) => {
    if (!first(event)) {
      return respond([]);
    }
    await fakes.meetingsClient.send(new GetMeetingCommand({ MeetingId: meeting.meetingId }));
    return respond([speakOn(legA(event), 'welcome')]);
  });

  test('6 virtual seconds: the SMA invokes again at 5 s with the same event and ignores the late answer', async () => {
    fakes.meetings.faults.inject('GetMeeting', { kind: 'latency', latencyMs: 6_000, times: 1 });
    const sim = simulator(fakes, slowHandler());
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });

    const invokes = call.transcript.entries.filter((entry) => entry.kind === 'invoke');
    expect(invokes.map((entry) => entry.kind === 'invoke' && [entry.t, entry.sequence, entry.attempt])).toEqual([[0, 1, 1], [5_000, 1, 2]]);
    expect(rulesOf(call)).toEqual(['response-time']);
    const response = call.transcript.entries.find((entry) => entry.kind === 'response');
    expect(response).toEqual(expect.objectContaining({ attempt: 2, tookMs: 5_000 }));
    expect(call.prompts).toEqual(['welcome']);
    expect(call.status).toBe('connected');

    await call.wait(2_000);
    expect(call.transcript.entries.filter((entry) => entry.kind === 'response' && entry.sequence === 1)).toHaveLength(1);
  });

  test('the retry can carry the next Sequence (setting)', async () => {
    fakes.meetings.faults.inject('GetMeeting', { kind: 'latency', latencyMs: 6_000, times: 1 });
    const sim = simulator(fakes, slowHandler(), { retrySequence: 'next' });
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(eventsOf(call).map((event) => event.Sequence)).toEqual([1, 2]);
  });

  test('21 virtual seconds: no answer within 20 s, the SMA hangs up (SIP 480)', async () => {
    fakes.meetings.faults.inject('GetMeeting', { kind: 'latency', latencyMs: 21_000 });
    const sim = simulator(fakes, slowHandler());
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(call.status).toBe('ended');
    expect(call.endReason).toBe('lambda-timeout');
    expect(rulesOf(call)).toEqual(['response-time', 'lambda-timeout']);
    expect(call.transcript.entries).toContainEqual(expect.objectContaining({ kind: 'state', change: 'call-ended', sipResponseCode: 480, t: 20_000 }));
    expect(call.prompts).toEqual([]);
  });

  test('a handler\'s own virtual timeout that comes earlier fires first: no retry', async () => {
    fakes.meetings.faults.inject('GetMeeting', { kind: 'latency', latencyMs: 10_000 });
    const sim = simulator(fakes, rawHandler(async (event) => {
      if (!first(event)) {
        return respond([]);
      }
      const abort = new AbortController();
      const budget = fakes.clock.sleep(2_000).then(() => abort.abort());
      try {
        await fakes.meetingsClient.send(new GetMeetingCommand({ MeetingId: meeting.meetingId }), { abortSignal: abort.signal });
        return respond([speakOn(legA(event), 'welcome')]);
      } catch {
        return respond([speakOn(legA(event), 'sorry, try later'), hangupLegA(event)]);
      } finally {
        void budget;
      }
    }));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(call.violations).toEqual([]);
    expect(call.transcript.entries.find((entry) => entry.kind === 'response')).toEqual(expect.objectContaining({ tookMs: 2_000 }));
    expect(call.prompts).toEqual(['sorry, try later']);
  });

  test('a handler that throws is invoked once more, then the call ends with SIP 480', async () => {
    const sim = simulator(fakes, rawHandler(() => {
      throw new Error('boom');
    }));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(eventsOf(call).map((event) => event.Sequence)).toEqual([1, 1]);
    expect(rulesOf(call)).toEqual(['handler-error', 'handler-error']);
    expect(call.violations[0].message).toContain('Error: boom');
    expect(call.endReason).toBe('lambda-error');
    expect(call.transcript.entries).toContainEqual(expect.objectContaining({ kind: 'state', change: 'call-ended', sipResponseCode: 480 }));
  });

  test('a handler that fails once and then answers keeps the call', async () => {
    let calls = 0;
    const sim = simulator(fakes, rawHandler(async (event) => {
      calls += 1;
      if (calls === 1) {
        throw new Error('cold start');
      }
      return respond(first(event) ? [speakOn(legA(event), 'hello')] : []);
    }));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(call.prompts).toEqual(['hello']);
    expect(rulesOf(call)).toEqual(['handler-error']);
    expect(call.transcript.entries).toContainEqual(expect.objectContaining({ kind: 'state', change: 'retry', reason: 'error' }));
  });
});

describe('§2 at most 1,000 invocations per call', () => {
  test('a handler that loops forever on Pause is stopped at the 1,000th invocation', async () => {
    const { call } = await callWith((event) => first(event) ? respond([speakOn(legA(event), 'looping'), pauseFor(100)]) : respond([pauseFor(100)]));
    await call.wait(10 * 60_000);
    expect(call.invocations).toBe(1000);
    expect(eventsOf(call)).toHaveLength(1000);
    expect(call.endReason).toBe('invocation-limit');
    expect(rulesOf(call)).toEqual(['invocation-limit']);
  });
});

describe('calls that nobody answers', () => {
  test('an inbound call whose handler answers nothing is dropped after 30 s', async () => {
    const { call } = await callWith(() => respond([]));
    expect(call.status).toBe('ringing');
    expect(call.silentSince).toBeUndefined();
    await call.wait(30_000);
    expect(call.endReason).toBe('unanswered-timeout');
  });

  test('a Hangup on NEW_INBOUND_CALL rejects the call unanswered', async () => {
    const { call } = await callWith((event) => first(event) ? respond([hangupLegA(event)]) : undefined);
    expect(call.endReason).toBe('rejected');
    expect(eventTypes(call)).toEqual(['NEW_INBOUND_CALL', 'HANGUP']);
  });
});
