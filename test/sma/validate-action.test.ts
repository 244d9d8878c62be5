import { LEG_A, rejection } from './fixtures';
import {
  checkActionShape, isSmaActionType, REQUIRED_ACTION_PARAMETERS, SmaActionType, STRICT_ACTION_RULES,
  TOLERANT_ACTION_RULES, validateAction,
} from '../../src/sma';
import { ACTION_DEFINITIONS } from '../../src/sma/actions/registry';

const ACTION_TYPES = Object.keys(REQUIRED_ACTION_PARAMETERS) as SmaActionType[];

describe('the 18 action types', () => {
  it('are exactly the documented set (docs/sma-model.md#actions)', () => {
    expect(ACTION_TYPES.sort()).toEqual([
      'CallAndBridge', 'Hangup', 'JoinChimeMeeting', 'ModifyChimeMeetingAttendees', 'Pause', 'PauseCallRecording', 'PlayAudio',
      'PlayAudioAndGetDigits', 'ReceiveDigits', 'RecordAudio', 'ResumeCallRecording', 'SendDigits', 'Speak', 'SpeakAndGetDigits',
      'StartBotConversation', 'StartCallRecording', 'StopCallRecording', 'VoiceFocus',
    ]);
    expect(Object.keys(ACTION_DEFINITIONS).sort()).toEqual(ACTION_TYPES.sort());
  });

  it('have no Answer, StartVoiceToneAnalysis or RecordMeeting action', () => {
    for (const type of ['Answer', 'StartVoiceToneAnalysis', 'RecordMeeting', 'constructor', 'toString']) {
      expect(isSmaActionType(type)).toBe(false);
    }
  });

  it.each(ACTION_TYPES)('%s: the cheap check knows the same required parameters as the full definition', (type) => {
    const spec = ACTION_DEFINITIONS[type]().spec;
    const required = Object.keys(spec).filter((key) => spec[key].required);
    expect(required.sort()).toEqual(REQUIRED_ACTION_PARAMETERS[type].split(' ').filter(Boolean).sort());
  });
});

describe('validateAction', () => {
  it('accepts numbers written as strings by default and emits numbers (docs/sma-model.md#numbers-as-strings)', () => {
    expect(validateAction({ Type: 'Pause', Parameters: { DurationInMilliseconds: '3000', CallId: LEG_A } })).toEqual({
      Type: 'Pause', Parameters: { DurationInMilliseconds: 3000, CallId: LEG_A },
    });
    expect(validateAction({ Type: 'PlayAudio', Parameters: { Repeat: '5', AudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'a.wav' } } }))
      .toMatchObject({ Parameters: { Repeat: 5 } });
  });

  it('rejects numbers as strings with the strict rules', () => {
    expect(rejection(() => validateAction({ Type: 'Pause', Parameters: { DurationInMilliseconds: '3000' } }, { rules: STRICT_ACTION_RULES })).path)
      .toBe('Pause.Parameters.DurationInMilliseconds');
  });

  it('rejects strings that only look like numbers', () => {
    for (const value of ['3e3', ' 3000', '3000.0', '0x10', '']) {
      expect(rejection(() => validateAction({ Type: 'Pause', Parameters: { DurationInMilliseconds: value } })).path)
        .toBe('Pause.Parameters.DurationInMilliseconds');
    }
  });

  it('accepts SipResponseCode as the number HANGUP events carry and emits the string', () => {
    expect(validateAction({ Type: 'Hangup', Parameters: { SipResponseCode: 486 } })).toEqual({ Type: 'Hangup', Parameters: { SipResponseCode: '486' } });
  });

  it('applies the tolerant reading of each documented conflict by default', () => {
    expect(TOLERANT_ACTION_RULES).toEqual({ acceptNumericStrings: true, pauseDuration: 'positive', flushDigitsDuration: 'any', callTimeoutSeconds: '0-120' });
    expect(validateAction({ Type: 'Pause', Parameters: { DurationInMilliseconds: 50 } })).toMatchObject({ Parameters: { DurationInMilliseconds: 50 } });
    expect(rejection(() => validateAction({ Type: 'Pause', Parameters: { DurationInMilliseconds: 50 } }, { rules: { pauseDuration: '100-30000' } })).path)
      .toBe('Pause.Parameters.DurationInMilliseconds');
  });

  it('ignores rule overrides that are explicitly undefined', () => {
    expect(validateAction({ Type: 'Pause', Parameters: { DurationInMilliseconds: 50 } }, { rules: { pauseDuration: undefined } }))
      .toMatchObject({ Parameters: { DurationInMilliseconds: 50 } });
  });

  it('treats missing Parameters as empty', () => {
    expect(validateAction({ Type: 'Hangup' })).toEqual({ Type: 'Hangup', Parameters: {} });
    expect(rejection(() => validateAction({ Type: 'Speak' })).path).toBe('Speak.Parameters.CallId');
  });

  it('names the failing field under the given path', () => {
    expect(rejection(() => validateAction({ Type: 'Speak', Parameters: { CallId: LEG_A } }, { path: 'Actions[3]' })).path).toBe('Actions[3].Parameters.Text');
  });

  it.each([
    ['not an object', 'Hangup', 'action'],
    ['an unknown type', { Type: 'Answer', Parameters: {} }, 'action.Type'],
    ['a missing type', { Parameters: {} }, 'action.Type'],
    ['an extra top-level key', { Type: 'Hangup', Parameters: {}, Comment: 'x' }, 'Hangup.Comment'],
    ['null Parameters', { Type: 'Hangup', Parameters: null }, 'Hangup.Parameters'],
    ['a null parameter', { Type: 'Hangup', Parameters: { CallId: null } }, 'Hangup.Parameters.CallId'],
    ['an unknown parameter', { Type: 'Hangup', Parameters: { Reason: 'bye' } }, 'Hangup.Parameters.Reason'],
    ['an inherited name used as a parameter', { Type: 'Hangup', Parameters: JSON.parse('{"__proto__":{"CallId":"x"}}') }, 'Hangup.Parameters.__proto__'],
  ])('rejects %s', (_name, action, path) => {
    expect(rejection(() => validateAction(action)).path).toBe(path);
  });

  it('returns a fresh copy, never the input', () => {
    const input = { Type: 'PlayAudio', Parameters: { AudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'a.wav' }, PlaybackTerminators: ['#'] } };
    const output = validateAction(input);
    expect(output).toEqual(input);
    expect(output.Parameters).not.toBe(input.Parameters);
    expect((output.Parameters as typeof input.Parameters).AudioSource).not.toBe(input.Parameters.AudioSource);
    expect((output.Parameters as typeof input.Parameters).PlaybackTerminators).not.toBe(input.Parameters.PlaybackTerminators);
  });
});

describe('checkActionShape', () => {
  it('accepts a well-formed action without checking ranges, and copies it', () => {
    const input = { Type: 'Pause', Parameters: { DurationInMilliseconds: 5, CallId: LEG_A } };
    const output = checkActionShape(input);
    expect(output).toEqual(input);
    expect(output.Parameters).not.toBe(input.Parameters);
  });

  it('drops keys whose value is undefined, as JSON would', () => {
    expect(checkActionShape({ Type: 'Hangup', Parameters: { CallId: undefined } })).toEqual({ Type: 'Hangup', Parameters: {} });
  });

  it.each([
    ['an unknown type', { Type: 'Dial', Parameters: {} }, 'action.Type'],
    ['a missing required parameter', { Type: 'Speak', Parameters: { Text: 'Hi' } }, 'Speak.Parameters.CallId'],
    ['a null required parameter', { Type: 'JoinChimeMeeting', Parameters: { JoinToken: null } }, 'JoinChimeMeeting.Parameters.JoinToken'],
    ['a malformed CallId', { Type: 'Hangup', Parameters: { CallId: 'a b' } }, 'Hangup.Parameters.CallId'],
    ['a malformed ParticipantTag', { Type: 'Hangup', Parameters: { ParticipantTag: 'Leg-A' } }, 'Hangup.Parameters.ParticipantTag'],
    ['a value that is not JSON', { Type: 'Hangup', Parameters: { When: () => 0 } }, 'Hangup.Parameters.When'],
    ['an extra top-level key', { Type: 'Hangup', Parameters: {}, Id: 1 }, 'Hangup.Id'],
  ])('rejects %s', (_name, action, path) => {
    expect(rejection(() => checkActionShape(action)).path).toBe(path);
  });
});
