import { LEG_A, loadSmaFixture, MEETING_ID, rejection } from './fixtures';
import {
  assertCanJoinChimeMeeting, joinChimeMeeting, parseSmaEvent, validateAction,
} from '../../src/sma';

// One test per rule of the JoinChimeMeeting page, https://docs.aws.amazon.com/chime-sdk/latest/dg/join-chime-meeting.html
// (docs/sma-model.md#join-chime-meeting); "the page's example" below means the examples on that page.
describe('JoinChimeMeeting (the rules of its AWS page)', () => {
  const token = 'meeting-attendee-join-token';

  it('builds the page\'s example shape: Type and Parameters { JoinToken, CallId, ParticipantTag, MeetingId }', () => {
    expect(joinChimeMeeting({ joinToken: token, callId: 'call-id-1', participantTag: 'LEG-A', meetingId: MEETING_ID })).toEqual({
      Type: 'JoinChimeMeeting',
      Parameters: { JoinToken: token, CallId: 'call-id-1', ParticipantTag: 'LEG-A', MeetingId: MEETING_ID },
    });
  });

  it('requires JoinToken', () => {
    const error = rejection(() => joinChimeMeeting({} as never));
    expect(error.path).toBe('JoinChimeMeeting.Parameters.JoinToken');
    expect(error.message).toBe('JoinChimeMeeting.Parameters.JoinToken is missing: a value is required');
  });

  it('requires JoinToken to be a string', () => {
    expect(rejection(() => joinChimeMeeting({ joinToken: 12345 as never })).rule).toBe('must be a string');
  });

  it('rejects a JoinToken shorter than 2 characters', () => {
    const error = rejection(() => joinChimeMeeting({ joinToken: 'x' }));
    expect(error).toMatchObject({ path: 'JoinChimeMeeting.Parameters.JoinToken', rule: 'must be 2 to 2048 characters' });
    expect(error.value).toBe('x');
  });

  it('rejects a JoinToken longer than 2048 characters', () => {
    expect(rejection(() => joinChimeMeeting({ joinToken: 'a'.repeat(2049) })).rule).toBe('must be 2 to 2048 characters');
  });

  it('accepts JoinTokens of exactly 2 and exactly 2048 characters', () => {
    expect(joinChimeMeeting({ joinToken: 'ab' }).Parameters.JoinToken).toBe('ab');
    expect(joinChimeMeeting({ joinToken: 'a'.repeat(2048) }).Parameters.JoinToken).toHaveLength(2048);
  });

  it('never puts the JoinToken into the error message', () => {
    const secret = 'S'.repeat(2049);
    expect(rejection(() => joinChimeMeeting({ joinToken: secret })).message).not.toContain('SSSS');
  });

  it('makes CallId optional', () => {
    expect(joinChimeMeeting({ joinToken: token }).Parameters).toEqual({ JoinToken: token });
  });

  it('checks the CallId shape', () => {
    for (const bad of ['', 'has space', 'a'.repeat(129), 'semi;colon', 42]) {
      expect(rejection(() => joinChimeMeeting({ joinToken: token, callId: bad as string })).path).toBe('JoinChimeMeeting.Parameters.CallId');
    }
    expect(joinChimeMeeting({ joinToken: token, callId: LEG_A }).Parameters.CallId).toBe(LEG_A);
  });

  it('makes ParticipantTag optional (the service defaults to the invoking leg)', () => {
    expect(joinChimeMeeting({ joinToken: token, callId: LEG_A }).Parameters).not.toHaveProperty('ParticipantTag');
  });

  it('accepts only LEG-A as ParticipantTag', () => {
    expect(joinChimeMeeting({ joinToken: token, participantTag: 'LEG-A' }).Parameters.ParticipantTag).toBe('LEG-A');
    for (const tag of ['LEG-B', 'leg-a', 'Leg-A', '']) {
      expect(rejection(() => joinChimeMeeting({ joinToken: token, participantTag: tag as 'LEG-A' })).rule).toBe('must be "LEG-A"');
    }
  });

  it('keeps both CallId and ParticipantTag when both are given (the service then ignores the tag)', () => {
    expect(joinChimeMeeting({ joinToken: token, callId: LEG_A, participantTag: 'LEG-A' }).Parameters).toEqual({
      JoinToken: token, CallId: LEG_A, ParticipantTag: 'LEG-A',
    });
  });

  it('makes MeetingId optional (meetings of the legacy Amazon Chime namespace need none)', () => {
    expect(joinChimeMeeting({ joinToken: token }).Parameters).not.toHaveProperty('MeetingId');
  });

  it('checks the MeetingId shape: a UUID in any letter case', () => {
    expect(joinChimeMeeting({ joinToken: token, meetingId: MEETING_ID.toUpperCase() }).Parameters.MeetingId).toBe(MEETING_ID.toUpperCase());
    // The page's "meeting-id" is a placeholder, not a valid meeting id.
    for (const bad of ['meeting-id', '', `${MEETING_ID}0`, MEETING_ID.replace(/-/g, '')]) {
      expect(rejection(() => joinChimeMeeting({ joinToken: token, meetingId: bad })).rule).toBe('must be a UUID');
    }
  });

  it('omits absent optional keys (no undefined values)', () => {
    const action = joinChimeMeeting({ joinToken: token, callId: undefined, participantTag: undefined, meetingId: undefined });
    expect(Object.keys(action.Parameters)).toEqual(['JoinToken']);
    expect(JSON.stringify(action)).toBe(`{"Type":"JoinChimeMeeting","Parameters":{"JoinToken":"${token}"}}`);
  });

  it('emits no keys beyond Type and Parameters, and no unknown parameters', () => {
    const action = joinChimeMeeting({ joinToken: token, callId: LEG_A, participantTag: 'LEG-A', meetingId: MEETING_ID });
    expect(Object.keys(action)).toEqual(['Type', 'Parameters']);
    expect(Object.keys(action.Parameters)).toEqual(['JoinToken', 'CallId', 'ParticipantTag', 'MeetingId']);
    expect(rejection(() => joinChimeMeeting({ joinToken: token, extra: 1 } as never)).path).toBe('JoinChimeMeeting.Parameters.Extra');
  });

  it('returns a new object on every call', () => {
    const first = joinChimeMeeting({ joinToken: token });
    const second = joinChimeMeeting({ joinToken: token });
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second.Parameters).not.toBe(first.Parameters);
  });

  it('cannot run on a bridged call', () => {
    const joined = parseSmaEvent(loadSmaFixture('action-successful.join-chime-meeting.json'));
    const error = rejection(() => assertCanJoinChimeMeeting(joined));
    expect(error.rule).toContain('bridged');
    expect(() => assertCanJoinChimeMeeting(parseSmaEvent(loadSmaFixture('new-inbound-call.json')))).not.toThrow();
    // LEG-B gone (meeting ended): joining again is allowed.
    expect(() => assertCanJoinChimeMeeting(parseSmaEvent(loadSmaFixture('hangup.leg-b-meeting-ended.json')))).not.toThrow();
  });

  it('is always followed by ACTION_SUCCESSFUL: the page\'s success example parses, InvocationEvent key and all', () => {
    const event = parseSmaEvent(loadSmaFixture('action-successful.join-chime-meeting.seed.json'));
    expect(event.InvocationEventType).toBe('ACTION_SUCCESSFUL');
    expect(event).toMatchObject({
      Sequence: 4,
      ActionData: { Type: 'JoinChimeMeeting', Parameters: { JoinToken: token, CallId: 'call-id-1', ParticipantTag: 'LEG-A' } },
    });
  });

  it('or by ACTION_FAILED: the page\'s failure example\'s Error string becomes ErrorType and ErrorMessage', () => {
    const event = parseSmaEvent(loadSmaFixture('action-failed.join-chime-meeting.seed.json'));
    expect(event.InvocationEventType).toBe('ACTION_FAILED');
    expect(event).toMatchObject({
      Sequence: 3,
      ActionData: { Type: 'JoinChimeMeeting', ErrorType: 'ErrorJoiningMeeting', ErrorMessage: 'Error while joining meeting.' },
    });
    expect(event).not.toHaveProperty('ActionData.Error');
  });

  it('reports InvalidActionParameter ("JoinToken parameter value is invalid.") as ErrorType and ErrorMessage', () => {
    expect(parseSmaEvent(loadSmaFixture('action-failed.join-chime-meeting.json'))).toMatchObject({
      ActionData: { ErrorType: 'InvalidActionParameter', ErrorMessage: 'JoinToken parameter value is invalid.' },
    });
  });

  it('reports SystemException ("System error while running action.") as ErrorType and ErrorMessage', () => {
    const raw = loadSmaFixture('action-failed.join-chime-meeting.seed.json');
    raw.ActionData = { ...(raw.ActionData as object), Error: 'SystemException: System error while running action.' };
    expect(parseSmaEvent(raw)).toMatchObject({ ActionData: { ErrorType: 'SystemException', ErrorMessage: 'System error while running action.' } });
  });

  it('validates the page\'s example action tolerantly, except its placeholder MeetingId', () => {
    const seed = { Type: 'JoinChimeMeeting', Parameters: { JoinToken: token, CallId: 'call-id-1', ParticipantTag: 'LEG-A', MeetingId: 'meeting-id' } };
    expect(rejection(() => validateAction(seed)).path).toBe('JoinChimeMeeting.Parameters.MeetingId');
    expect(validateAction({ ...seed, Parameters: { ...seed.Parameters, MeetingId: MEETING_ID } })).toEqual({
      ...seed, Parameters: { ...seed.Parameters, MeetingId: MEETING_ID },
    });
  });
});
