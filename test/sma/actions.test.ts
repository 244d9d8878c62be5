import { LEG_A, LEG_B, MEETING_ID, rejection } from './fixtures';
import {
  callAndBridge, hangup, modifyChimeMeetingAttendees, pause, pauseCallRecording, playAudio, playAudioAndGetDigits,
  receiveDigits, recordAudio, resumeCallRecording, sendDigits, SmaAction, speak, speakAndGetDigits,
  startBotConversation, startCallRecording, stopCallRecording, validateAction, voiceFocus, STRICT_ACTION_RULES,
} from '../../src/sma';

const ATTENDEE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const prompt = { bucketName: 'dial-in-prompts', key: 'welcome.wav' };
const s3Prompt = { Type: 'S3', BucketName: 'dial-in-prompts', Key: 'welcome.wav' };

/** Every built action must pass the full strict validation unchanged. */
function expectValid(action: SmaAction): void {
  expect(validateAction(action, { rules: STRICT_ACTION_RULES })).toEqual(action);
}

type Build = () => unknown;

/** Each case: what is wrong, the build, and the path of the error. */
function rejects(cases: readonly (readonly [string, Build, string])[]): void {
  it.each(cases)('rejects %s', (_name, build, path) => {
    expect(rejection(build).path).toBe(path);
  });
}

describe('callAndBridge', () => {
  const base = { callerIdNumber: '+12065550100', endpoints: [{ bridgeEndpointType: 'PSTN', uri: '+15105550101' }] } as const;

  it('builds a PSTN bridge', () => {
    const action = callAndBridge({ ...base, callTimeoutSeconds: 30, ringbackTone: prompt, sipHeaders: { 'X-Meeting': 'abc', 'User-to-User': 'x' } });
    expect(action).toEqual({
      Type: 'CallAndBridge',
      Parameters: {
        CallTimeoutSeconds: 30,
        CallerIdNumber: '+12065550100',
        Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+15105550101' }],
        RingbackTone: s3Prompt,
        SipHeaders: { 'X-Meeting': 'abc', 'User-to-User': 'x' },
      },
    });
    expectValid(action);
  });

  it('builds a Voice Connector bridge', () => {
    const arn = 'arn:aws:chime:us-east-1:111122223333:vc/abcdef1234567890';
    expect(callAndBridge({ callerIdNumber: '+12065550100', endpoints: [{ bridgeEndpointType: 'AWS', uri: 'agent_7', arn }] }).Parameters.Endpoints)
      .toEqual([{ BridgeEndpointType: 'AWS', Uri: 'agent_7', Arn: arn }]);
  });

  rejects([
    ['a caller id that is not E.164', () => callAndBridge({ ...base, callerIdNumber: '2065550100' }), 'CallAndBridge.Parameters.CallerIdNumber'],
    ['no endpoint', () => callAndBridge({ ...base, endpoints: [] as never }), 'CallAndBridge.Parameters.Endpoints'],
    ['two endpoints', () => callAndBridge({ ...base, endpoints: [base.endpoints[0], base.endpoints[0]] as never }), 'CallAndBridge.Parameters.Endpoints'],
    ['a PSTN endpoint that is not E.164', () => callAndBridge({ ...base, endpoints: [{ bridgeEndpointType: 'PSTN', uri: 'agent' }] }),
      'CallAndBridge.Parameters.Endpoints[0].Uri'],
    ['a PSTN endpoint with an Arn', () => callAndBridge({ ...base, endpoints: [{ ...base.endpoints[0], arn: 'arn:aws:chime:us-east-1:111122223333:vc/abc' }] }),
      'CallAndBridge.Parameters.Endpoints[0].Arn'],
    ['an AWS endpoint without an Arn', () => callAndBridge({ ...base, endpoints: [{ bridgeEndpointType: 'AWS', uri: 'agent' }] }),
      'CallAndBridge.Parameters.Endpoints[0].Arn'],
    ['an AWS Uri longer than 36 characters', () => callAndBridge({ ...base, endpoints: [{ bridgeEndpointType: 'AWS', uri: 'a'.repeat(37), arn: 'arn:aws:chime:us-east-1:111122223333:vc/abc' }] }),
      'CallAndBridge.Parameters.Endpoints[0].Uri'],
    ['an unknown endpoint type', () => callAndBridge({ ...base, endpoints: [{ bridgeEndpointType: 'SIP' as never, uri: '+15105550101' }] }),
      'CallAndBridge.Parameters.Endpoints[0].BridgeEndpointType'],
    ['a call timeout of 0 (1 to 120 for the builder)', () => callAndBridge({ ...base, callTimeoutSeconds: 0 }), 'CallAndBridge.Parameters.CallTimeoutSeconds'],
    ['a call timeout of 121', () => callAndBridge({ ...base, callTimeoutSeconds: 121 }), 'CallAndBridge.Parameters.CallTimeoutSeconds'],
    ['a SIP header without x-', () => callAndBridge({ ...base, sipHeaders: { Meeting: 'abc' } }), 'CallAndBridge.Parameters.SipHeaders.Meeting'],
    ['a reserved SIP header prefix', () => callAndBridge({ ...base, sipHeaders: { 'x-amzn-trace': 'abc' } }), 'CallAndBridge.Parameters.SipHeaders.x-amzn-trace'],
    ['a SIP header value over 2048 characters', () => callAndBridge({ ...base, sipHeaders: { 'x-big': 'v'.repeat(2049) } }), 'CallAndBridge.Parameters.SipHeaders.x-big'],
  ]);

  it('accepts a call timeout of 0 with the tolerant rule (MaxCallTimeout 0 to 120)', () => {
    expect(callAndBridge({ ...base, callTimeoutSeconds: 0 }, { callTimeoutSeconds: '0-120' }).Parameters.CallTimeoutSeconds).toBe(0);
  });
});

describe('hangup', () => {
  it('builds a bare Hangup that hangs up the invoking leg', () => {
    expect(hangup()).toEqual({ Type: 'Hangup', Parameters: {} });
  });

  it('emits SipResponseCode as the string the docs use, from a number or a string', () => {
    expect(hangup({ callId: LEG_A, sipResponseCode: 0 }).Parameters).toEqual({ CallId: LEG_A, SipResponseCode: '0' });
    expect(hangup({ participantTag: 'LEG-B', sipResponseCode: '486' }).Parameters).toEqual({ ParticipantTag: 'LEG-B', SipResponseCode: '486' });
    expect(hangup({ sipResponseCode: 480 }).Parameters.SipResponseCode).toBe('480');
    expectValid(hangup({ callId: LEG_A, sipResponseCode: 0 }));
  });

  rejects([
    ['SipResponseCode 404', () => hangup({ sipResponseCode: 404 as never }), 'Hangup.Parameters.SipResponseCode'],
    ['a lower-case tag', () => hangup({ participantTag: 'leg-a' as never }), 'Hangup.Parameters.ParticipantTag'],
    ['an empty CallId', () => hangup({ callId: '' }), 'Hangup.Parameters.CallId'],
    ['options that are not an object', () => hangup('LEG-A' as never), 'Hangup.Parameters'],
  ]);
});

describe('modifyChimeMeetingAttendees', () => {
  const base = { operation: 'Mute', meetingId: MEETING_ID, attendeeList: [ATTENDEE] } as const;

  it('builds a mute of the meeting leg', () => {
    const action = modifyChimeMeetingAttendees({ ...base, callId: LEG_B, participantTag: 'LEG-B' });
    expect(action.Parameters).toEqual({ Operation: 'Mute', MeetingId: MEETING_ID, CallId: LEG_B, ParticipantTag: 'LEG-B', AttendeeList: [ATTENDEE] });
    expectValid(action);
  });

  rejects([
    ['an unknown operation', () => modifyChimeMeetingAttendees({ ...base, operation: 'Kick' as never }), 'ModifyChimeMeetingAttendees.Parameters.Operation'],
    ['a missing meeting id', () => modifyChimeMeetingAttendees({ ...base, meetingId: undefined as never }), 'ModifyChimeMeetingAttendees.Parameters.MeetingId'],
    ['ParticipantTag LEG-A (meeting leg only)', () => modifyChimeMeetingAttendees({ ...base, participantTag: 'LEG-A' as never }),
      'ModifyChimeMeetingAttendees.Parameters.ParticipantTag'],
    ['an empty attendee list', () => modifyChimeMeetingAttendees({ ...base, attendeeList: [] }), 'ModifyChimeMeetingAttendees.Parameters.AttendeeList'],
    ['101 attendees', () => modifyChimeMeetingAttendees({ ...base, attendeeList: Array(101).fill(ATTENDEE) }),
      'ModifyChimeMeetingAttendees.Parameters.AttendeeList'],
    ['an attendee id that is not a UUID', () => modifyChimeMeetingAttendees({ ...base, attendeeList: ['bob'] }),
      'ModifyChimeMeetingAttendees.Parameters.AttendeeList[0]'],
  ]);
});

describe('pause', () => {
  it('builds a Pause of 100 to 30000 ms by default', () => {
    expect(pause({ durationInMilliseconds: 100, participantTag: 'LEG-A' })).toEqual({
      Type: 'Pause', Parameters: { DurationInMilliseconds: 100, ParticipantTag: 'LEG-A' },
    });
    expectValid(pause({ durationInMilliseconds: 30000 }));
  });

  it('accepts any positive duration with the rule "positive"', () => {
    expect(pause({ durationInMilliseconds: 1 }, { pauseDuration: 'positive' }).Parameters.DurationInMilliseconds).toBe(1);
  });

  rejects([
    ['99 ms', () => pause({ durationInMilliseconds: 99 }), 'Pause.Parameters.DurationInMilliseconds'],
    ['30001 ms', () => pause({ durationInMilliseconds: 30001 }), 'Pause.Parameters.DurationInMilliseconds'],
    ['0 ms even when tolerant', () => pause({ durationInMilliseconds: 0 }, { pauseDuration: 'positive' }), 'Pause.Parameters.DurationInMilliseconds'],
    ['a fractional duration', () => pause({ durationInMilliseconds: 150.5 }), 'Pause.Parameters.DurationInMilliseconds'],
    ['a duration written as a string (builders are strict)', () => pause({ durationInMilliseconds: '3000' as never }), 'Pause.Parameters.DurationInMilliseconds'],
  ]);
});

describe('playAudio', () => {
  it('builds a PlayAudio from S3', () => {
    const action = playAudio({ audioSource: prompt, repeat: 2, playbackTerminators: ['#', '*'], callId: LEG_A });
    expect(action.Parameters).toEqual({ CallId: LEG_A, PlaybackTerminators: ['#', '*'], Repeat: 2, AudioSource: s3Prompt });
    expectValid(action);
  });

  rejects([
    ['a missing audio source', () => playAudio({} as never), 'PlayAudio.Parameters.AudioSource'],
    ['an invalid bucket name', () => playAudio({ audioSource: { bucketName: 'Bad_Bucket', key: 'a.wav' } }), 'PlayAudio.Parameters.AudioSource.BucketName'],
    ['an empty key', () => playAudio({ audioSource: { bucketName: 'prompts', key: '' } }), 'PlayAudio.Parameters.AudioSource.Key'],
    ['an unknown audio source field', () => playAudio({ audioSource: { ...prompt, region: 'us-east-1' } as never }), 'PlayAudio.Parameters.AudioSource.Region'],
    ['repeat 0', () => playAudio({ audioSource: prompt, repeat: 0 }), 'PlayAudio.Parameters.Repeat'],
    ['a terminator that is not a DTMF key', () => playAudio({ audioSource: prompt, playbackTerminators: ['A' as never] }),
      'PlayAudio.Parameters.PlaybackTerminators[0]'],
  ]);
});

describe('playAudioAndGetDigits', () => {
  const base = { audioSource: prompt, failureAudioSource: { bucketName: 'dial-in-prompts', key: 'wrong.wav' }, repeatDurationInMilliseconds: 10000 };

  it('builds a prompt that collects an exact-length PIN', () => {
    const action = playAudioAndGetDigits({ ...base, minNumberOfDigits: 6, maxNumberOfDigits: 6, inputDigitsRegex: '^\\d{6}$', terminatorDigits: ['#'] });
    expect(action.Parameters).toMatchObject({
      AudioSource: s3Prompt, MinNumberOfDigits: 6, MaxNumberOfDigits: 6, RepeatDurationInMilliseconds: 10000,
    });
    expectValid(action);
  });

  rejects([
    ['a missing failure prompt', () => playAudioAndGetDigits({ ...base, failureAudioSource: undefined as never }), 'PlayAudioAndGetDigits.Parameters.FailureAudioSource'],
    ['a missing repeat duration', () => playAudioAndGetDigits({ ...base, repeatDurationInMilliseconds: undefined as never }),
      'PlayAudioAndGetDigits.Parameters.RepeatDurationInMilliseconds'],
    ['a maximum below the minimum', () => playAudioAndGetDigits({ ...base, minNumberOfDigits: 6, maxNumberOfDigits: 4 }),
      'PlayAudioAndGetDigits.Parameters.MaxNumberOfDigits'],
    ['a minimum above the default maximum of 128', () => playAudioAndGetDigits({ ...base, minNumberOfDigits: 129 }), 'PlayAudioAndGetDigits.Parameters.MinNumberOfDigits'],
    ['a regular expression that does not compile', () => playAudioAndGetDigits({ ...base, inputDigitsRegex: '([0-9]' }), 'PlayAudioAndGetDigits.Parameters.InputDigitsRegex'],
  ]);
});

describe('receiveDigits', () => {
  const base = { inputDigitsRegex: '^\\*\\d$', inBetweenDigitsDurationInMilliseconds: 1000, flushDigitsDurationInMilliseconds: 10000 };

  it('builds a background digit listener', () => {
    const action = receiveDigits({ ...base, callId: LEG_A });
    expect(action.Parameters).toEqual({
      CallId: LEG_A, InputDigitsRegex: '^\\*\\d$', InBetweenDigitsDurationInMilliseconds: 1000, FlushDigitsDurationInMilliseconds: 10000,
    });
    expectValid(action);
  });

  it('lifts the Flush > InBetween rule with flushDigitsDuration "any"', () => {
    expect(receiveDigits({ ...base, flushDigitsDurationInMilliseconds: 500 }, { flushDigitsDuration: 'any' }).Parameters.FlushDigitsDurationInMilliseconds).toBe(500);
  });

  rejects([
    ['a flush duration not above the in-between duration', () => receiveDigits({ ...base, flushDigitsDurationInMilliseconds: 1000 }),
      'ReceiveDigits.Parameters.FlushDigitsDurationInMilliseconds'],
    ['an empty regex', () => receiveDigits({ ...base, inputDigitsRegex: '' }), 'ReceiveDigits.Parameters.InputDigitsRegex'],
    ['a missing flush duration', () => receiveDigits({ ...base, flushDigitsDurationInMilliseconds: undefined as never }),
      'ReceiveDigits.Parameters.FlushDigitsDurationInMilliseconds'],
  ]);
});

describe('recordAudio', () => {
  const base = { recordingDestination: { bucketName: 'dial-in-recordings', prefix: 'voicemail/' }, recordingTerminators: ['#'] } as const;

  it('builds a recording to S3', () => {
    const action = recordAudio({ ...base, durationInSeconds: 60, silenceDurationInSeconds: 5, silenceThreshold: 200, participantTag: 'LEG-A' });
    expect(action.Parameters).toEqual({
      ParticipantTag: 'LEG-A',
      RecordingDestination: { Type: 'S3', BucketName: 'dial-in-recordings', Prefix: 'voicemail/' },
      DurationInSeconds: 60,
      SilenceDurationInSeconds: 5,
      SilenceThreshold: 200,
      RecordingTerminators: ['#'],
    });
    expectValid(action);
  });

  rejects([
    ['CallId and ParticipantTag together', () => recordAudio({ ...base, callId: LEG_A, participantTag: 'LEG-A' }), 'RecordAudio.Parameters.ParticipantTag'],
    ['no terminators', () => recordAudio({ ...base, recordingTerminators: [] as never }), 'RecordAudio.Parameters.RecordingTerminators'],
    ['a silence threshold of 1001', () => recordAudio({ ...base, silenceThreshold: 1001 }), 'RecordAudio.Parameters.SilenceThreshold'],
    ['a prefix of 980 characters', () => recordAudio({ ...base, recordingDestination: { bucketName: 'b-1', prefix: 'p'.repeat(980) } }),
      'RecordAudio.Parameters.RecordingDestination.Prefix'],
  ]);
});

describe('sendDigits', () => {
  it('builds DTMF tones with pauses', () => {
    const action = sendDigits({ callId: LEG_B, digits: '1234,,#', toneDurationInMilliseconds: 100 });
    expect(action.Parameters).toEqual({ CallId: LEG_B, Digits: '1234,,#', ToneDurationInMilliseconds: 100 });
    expectValid(action);
  });

  rejects([
    ['a missing CallId', () => sendDigits({ digits: '1' } as never), 'SendDigits.Parameters.CallId'],
    ['51 digits', () => sendDigits({ callId: LEG_B, digits: '1'.repeat(51) }), 'SendDigits.Parameters.Digits'],
    ['a letter outside A-D', () => sendDigits({ callId: LEG_B, digits: '12E' }), 'SendDigits.Parameters.Digits'],
    ['a 49 ms tone', () => sendDigits({ callId: LEG_B, digits: '1', toneDurationInMilliseconds: 49 }), 'SendDigits.Parameters.ToneDurationInMilliseconds'],
  ]);
});

describe('speak', () => {
  it('builds Polly speech on a leg', () => {
    const action = speak({ callId: LEG_A, text: 'Welcome.', engine: 'neural', languageCode: 'en-US', textType: 'text', voiceId: 'Joanna' });
    expect(action.Parameters).toEqual({ CallId: LEG_A, Text: 'Welcome.', Engine: 'neural', LanguageCode: 'en-US', TextType: 'text', VoiceId: 'Joanna' });
    expectValid(action);
  });

  rejects([
    ['a missing CallId (required by Speak)', () => speak({ text: 'Hi' } as never), 'Speak.Parameters.CallId'],
    ['empty text', () => speak({ callId: LEG_A, text: '' }), 'Speak.Parameters.Text'],
    ['1001 characters of text', () => speak({ callId: LEG_A, text: 't'.repeat(1001) }), 'Speak.Parameters.Text'],
    ['an unknown engine', () => speak({ callId: LEG_A, text: 'Hi', engine: 'generative' as never }), 'Speak.Parameters.Engine'],
    ['a language code that is not Polly\'s', () => speak({ callId: LEG_A, text: 'Hi', languageCode: 'English' }), 'Speak.Parameters.LanguageCode'],
    ['a ParticipantTag (Speak targets by CallId only)', () => speak({ callId: LEG_A, text: 'Hi', participantTag: 'LEG-A' } as never), 'Speak.Parameters.ParticipantTag'],
  ]);
});

describe('speakAndGetDigits', () => {
  const base = {
    callId: LEG_A,
    speechParameters: { text: 'Enter your PIN.' },
    failureSpeechParameters: { text: 'That PIN is not valid.', voiceId: 'Matthew' },
    repeatDurationInMilliseconds: 10000,
  };

  it('builds a spoken PIN prompt', () => {
    const action = speakAndGetDigits({ ...base, minNumberOfDigits: 4, maxNumberOfDigits: 8, repeat: 3 });
    expect(action.Parameters).toEqual({
      CallId: LEG_A,
      SpeechParameters: { Text: 'Enter your PIN.' },
      FailureSpeechParameters: { Text: 'That PIN is not valid.', VoiceId: 'Matthew' },
      MinNumberOfDigits: 4,
      MaxNumberOfDigits: 8,
      Repeat: 3,
      RepeatDurationInMilliseconds: 10000,
    });
    expectValid(action);
  });

  rejects([
    ['a missing CallId', () => speakAndGetDigits({ ...base, callId: undefined as never }), 'SpeakAndGetDigits.Parameters.CallId'],
    ['speech without text', () => speakAndGetDigits({ ...base, speechParameters: { voiceId: 'Joanna' } as never }), 'SpeakAndGetDigits.Parameters.SpeechParameters.Text'],
    ['a missing failure speech', () => speakAndGetDigits({ ...base, failureSpeechParameters: undefined as never }), 'SpeakAndGetDigits.Parameters.FailureSpeechParameters'],
    ['a repeat of 0', () => speakAndGetDigits({ ...base, repeat: 0 }), 'SpeakAndGetDigits.Parameters.Repeat'],
  ]);
});

describe('startBotConversation', () => {
  const botAliasArn = 'arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/TSTALIASID';

  it('builds a Lex hand-off with welcome messages', () => {
    const action = startBotConversation({
      botAliasArn,
      localeId: 'en_US',
      participantTag: 'LEG-A',
      configuration: {
        sessionState: { sessionAttributes: { caller_id: 'abc' }, dialogAction: { type: 'ElicitIntent' } },
        welcomeMessages: [{ content: 'How can I help?', contentType: 'PlainText' }],
      },
    });
    expect(action.Parameters).toEqual({
      ParticipantTag: 'LEG-A',
      BotAliasArn: botAliasArn,
      LocaleId: 'en_US',
      Configuration: {
        SessionState: { SessionAttributes: { caller_id: 'abc' }, DialogAction: { Type: 'ElicitIntent' } },
        WelcomeMessages: [{ Content: 'How can I help?', ContentType: 'PlainText' }],
      },
    });
    expectValid(action);
  });

  rejects([
    ['a bot ARN that is not a Lex V2 alias', () => startBotConversation({ botAliasArn: 'arn:aws:lex:us-east-1:111122223333:bot/ABC' }),
      'StartBotConversation.Parameters.BotAliasArn'],
    ['ParticipantTag LEG-B', () => startBotConversation({ botAliasArn, participantTag: 'LEG-B' as never }), 'StartBotConversation.Parameters.ParticipantTag'],
    ['welcome messages without ElicitIntent', () => startBotConversation({
      botAliasArn, configuration: { sessionState: { dialogAction: { type: 'Delegate' } }, welcomeMessages: [{ content: 'Hi', contentType: 'PlainText' }] },
    }), 'StartBotConversation.Parameters.Configuration.WelcomeMessages'],
    ['a configuration over 10 KB', () => startBotConversation({
      botAliasArn, configuration: { sessionState: { sessionAttributes: { big: 'x'.repeat(10240) } } },
    }), 'StartBotConversation.Parameters.Configuration'],
  ]);
});

describe('call recording', () => {
  it('builds StartCallRecording to a bucket and prefix', () => {
    const action = startCallRecording({ callId: LEG_A, track: 'BOTH', destination: { location: 'dial-in-recordings/calls' } });
    expect(action.Parameters).toEqual({ CallId: LEG_A, Track: 'BOTH', Destination: { Type: 'S3', Location: 'dial-in-recordings/calls' } });
    expectValid(action);
  });

  it('builds Stop, Pause and Resume with a CallId', () => {
    expect(stopCallRecording({ callId: LEG_A })).toEqual({ Type: 'StopCallRecording', Parameters: { CallId: LEG_A } });
    expect(pauseCallRecording({ callId: LEG_A })).toEqual({ Type: 'PauseCallRecording', Parameters: { CallId: LEG_A } });
    expect(resumeCallRecording({ callId: LEG_A })).toEqual({ Type: 'ResumeCallRecording', Parameters: { CallId: LEG_A } });
  });

  rejects([
    ['an unknown track', () => startCallRecording({ callId: LEG_A, track: 'MIXED' as never, destination: { location: 'bucket-1' } }), 'StartCallRecording.Parameters.Track'],
    ['a location that is not a bucket', () => startCallRecording({ callId: LEG_A, track: 'BOTH', destination: { location: 'S3://Bucket' } }),
      'StartCallRecording.Parameters.Destination.Location'],
    ['StopCallRecording without a CallId', () => stopCallRecording({} as never), 'StopCallRecording.Parameters.CallId'],
    ['PauseCallRecording with a tag instead of a CallId', () => pauseCallRecording({ participantTag: 'LEG-A' } as never), 'PauseCallRecording.Parameters.ParticipantTag'],
    ['ResumeCallRecording with a CallId holding whitespace', () => resumeCallRecording({ callId: ' a ' }), 'ResumeCallRecording.Parameters.CallId'],
  ]);
});

describe('voiceFocus', () => {
  it('builds a noise-reduction switch', () => {
    expect(voiceFocus({ enable: true, callId: LEG_A })).toEqual({ Type: 'VoiceFocus', Parameters: { Enable: true, CallId: LEG_A } });
    expectValid(voiceFocus({ enable: false, callId: LEG_A }));
  });

  rejects([
    ['Enable as a string', () => voiceFocus({ enable: 'true' as never, callId: LEG_A }), 'VoiceFocus.Parameters.Enable'],
    ['a missing CallId', () => voiceFocus({ enable: true } as never), 'VoiceFocus.Parameters.CallId'],
  ]);
});
