// The 18 SMA actions and their parameters, as the service reads them (docs/sma-model.md#actions).
// Types describe what this module emits: numbers are numbers, SipResponseCode is a string.

/** Which call leg: LEG-A is the first leg (the caller, or the callee of an API-placed call), LEG-B the second (bridge or meeting). */
export type ParticipantTag = 'LEG-A' | 'LEG-B';

/** A DTMF key that can end a prompt or a recording. */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '#' | '*';

/** Chooses the leg an action runs on; `CallId` wins when both are given, neither means the invoking leg (docs/sma-model.md#leg-targeting). */
export interface LegTarget {
  /** The `CallId` of the leg, from `CallDetails.Participants`. */
  readonly CallId?: string;
  /** The tag of the leg. */
  readonly ParticipantTag?: ParticipantTag;
}

/** An audio file in S3 (raw PCM WAV, at most 50 MB); the bucket must let `voiceconnector.chime.amazonaws.com` read it. */
export interface S3AudioSource {
  /** Always `S3`. */
  readonly Type: 'S3';
  /** The bucket, in the SMA's account. */
  readonly BucketName: string;
  /** The object key. */
  readonly Key: string;
}

/** Amazon Polly speech settings shared by Speak and SpeakAndGetDigits. */
export interface SpeechSettings {
  /** Polly engine; the service default is `standard`. */
  readonly Engine?: 'standard' | 'neural';
  /** Polly language code, e.g. `en-US`. */
  readonly LanguageCode?: string;
  /** Whether `Text` is plain text or SSML; the service default is `text`. */
  readonly TextType?: 'text' | 'ssml';
  /** Polly voice; the service default is `Joanna`. */
  readonly VoiceId?: string;
}

/** What to say, for SpeakAndGetDigits. */
export interface SpeechParameters extends SpeechSettings {
  /** The text or SSML to speak, 1 to 1000 characters. */
  readonly Text: string;
}

/** Digit collection settings shared by PlayAudioAndGetDigits and SpeakAndGetDigits (docs/sma-model.md#play-audio-and-get-digits). */
export interface DigitCollection {
  /** A regular expression the digits must match. */
  readonly InputDigitsRegex?: string;
  /** At least this many digits (0 to 128, service default 0). */
  readonly MinNumberOfDigits?: number;
  /** At most this many digits (1 to 128, not below MinNumberOfDigits, service default 128). */
  readonly MaxNumberOfDigits?: number;
  /** Keys that end input (service default `#`). */
  readonly TerminatorDigits?: readonly DtmfDigit[];
  /** Time allowed between digits (service default: RepeatDurationInMilliseconds). */
  readonly InBetweenDigitsDurationInMilliseconds?: number;
  /** Number of attempts (service default 1). */
  readonly Repeat?: number;
  /** Time allowed per attempt. */
  readonly RepeatDurationInMilliseconds: number;
}

/** Parameters of `CallAndBridge` (docs/sma-model.md#call-and-bridge). */
export interface CallAndBridgeParameters {
  /** Seconds to wait for the B-leg to answer (service default 30). */
  readonly CallTimeoutSeconds?: number;
  /** E.164 caller id: a number of the account or LEG-A's `From`. */
  readonly CallerIdNumber: string;
  /** Exactly one endpoint to call. */
  readonly Endpoints: readonly [BridgeEndpoint];
  /** Audio played to the caller while the B-leg rings. */
  readonly RingbackTone?: S3AudioSource;
  /** SIP headers for the B-leg: `x-...` (not a reserved prefix), `User-to-User` or `Diversion`. */
  readonly SipHeaders?: Readonly<Record<string, string>>;
}

/** The endpoint of a CallAndBridge. */
export interface BridgeEndpoint {
  /** `PSTN` for a phone number, `AWS` for a Voice Connector or Voice Connector group. */
  readonly BridgeEndpointType: 'PSTN' | 'AWS';
  /** PSTN: an E.164 number; AWS: the user part of the Request-URI. */
  readonly Uri: string;
  /** AWS only: the Voice Connector (group) ARN. */
  readonly Arn?: string;
}

/** Parameters of `Hangup` (docs/sma-model.md#hangup). */
export interface HangupParameters extends LegTarget {
  /** `0` normal clearing (service default), `480` unavailable, `486` busy; emitted as a string as in the docs. */
  readonly SipResponseCode?: '0' | '480' | '486';
}

/**
 * Parameters of `JoinChimeMeeting`, from its page https://docs.aws.amazon.com/chime-sdk/latest/dg/join-chime-meeting.html
 * (docs/sma-model.md#join-chime-meeting-parameters).
 */
export interface JoinChimeMeetingParameters {
  /** The attendee's join token, 2 to 2048 characters. */
  readonly JoinToken: string;
  /** The CallId of the leg to join (LEG-A); when given, ParticipantTag is ignored. */
  readonly CallId?: string;
  /** Only `LEG-A`. */
  readonly ParticipantTag?: 'LEG-A';
  /** The meeting's UUID; required in practice for meetings of the Chime SDK Meetings namespace. */
  readonly MeetingId?: string;
}

/** Parameters of `ModifyChimeMeetingAttendees` (docs/sma-model.md#modify-chime-meeting-attendees). */
export interface ModifyChimeMeetingAttendeesParameters {
  /** Mute or unmute the listed attendees. */
  readonly Operation: 'Mute' | 'Unmute';
  /** The meeting's UUID. */
  readonly MeetingId: string;
  /** The CallId of the meeting leg. */
  readonly CallId?: string;
  /** Only `LEG-B`, the meeting leg. */
  readonly ParticipantTag?: 'LEG-B';
  /** 1 to 100 attendee ids (UUIDs) of that meeting. */
  readonly AttendeeList: readonly string[];
}

/** Parameters of `Pause` (docs/sma-model.md#pause). */
export interface PauseParameters extends LegTarget {
  /** How long to pause; see `ActionRules.pauseDuration`. */
  readonly DurationInMilliseconds: number;
}

/** Parameters of `PlayAudio` (docs/sma-model.md#play-audio). */
export interface PlayAudioParameters extends LegTarget {
  /** Keys that stop playback. */
  readonly PlaybackTerminators?: readonly DtmfDigit[];
  /** How many times to play (service default 1). */
  readonly Repeat?: number;
  /** The audio to play. */
  readonly AudioSource: S3AudioSource;
}

/** Parameters of `PlayAudioAndGetDigits` (docs/sma-model.md#play-audio-and-get-digits). */
export interface PlayAudioAndGetDigitsParameters extends LegTarget, DigitCollection {
  /** The prompt. */
  readonly AudioSource: S3AudioSource;
  /** Played after a wrong or missing input. */
  readonly FailureAudioSource: S3AudioSource;
}

/** Parameters of `ReceiveDigits` (docs/sma-model.md#receive-digits). */
export interface ReceiveDigitsParameters extends LegTarget {
  /** Each match raises a DIGITS_RECEIVED event. */
  readonly InputDigitsRegex: string;
  /** Time allowed between digits. */
  readonly InBetweenDigitsDurationInMilliseconds: number;
  /** Time after the first digit after which collected digits are flushed; see `ActionRules.flushDigitsDuration`. */
  readonly FlushDigitsDurationInMilliseconds: number;
}

/** Where RecordAudio stores its file. */
export interface RecordingDestination {
  /** Always `S3`. */
  readonly Type: 'S3';
  /** The bucket; it must let `voiceconnector.chime.amazonaws.com` put objects. */
  readonly BucketName: string;
  /** Key prefix, at most 979 S3-safe characters (default: bucket root). */
  readonly Prefix?: string;
}

/**
 * Parameters of `RecordAudio` (docs/sma-model.md#record-audio). CallId and ParticipantTag must not both be given,
 * so the leg target is a union.
 */
export type RecordAudioParameters = RecordAudioSettings & (
  | { readonly CallId?: string; readonly ParticipantTag?: undefined }
  | { readonly CallId?: undefined; readonly ParticipantTag?: ParticipantTag }
);

/** The settings of `RecordAudio` besides its leg target. */
export interface RecordAudioSettings {
  /** Where to store the recording. */
  readonly RecordingDestination: RecordingDestination;
  /** Maximum recording length. */
  readonly DurationInSeconds?: number;
  /** Seconds of silence that end the recording (1 to 1000; no silence detection when absent). */
  readonly SilenceDurationInSeconds?: number;
  /** Silence threshold (1 to 1000, service default 200). */
  readonly SilenceThreshold?: number;
  /** Keys that end the recording. */
  readonly RecordingTerminators: readonly DtmfDigit[];
}

/** Parameters of `SendDigits` (docs/sma-model.md#send-digits). */
export interface SendDigitsParameters {
  /** The leg to send the tones on. */
  readonly CallId: string;
  /** Up to 50 of `0-9 * # A B C D`; a comma pauses 0.5 s. */
  readonly Digits: string;
  /** Tone length, 50 to 24000 ms (service default 250). */
  readonly ToneDurationInMilliseconds?: number;
}

/** Parameters of `Speak` (docs/sma-model.md#speak). */
export interface SpeakParameters extends SpeechSettings {
  /** The leg to speak on. */
  readonly CallId: string;
  /** The text or SSML to speak, 1 to 1000 characters. */
  readonly Text: string;
}

/** Parameters of `SpeakAndGetDigits` (docs/sma-model.md#speak-and-get-digits). */
export interface SpeakAndGetDigitsParameters extends DigitCollection {
  /** The leg to speak on and listen to. */
  readonly CallId: string;
  /** The prompt. */
  readonly SpeechParameters: SpeechParameters;
  /** Spoken after a wrong or missing input; unset settings default to those of SpeechParameters. */
  readonly FailureSpeechParameters: SpeechParameters;
}

/** Parameters of `StartBotConversation` (docs/sma-model.md#start-bot-conversation). */
export interface StartBotConversationParameters {
  /** The CallId of LEG-A. */
  readonly CallId?: string;
  /** Only `LEG-A`. */
  readonly ParticipantTag?: 'LEG-A';
  /** The Lex V2 bot alias ARN, in the SMA's Region. */
  readonly BotAliasArn: string;
  /** Lex locale (service default `en_US`). */
  readonly LocaleId?: string;
  /** Session configuration, at most 10 KB of JSON. */
  readonly Configuration?: BotConfiguration;
}

/** The `Configuration` of StartBotConversation. */
export interface BotConfiguration {
  /** Initial Lex session state. */
  readonly SessionState?: {
    /** Session attributes passed to the bot. */
    readonly SessionAttributes?: Readonly<Record<string, string>>;
    /** The first dialog action; must be `ElicitIntent` when WelcomeMessages are sent. */
    readonly DialogAction?: { readonly Type: 'Delegate' | 'ElicitIntent' };
  };
  /** Messages the bot says first. */
  readonly WelcomeMessages?: readonly { readonly Content: string; readonly ContentType: 'PlainText' | 'SSML' }[];
}

/** Parameters of `StartCallRecording` (docs/sma-model.md#call-recording). */
export interface StartCallRecordingParameters {
  /** The leg to record. */
  readonly CallId: string;
  /** Which audio to record. */
  readonly Track: 'BOTH' | 'INCOMING' | 'OUTGOING';
  /** Where to store the recording: `bucket` or `bucket/prefix`. */
  readonly Destination: { readonly Type: 'S3'; readonly Location: string };
}

/** Parameters of StopCallRecording, PauseCallRecording and ResumeCallRecording (docs/sma-model.md#call-recording). */
export interface CallRecordingControlParameters {
  /** The recorded leg. */
  readonly CallId: string;
}

/** Parameters of `VoiceFocus` (docs/sma-model.md#voice-focus). */
export interface VoiceFocusParameters {
  /** Turn noise reduction on or off. */
  readonly Enable: boolean;
  /** The leg. */
  readonly CallId: string;
}

/** The parameters of each action, by action type. */
export interface SmaActionParameters {
  /** Bridges the call to a phone number or a Voice Connector. */
  readonly CallAndBridge: CallAndBridgeParameters;
  /** Hangs up a leg. */
  readonly Hangup: HangupParameters;
  /** Joins LEG-A to a Chime SDK meeting. */
  readonly JoinChimeMeeting: JoinChimeMeetingParameters;
  /** Mutes or unmutes meeting attendees. */
  readonly ModifyChimeMeetingAttendees: ModifyChimeMeetingAttendeesParameters;
  /** Waits. */
  readonly Pause: PauseParameters;
  /** Plays a WAV file from S3. */
  readonly PlayAudio: PlayAudioParameters;
  /** Plays a prompt and collects digits. */
  readonly PlayAudioAndGetDigits: PlayAudioAndGetDigitsParameters;
  /** Listens for digits in the background. */
  readonly ReceiveDigits: ReceiveDigitsParameters;
  /** Records the caller to S3. */
  readonly RecordAudio: RecordAudioParameters;
  /** Sends DTMF tones. */
  readonly SendDigits: SendDigitsParameters;
  /** Speaks text with Polly. */
  readonly Speak: SpeakParameters;
  /** Speaks a prompt and collects digits. */
  readonly SpeakAndGetDigits: SpeakAndGetDigitsParameters;
  /** Hands the call to a Lex V2 bot. */
  readonly StartBotConversation: StartBotConversationParameters;
  /** Starts recording the call. */
  readonly StartCallRecording: StartCallRecordingParameters;
  /** Stops recording the call. */
  readonly StopCallRecording: CallRecordingControlParameters;
  /** Pauses recording the call. */
  readonly PauseCallRecording: CallRecordingControlParameters;
  /** Resumes recording the call. */
  readonly ResumeCallRecording: CallRecordingControlParameters;
  /** Turns Voice Focus noise reduction on or off. */
  readonly VoiceFocus: VoiceFocusParameters;
}

/** The type of an SMA action, one of the 18 documented (docs/sma-model.md#actions). */
export type SmaActionType = keyof SmaActionParameters;

/** The action of type `T`: `{ Type, Parameters }` and nothing else. */
export interface SmaActionOf<T extends SmaActionType> {
  /** The action type. */
  readonly Type: T;
  /** Its parameters. */
  readonly Parameters: SmaActionParameters[T];
}

/** Any SMA action, discriminated on `Type`. */
export type SmaAction = { [T in SmaActionType]: SmaActionOf<T> }[SmaActionType];

/** A `CallAndBridge` action. */
export type CallAndBridgeAction = SmaActionOf<'CallAndBridge'>;
/** A `Hangup` action. */
export type HangupAction = SmaActionOf<'Hangup'>;
/** A `JoinChimeMeeting` action. */
export type JoinChimeMeetingAction = SmaActionOf<'JoinChimeMeeting'>;
/** A `ModifyChimeMeetingAttendees` action. */
export type ModifyChimeMeetingAttendeesAction = SmaActionOf<'ModifyChimeMeetingAttendees'>;
/** A `Pause` action. */
export type PauseAction = SmaActionOf<'Pause'>;
/** A `PlayAudio` action. */
export type PlayAudioAction = SmaActionOf<'PlayAudio'>;
/** A `PlayAudioAndGetDigits` action. */
export type PlayAudioAndGetDigitsAction = SmaActionOf<'PlayAudioAndGetDigits'>;
/** A `ReceiveDigits` action. */
export type ReceiveDigitsAction = SmaActionOf<'ReceiveDigits'>;
/** A `RecordAudio` action. */
export type RecordAudioAction = SmaActionOf<'RecordAudio'>;
/** A `SendDigits` action. */
export type SendDigitsAction = SmaActionOf<'SendDigits'>;
/** A `Speak` action. */
export type SpeakAction = SmaActionOf<'Speak'>;
/** A `SpeakAndGetDigits` action. */
export type SpeakAndGetDigitsAction = SmaActionOf<'SpeakAndGetDigits'>;
/** A `StartBotConversation` action. */
export type StartBotConversationAction = SmaActionOf<'StartBotConversation'>;
/** A `StartCallRecording` action. */
export type StartCallRecordingAction = SmaActionOf<'StartCallRecording'>;
/** A `StopCallRecording` action. */
export type StopCallRecordingAction = SmaActionOf<'StopCallRecording'>;
/** A `PauseCallRecording` action. */
export type PauseCallRecordingAction = SmaActionOf<'PauseCallRecording'>;
/** A `ResumeCallRecording` action. */
export type ResumeCallRecordingAction = SmaActionOf<'ResumeCallRecording'>;
/** A `VoiceFocus` action. */
export type VoiceFocusAction = SmaActionOf<'VoiceFocus'>;
