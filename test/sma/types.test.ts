import {
  ActionFailedEvent, ActionSuccessfulEvent, createSmaRouter, EchoedParameters, HangupAction, JoinChimeMeetingAction, RecordAudioParameters,
  SmaAction, SmaEvent, SmaEventOf, hangup, joinChimeMeeting,
} from '../../src/sma';

// Type-level tests: every `@ts-expect-error` line must fail to type-check (ts-jest type-checks this file,
// so an expectation that stops failing breaks the test run).
describe('types', () => {
  it('discriminate actions on Type', () => {
    // @ts-expect-error a Hangup has no JoinToken
    const wrongParameters: HangupAction = { Type: 'Hangup', Parameters: { JoinToken: 'x' } };
    // @ts-expect-error the union picks the member by Type, so JoinChimeMeeting parameters do not fit a Hangup
    const wrongInUnion: SmaAction = { Type: 'Hangup', Parameters: { JoinToken: 'xx' } };
    // @ts-expect-error JoinChimeMeeting requires JoinToken
    const missingToken: JoinChimeMeetingAction = { Type: 'JoinChimeMeeting', Parameters: {} };
    // @ts-expect-error JoinChimeMeeting accepts only LEG-A
    const legB: JoinChimeMeetingAction = { Type: 'JoinChimeMeeting', Parameters: { JoinToken: 'xx', ParticipantTag: 'LEG-B' } };
    // @ts-expect-error an unknown action type
    const unknownType: SmaAction = { Type: 'Answer', Parameters: {} };
    // @ts-expect-error RecordAudio takes CallId or ParticipantTag, not both
    const both: RecordAudioParameters = { CallId: 'a', ParticipantTag: 'LEG-A', RecordingDestination: { Type: 'S3', BucketName: 'b-1' }, RecordingTerminators: ['#'] };
    const valid: SmaAction = { Type: 'Hangup', Parameters: { SipResponseCode: '0' } };
    expect([wrongParameters, wrongInUnion, missingToken, legB, unknownType, both, valid]).toHaveLength(7);
  });

  it('type builder options', () => {
    // @ts-expect-error joinToken is required
    expect(() => joinChimeMeeting({ callId: 'a' })).toThrow();
    // @ts-expect-error only 0, 480 and 486
    expect(() => hangup({ sipResponseCode: 404 })).toThrow();
    const action: JoinChimeMeetingAction = joinChimeMeeting({ joinToken: 'xx' });
    expect(action.Type).toBe('JoinChimeMeeting');
  });

  it('narrow events on InvocationEventType', () => {
    const describe = (event: SmaEvent): string => {
      switch (event.InvocationEventType) {
        case 'ACTION_FAILED':
          return event.ActionData.ErrorType;
        case 'INVALID_LAMBDA_RESPONSE':
          return event.ErrorMessage;
        case 'DIGITS_RECEIVED':
          return event.ActionData.ReceivedDigits;
        case 'NEW_INBOUND_CALL':
          // @ts-expect-error NEW_INBOUND_CALL carries no ActionData
          return event.ActionData;
        default:
          return event.InvocationEventType;
      }
    };
    expect(typeof describe).toBe('function');
    const ringing: SmaEventOf<'RINGING'>['InvocationEventType'] = 'RINGING';
    // @ts-expect-error SmaEventOf picks one member
    const notRinging: SmaEventOf<'RINGING'>['InvocationEventType'] = 'HANGUP';
    expect([ringing, notRinging]).toHaveLength(2);
  });

  it('narrow ActionData by action type in action handlers', () => {
    const onJoin = (event: ActionSuccessfulEvent<'JoinChimeMeeting'>): unknown => event.ActionData.Parameters.MeetingId;
    // @ts-expect-error a JoinChimeMeeting success has no ReceivedDigits
    const noDigits = (event: ActionSuccessfulEvent<'JoinChimeMeeting'>): unknown => event.ActionData.ReceivedDigits;
    const digits = (event: ActionSuccessfulEvent<'SpeakAndGetDigits'>): string | undefined => event.ActionData.ReceivedDigits;
    const failed = (event: ActionFailedEvent<'Speak'>): string => event.ActionData.ErrorType;
    const leg = (parameters: EchoedParameters<'Hangup'>): string | undefined => parameters.CallId;
    expect([onJoin, noDigits, digits, failed, leg]).toHaveLength(5);

    createSmaRouter({ onError: () => undefined })
      .onActionSuccessful('SpeakAndGetDigits', (event) => {
        const received: string | undefined = event.ActionData.ReceivedDigits;
        expect(received).toBeDefined();
        return [];
      })
      // @ts-expect-error handlers must return actions or a response
      .on('HANGUP', () => 'done');
  });
});
