import { LEG_A, LEG_B, loadSmaFixture, MEETING_ID } from './fixtures';
import {
  createSmaRouter, DEFAULT_APOLOGY, hangup, joinChimeMeeting, mergeAttributes, SmaAction, SmaHandlerContext, SmaResponse, SmaRouterErrorInfo,
  SmaValidationError, speak, validateAction,
} from '../../src/sma';

const apologyThenHangup = (callId: string): SmaResponse => ({
  SchemaVersion: '1.0',
  Actions: [
    { Type: 'Speak', Parameters: { CallId: callId, Text: DEFAULT_APOLOGY.text } },
    { Type: 'Hangup', Parameters: { CallId: callId } },
  ],
});
const empty: SmaResponse = { SchemaVersion: '1.0', Actions: [] };

/** A router whose errors are collected instead of logged. */
function quietRouter(errors: [unknown, SmaRouterErrorInfo][] = []) {
  return createSmaRouter({ onError: (error, info) => errors.push([error, info]), onWarning: () => undefined });
}

describe('SmaRouter: dispatch', () => {
  it('routes by event type and hands over the parsed event and its context', async () => {
    let seen: SmaHandlerContext | undefined;
    const router = quietRouter().on('ACTION_SUCCESSFUL', (event, context) => {
      seen = context;
      expect(event.InvocationEventType).toBe('ACTION_SUCCESSFUL');
      return [];
    });
    await router.handler(loadSmaFixture('action-successful.join-chime-meeting.json'));
    expect(seen).toMatchObject({
      attributes: { state: 'joining', meetingId: MEETING_ID },
      legA: { CallId: LEG_A },
      legB: { CallId: LEG_B },
      invokingLeg: { CallId: LEG_A },
      bridged: true,
    });
  });

  it('routes ACTION_SUCCESSFUL and ACTION_FAILED by action type first, then by event type', async () => {
    const calls: string[] = [];
    const router = quietRouter()
      .onActionSuccessful('JoinChimeMeeting', (event) => {
        calls.push(`joined ${event.ActionData.Parameters.CallId}`);
        return [];
      })
      .onActionFailed('JoinChimeMeeting', (event) => {
        calls.push(`join failed: ${event.ActionData.ErrorType}`);
        return [];
      })
      .on('ACTION_SUCCESSFUL', (event) => {
        calls.push(`other success: ${event.ActionData.Type}`);
        return [];
      });
    await router.handler(loadSmaFixture('action-successful.join-chime-meeting.json'));
    await router.handler(loadSmaFixture('action-failed.join-chime-meeting.seed.json'));
    await router.handler(loadSmaFixture('action-successful.speak-and-get-digits.json'));
    expect(calls).toEqual([`joined ${LEG_A}`, 'join failed: ErrorJoiningMeeting', 'other success: SpeakAndGetDigits']);
  });

  it('turns a returned action list into a response that keeps the attributes', async () => {
    const router = quietRouter().on('NEW_INBOUND_CALL', (_event, context) => [joinChimeMeeting({ joinToken: 'token-1', callId: context.legA!.CallId, meetingId: MEETING_ID })]);
    expect(await router.handler(loadSmaFixture('new-inbound-call.json'))).toEqual({
      SchemaVersion: '1.0',
      Actions: [{ Type: 'JoinChimeMeeting', Parameters: { JoinToken: 'token-1', CallId: LEG_A, MeetingId: MEETING_ID } }],
    });
  });

  it('merges attributes with the current ones through context.respond', async () => {
    const router = quietRouter().on('ACTION_SUCCESSFUL', (_event, context) => context.respond([], mergeAttributes({ state: 'joined' })));
    const response = await router.handler(loadSmaFixture('action-successful.join-chime-meeting.json'));
    expect(response.TransactionAttributes).toEqual({ state: 'joined', meetingId: MEETING_ID, attendeeId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
  });

  it('awaits async handlers', async () => {
    const router = quietRouter().on('CALL_ANSWERED', async (_event, context) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return [joinChimeMeeting({ joinToken: 'token-1', callId: context.legA!.CallId })];
    });
    expect((await router.handle(loadSmaFixture('call-answered.json'))).Actions[0].Type).toBe('JoinChimeMeeting');
  });

  it.each([
    ['an unknown event type', () => quietRouter().on('CALL_ENDED' as never, () => [])],
    ['an unknown action type', () => quietRouter().onActionSuccessful('Answer' as never, () => [])],
    ['a handler that is not a function', () => quietRouter().on('HANGUP', 'hang up' as never)],
    ['a second handler for the same event', () => quietRouter().on('HANGUP', () => []).on('HANGUP', () => [])],
    ['a second handler for the same action', () => quietRouter().onActionFailed('Speak', () => []).onActionFailed('Speak', () => [])],
    ['an invalid apology', () => createSmaRouter({ apology: { text: '' } })],
  ])('refuses %s when it is set up, not during a call', (_name, setUp) => {
    expect(setUp).toThrow(SmaValidationError);
  });
});

describe('SmaRouter: safe defaults for unhandled events', () => {
  it.each([
    ['new-inbound-call.json', apologyThenHangup(LEG_A)],
    ['new-outbound-call.json', empty],
    ['ringing.json', empty],
    ['call-answered.json', apologyThenHangup(LEG_A)],
    ['action-successful.join-chime-meeting.json', empty],
    ['action-successful.speak-and-get-digits.json', apologyThenHangup(LEG_A)],
    ['action-failed.join-chime-meeting.json', apologyThenHangup(LEG_A)],
    ['action-failed.join-chime-meeting.seed.json', apologyThenHangup('call-id-1')],
    ['action-failed.modify-chime-meeting-attendees.json', empty], // in the meeting: a failed mute must not drop the caller
    ['action-interrupted.play-audio.json', empty],
    ['hangup.leg-b-meeting-ended.json', { SchemaVersion: '1.0', Actions: [{ Type: 'Hangup', Parameters: { CallId: LEG_A } }] }],
    ['hangup.leg-b-case-5.json', { SchemaVersion: '1.0', Actions: [{ Type: 'Hangup', Parameters: { CallId: LEG_A } }] }],
    ['hangup.leg-a.json', empty],
    ['digits-received.json', empty],
    ['call-update-requested.json', empty],
    ['invalid-lambda-response.json', apologyThenHangup(LEG_A)],
  ])('%s', async (name, expected) => {
    const errors: [unknown, SmaRouterErrorInfo][] = [];
    expect(await quietRouter(errors).handler(loadSmaFixture(name))).toEqual(expected);
    expect(errors).toEqual([]);
  });
});

describe('SmaRouter: defaults on a bridged call', () => {
  it('keep the caller in the meeting after an invalid response', async () => {
    const raw = loadSmaFixture('invalid-lambda-response.json');
    const details = raw.CallDetails as { Participants: unknown[] };
    details.Participants = [
      { CallId: LEG_A, ParticipantTag: 'LEG-A', Status: 'Connected' },
      { CallId: LEG_B, ParticipantTag: 'LEG-B', Status: 'Connected' },
    ];
    expect(await quietRouter().handler(raw)).toEqual(empty);
  });
});

describe('SmaRouter: errors become an apology and a Hangup, never a throw', () => {
  it('apologizes when a handler throws, and reports the error without the event', async () => {
    const errors: [unknown, SmaRouterErrorInfo][] = [];
    const failure = new Error('directory unavailable');
    const router = quietRouter(errors).onActionSuccessful('SpeakAndGetDigits', () => {
      throw failure;
    });
    expect(await router.handler(loadSmaFixture('action-successful.speak-and-get-digits.json'))).toEqual(apologyThenHangup(LEG_A));
    expect(errors).toEqual([[failure, {
      stage: 'handler', eventType: 'ACTION_SUCCESSFUL', actionType: 'SpeakAndGetDigits', sequence: 2, transactionId: '8b7c2f4e-9d1a-4c3b-a5e6-0f1d2c3b4a59',
    }]]);
  });

  it('apologizes when an async handler rejects', async () => {
    const router = quietRouter().on('NEW_INBOUND_CALL', () => Promise.reject(new Error('timeout')));
    expect(await router.handler(loadSmaFixture('new-inbound-call.json'))).toEqual(apologyThenHangup(LEG_A));
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'Hangup'],
    ['an action with a missing required parameter', [{ Type: 'Speak', Parameters: { Text: 'Hi' } }]],
    ['an unknown action', [{ Type: 'Answer', Parameters: {} }]],
    ['11 actions', Array(11).fill({ Type: 'Hangup', Parameters: {} })],
    ['a response with SchemaVersion 2.0', { SchemaVersion: '2.0', Actions: [] }],
    ['attributes that are not strings', { SchemaVersion: '1.0', Actions: [], TransactionAttributes: { attempts: 2 } }],
  ])('apologizes when a handler returns %s', async (_name, result) => {
    const errors: [unknown, SmaRouterErrorInfo][] = [];
    const router = quietRouter(errors).on('NEW_INBOUND_CALL', () => result as never);
    expect(await router.handler(loadSmaFixture('new-inbound-call.json'))).toEqual(apologyThenHangup(LEG_A));
    expect(errors).toHaveLength(1);
    expect(errors[0][0]).toBeInstanceOf(SmaValidationError);
    expect(errors[0][1].stage).toBe('response');
  });

  it('checks every rule of every action when given validateAction', async () => {
    const pause = [{ Type: 'Pause', Parameters: { DurationInMilliseconds: 0 } }] as never;
    const cheap = quietRouter().on('NEW_INBOUND_CALL', () => pause);
    const full = createSmaRouter({ validateAction, onError: () => undefined }).on('NEW_INBOUND_CALL', () => pause);
    expect((await cheap.handler(loadSmaFixture('new-inbound-call.json'))).Actions).toEqual(pause);
    expect(await full.handler(loadSmaFixture('new-inbound-call.json'))).toEqual(apologyThenHangup(LEG_A));
  });

  it('apologizes on LEG-A even when the event is invalid, using its CallId read defensively', async () => {
    const errors: [unknown, SmaRouterErrorInfo][] = [];
    const raw = loadSmaFixture('action-successful.join-chime-meeting.json');
    raw.SchemaVersion = '2.0';
    expect(await quietRouter(errors).handler(raw)).toEqual(apologyThenHangup(LEG_A));
    expect(errors[0][1]).toEqual({ stage: 'parse', eventType: undefined, actionType: undefined, sequence: undefined, transactionId: undefined });
    expect((errors[0][0] as SmaValidationError).path).toBe('$.SchemaVersion');
  });

  it('hangs up a live LEG-B without speaking when LEG-A is gone', async () => {
    const raw = loadSmaFixture('hangup.leg-a.json');
    (raw.CallDetails as { Participants: { Status: string }[] }).Participants[1].Status = 'Connected';
    const router = quietRouter().on('HANGUP', () => {
      throw new Error('cleanup failed');
    });
    expect(await router.handler(raw)).toEqual({ SchemaVersion: '1.0', Actions: [{ Type: 'Hangup', Parameters: { CallId: LEG_B } }] });
  });

  it('returns [] when no leg is live or known', async () => {
    const router = quietRouter().on('HANGUP', () => {
      throw new Error('cleanup failed');
    });
    expect(await router.handler(loadSmaFixture('hangup.leg-a.json'))).toEqual(empty);
    for (const input of [undefined, null, 'event', 42, [], {}, { CallDetails: { Participants: [{ CallId: 'bad id', ParticipantTag: 'LEG-A' }] } }]) {
      expect(await router.handler(input)).toEqual(empty);
    }
  });

  it('hangs up without speaking when the apology is turned off', async () => {
    const router = createSmaRouter({ apology: false, onError: () => undefined });
    expect(await router.handler(loadSmaFixture('action-failed.join-chime-meeting.json'))).toEqual({
      SchemaVersion: '1.0', Actions: [{ Type: 'Hangup', Parameters: { CallId: LEG_A } }],
    });
  });

  it('speaks a configured apology', async () => {
    const router = createSmaRouter({ apology: { text: 'Désolé, au revoir.', voiceId: 'Lea', languageCode: 'fr-FR', engine: 'neural' } });
    expect((await router.handler(loadSmaFixture('new-inbound-call.json'))).Actions[0]).toEqual({
      Type: 'Speak', Parameters: { CallId: LEG_A, Text: 'Désolé, au revoir.', Engine: 'neural', LanguageCode: 'fr-FR', VoiceId: 'Lea' },
    });
  });

  it('survives an onError that throws', async () => {
    const router = createSmaRouter({
      onError: () => {
        throw new Error('logger down');
      },
    }).on('NEW_INBOUND_CALL', () => {
      throw new Error('boom');
    });
    expect(await router.handler(loadSmaFixture('new-inbound-call.json'))).toEqual(apologyThenHangup(LEG_A));
  });

  it('logs to console.error by default, without the join token or phone numbers of the event', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const raw = loadSmaFixture('action-failed.join-chime-meeting.json');
      raw.Sequence = 'three';
      await createSmaRouter().handler(raw);
      expect(log).toHaveBeenCalledTimes(1);
      const logged = log.mock.calls[0].map(String).join(' ');
      expect(logged).toContain('$.Sequence');
      const token = ((loadSmaFixture('action-failed.join-chime-meeting.json').ActionData as { Parameters: { JoinToken: string } }).Parameters.JoinToken);
      expect(logged).not.toContain(token);
      expect(logged).not.toContain('+1206');
    } finally {
      log.mockRestore();
    }
  });
});

describe('SmaRouter: nothing is shared between invocations', () => {
  it('builds the default apology afresh each time', async () => {
    const router = quietRouter();
    const first = await router.handler(loadSmaFixture('new-inbound-call.json'));
    (first.Actions as SmaAction[]).length = 0;
    (first.Actions as unknown as SmaAction[]).push(hangup());
    Object.assign(first, { SchemaVersion: '9' });
    const second = await router.handler(loadSmaFixture('new-inbound-call.json'));
    expect(second).toEqual(apologyThenHangup(LEG_A));
  });

  it('copies what a handler returns, so mutating a response does not change the handler\'s actions', async () => {
    const greeting = [speak({ callId: LEG_A, text: 'Welcome.' })];
    const router = quietRouter().on('NEW_INBOUND_CALL', () => greeting);
    const first = await router.handler(loadSmaFixture('new-inbound-call.json'));
    (first.Actions[0].Parameters as { Text: string }).Text = 'Changed.';
    const second = await router.handler(loadSmaFixture('new-inbound-call.json'));
    expect(second.Actions[0].Parameters).toEqual({ CallId: LEG_A, Text: 'Welcome.' });
    expect(greeting[0].Parameters.Text).toBe('Welcome.');
  });

  it('hands each invocation its own event and context', async () => {
    const seen: unknown[] = [];
    const router = quietRouter().on('NEW_INBOUND_CALL', (event, context) => {
      seen.push(event, context.attributes);
      (event.CallDetails as { TransactionId: string }).TransactionId = 'mutated';
      return [];
    });
    await router.handler(loadSmaFixture('new-inbound-call.json'));
    await router.handler(loadSmaFixture('new-inbound-call.json'));
    expect(seen[0]).not.toBe(seen[2]);
    expect(seen[1]).not.toBe(seen[3]);
  });
});

describe('SmaRouter: apologyAttributes', () => {
  it('marks the call with them when it apologises for a handler that threw, merged into the stored attributes', async () => {
    const router = createSmaRouter({ apologyAttributes: { flow: 'ending' }, onError: () => undefined, onWarning: () => undefined })
      .on('ACTION_SUCCESSFUL', () => {
        throw new Error('the directory is down');
      });
    const event = loadSmaFixture('action-successful.speak-and-get-digits.json');

    const response = await router.handler(event);

    expect(response.Actions).toEqual(apologyThenHangup(LEG_A).Actions);
    expect(response.TransactionAttributes).toEqual({ state: 'pin', flow: 'ending' });
  });

  it('sends no attributes when no leg is live (nothing to apologise to)', async () => {
    const router = createSmaRouter({ apologyAttributes: { flow: 'ending' }, onError: () => undefined, onWarning: () => undefined });
    const response = await router.handler({ not: 'an event' });

    expect(response).toEqual(empty);
  });
});
