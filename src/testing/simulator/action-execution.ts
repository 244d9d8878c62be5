import type { ParticipantTag, SmaAction, SmaActionOf, SmaActionType } from '../../sma';
import type { FakeMeetingsService } from '../fakes';
import type { ActionFaultError } from './action-faults';
import type { CallLeg } from './call-leg';
import { isConnected } from './call-leg';
import { GetDigitsCollector, ReceiveDigitsRules } from './digit-collection';
import type { QueuedAction } from './response-check';
import type { SimulatorSettings } from './settings';
import type { ViolationRule } from './violations';

/** An action the call is running. */
export interface ActionRun {
  /** The action type. */
  readonly type: SmaActionType;
  /** The parameters the events echo: what was sent plus the service-filled defaults (docs/sma-model.md#echoed-parameters). */
  readonly echo: Readonly<Record<string, unknown>>;
  /** PlayAudio, RecordAudio and Pause: a new action list stops them (docs/sma-model.md#interruptible-actions). */
  readonly interruptible: boolean;
  /** The leg it runs on. */
  readonly leg?: CallLeg;
  /** Offers a digit the caller pressed; returns whether the action took it. */
  offerDigit?(digit: string): boolean;
  /** Stops the action without an outcome. */
  stop?(): void;
}

/** How an action ended. */
export type ActionOutcome =
  | {
    /** It succeeded; the list goes on, or ACTION_SUCCESSFUL reports it if it was the last. */
    readonly kind: 'succeeded';
    /** Result fields for ActionData (`ReceivedDigits`, ...). */
    readonly results?: Readonly<Record<string, unknown>>;
  }
  | {
    /** It failed: ACTION_FAILED reports it and the rest of the list is dropped. */
    readonly kind: 'failed';
    /** The error fields of ActionData (`ErrorType`/`ErrorMessage`, or `Error`, and `ErrorList`). */
    readonly error: Readonly<Record<string, unknown>>;
  }
  | {
    /** It ended the list itself (a Hangup that produces a HANGUP event instead). */
    readonly kind: 'list-ended';
  };

/** The meeting the call's meeting leg is in. */
export interface JoinedMeeting {
  /** The meeting. */
  readonly meetingId: string;
  /** The phone caller's attendee. */
  readonly attendeeId: string;
}

/** What actions need from the call. */
export interface ActionHost {
  /** The simulator settings. */
  readonly settings: SimulatorSettings;
  /** The fake Meetings service joins are checked against. */
  readonly meetings: FakeMeetingsService;
  /** The call's TransactionId. */
  readonly transactionId: string;
  /** The meeting the meeting leg is connected to now. */
  readonly meeting?: JoinedMeeting;
  /** Virtual epoch milliseconds. */
  now(): number;
  /** The leg an action targets: `CallId` first, then `ParticipantTag`, else the leg that caused the invocation. */
  targetLeg(parameters: Readonly<Record<string, unknown>>): CallLeg | undefined;
  /** The leg with this tag. */
  leg(tag: ParticipantTag): CallLeg | undefined;
  /** The action starts running. */
  begin(run: ActionRun): void;
  /** The action ended; ignored unless `run` is still the running action. */
  finish(run: ActionRun, outcome: ActionOutcome): void;
  /** Runs `fire` after `delayMs` of virtual time unless `run` has stopped meanwhile. */
  schedule(run: ActionRun, delayMs: number, fire: () => void): () => void;
  /** Offers digits pressed in advance to `run`, one by one, while it takes them. */
  drainDigits(run: ActionRun): void;
  /** A media action on LEG-A answers an inbound call. */
  answer(): void;
  /** The caller hears a prompt (speech text or an `s3://` key). */
  hear(leg: CallLeg, prompt: string): void;
  /** Records a broken rule. */
  violation(rule: ViolationRule, message: string): void;
  /** Arms background digit collection (ReceiveDigits) on a leg. */
  armReceiveDigits(leg: CallLeg, rules: ReceiveDigitsRules, echo: Readonly<Record<string, unknown>>): void;
  /** Connects the meeting leg (LEG-B) to a meeting as an attendee. */
  joinMeeting(meeting: JoinedMeeting): void;
  /** Disconnects the meeting leg: the caller leaves the meeting and stays on the SMA. */
  leaveMeeting(reason: string): void;
  /** Creates a ringing CallAndBridge leg (LEG-B). */
  addBridgeLeg(to: string, from: string): CallLeg;
  /** The CallAndBridge leg answered. */
  connectBridgeLeg(): void;
  /** The CallAndBridge leg failed; it is removed. */
  removeBridgeLeg(): void;
  /** Hangs up a leg as a Hangup action does (docs/sma-model.md#hangup): HANGUP events, the end of the call. */
  hangUp(leg: CallLeg, sipResponseCode: number): void;
  /** ModifyChimeMeetingAttendees applied. */
  mute(operation: 'Mute' | 'Unmute', attendeeIds: readonly string[]): void;
  /** The error of an injected failure of this action type (consumed), if one applies. */
  takeActionFault(actionType: SmaActionType): ActionFaultError | undefined;
}

const INTERRUPTIBLE: ReadonlySet<SmaActionType> = new Set(['PlayAudio', 'RecordAudio', 'Pause']);
const INVALID_CALL_ID = 'CallId parameter value is invalid.';

/**
 * Runs one action of a list on the call, with the semantics of docs/sma-model.md#actions (virtual durations from
 * the settings). The outcome is reported through `host.finish`, at once or when the action's time,
 * digits or answer come.
 */
export function executeAction(queued: QueuedAction, host: ActionHost): void {
  if (queued.error) {
    const run: ActionRun = { type: queued.type, echo: { ...queued.parameters }, interruptible: false };
    host.begin(run);
    host.violation('invalid-action', queued.message);
    host.finish(run, { kind: 'failed', error: { ...queued.error } });
    return;
  }
  const { action } = queued;
  const parameters = action.Parameters as Readonly<Record<string, unknown>>;
  const leg = action.Type === 'CallAndBridge' ? host.leg('LEG-A')
    : action.Type === 'ModifyChimeMeetingAttendees' && parameters.CallId === undefined && parameters.ParticipantTag === undefined ? host.leg('LEG-B')
      : host.targetLeg(parameters);
  const run: ActionRun = {
    type: action.Type,
    echo: echoParameters(action, leg),
    interruptible: INTERRUPTIBLE.has(action.Type),
    leg,
  };
  host.begin(run);
  if (!isConnected(leg)) {
    const why = leg === undefined ? 'names no leg of the call' : `targets ${(leg as CallLeg).tag}, which is not connected`;
    host.violation(action.Type === 'ModifyChimeMeetingAttendees' ? 'modify-attendees' : 'call-leg', `${action.Type} ${why}`);
    const error = action.Type === 'ModifyChimeMeetingAttendees'
      ? { ...failure('InvalidActionParameter', 'Call is not connected to Chime Meeting.'), ErrorList: [] }
      : failure('InvalidActionParameter', INVALID_CALL_ID);
    host.finish(run, { kind: 'failed', error });
    return;
  }
  const injected = host.takeActionFault(action.Type);
  if (injected) {
    // An injected failure (see ActionFaults): the action fails before it plays anything.
    host.finish(run, { kind: 'failed', error: { ...injected } });
    return;
  }
  ACTION_SEMANTICS[action.Type](action as never, run, leg, host);
}

type Semantics<T extends SmaActionType> = (action: SmaActionOf<T>, run: ActionRun, leg: CallLeg, host: ActionHost) => void;

const ACTION_SEMANTICS: { readonly [T in SmaActionType]: Semantics<T> } = {
  Speak: (action, run, leg, host) => {
    mediaStarts(leg, host);
    host.hear(leg, action.Parameters.Text);
    after(run, host, speechMs(action.Parameters.Text, action.Parameters.TextType, host.settings), () => succeed(run, host));
  },
  PlayAudio: (action, run, leg, host) => {
    mediaStarts(leg, host);
    host.hear(leg, audioKey(action.Parameters.AudioSource));
    const terminators: readonly string[] = action.Parameters.PlaybackTerminators ?? [];
    run.offerDigit = (digit) => {
      if (!terminators.includes(digit)) {
        return false;
      }
      succeed(run, host);
      return true;
    };
    after(run, host, host.settings.audioPlaybackMs * (action.Parameters.Repeat ?? 1), () => succeed(run, host));
    host.drainDigits(run);
  },
  Pause: (action, run, _leg, host) => {
    after(run, host, action.Parameters.DurationInMilliseconds, () => succeed(run, host));
  },
  SpeakAndGetDigits: (action, run, leg, host) => {
    const p = action.Parameters;
    getDigits(run, leg, host, p, (afterFailure) => {
      const text = afterFailure ? p.FailureSpeechParameters.Text : p.SpeechParameters.Text;
      host.hear(leg, text);
      return speechMs(text, (afterFailure ? p.FailureSpeechParameters.TextType : undefined) ?? p.SpeechParameters.TextType, host.settings);
    });
  },
  PlayAudioAndGetDigits: (action, run, leg, host) => {
    const p = action.Parameters;
    getDigits(run, leg, host, p, (afterFailure) => {
      host.hear(leg, audioKey(afterFailure ? p.FailureAudioSource : p.AudioSource));
      return host.settings.audioPlaybackMs;
    });
  },
  ReceiveDigits: (action, run, leg, host) => {
    const p = action.Parameters;
    host.armReceiveDigits(leg, {
      pattern: new RegExp(p.InputDigitsRegex),
      inBetweenMs: p.InBetweenDigitsDurationInMilliseconds,
      flushMs: p.FlushDigitsDurationInMilliseconds,
    }, run.echo);
    succeed(run, host, { ReceivedDigits: '' });
  },
  RecordAudio: (action, run, leg, host) => {
    mediaStarts(leg, host);
    const p = action.Parameters;
    const destination = {
      RecordingDestination: {
        Type: 'S3', BucketName: p.RecordingDestination.BucketName, Key: `${p.RecordingDestination.Prefix ?? ''}${host.transactionId}-${leg.callId}.wav`,
      },
    };
    const terminators: readonly string[] = p.RecordingTerminators;
    run.offerDigit = (digit) => {
      if (!terminators.includes(digit)) {
        return false;
      }
      succeed(run, host, { ...destination, RecordingTerminatorUsed: digit });
      return true;
    };
    const durationMs = p.DurationInSeconds === undefined ? host.settings.recordingMs : p.DurationInSeconds * 1000;
    after(run, host, durationMs, () => succeed(run, host, destination));
    host.drainDigits(run);
  },
  SendDigits: (action, run, _leg, host) => {
    const tone = action.Parameters.ToneDurationInMilliseconds ?? 250;
    const durationMs = [...action.Parameters.Digits].reduce((total, digit) => total + (digit === ',' ? 500 : tone), 0);
    after(run, host, durationMs, () => succeed(run, host));
  },
  JoinChimeMeeting: (action, run, leg, host) => joinChimeMeeting(action, run, leg, host),
  ModifyChimeMeetingAttendees: (action, run, leg, host) => modifyChimeMeetingAttendees(action, run, leg, host),
  Hangup: (action, run, leg, host) => {
    const code = Number(action.Parameters.SipResponseCode ?? '0');
    if (leg.kind === 'meeting') {
      // docs/sma-model.md#hangup: hanging up the meeting leg takes the caller out of the meeting; the list goes on.
      host.leaveMeeting('Hangup of the meeting leg');
      succeed(run, host);
      return;
    }
    host.finish(run, { kind: 'list-ended' });
    host.hangUp(leg, code);
  },
  CallAndBridge: (action, run, _leg, host) => {
    if (isConnected(host.leg('LEG-B'))) {
      host.violation('bridged-call', 'CallAndBridge on a call that already has a live LEG-B');
      host.finish(run, { kind: 'failed', error: failure('InvalidActionParameter', 'The call is already bridged.') });
      return;
    }
    const [endpoint] = action.Parameters.Endpoints;
    host.addBridgeLeg(endpoint.Uri, action.Parameters.CallerIdNumber);
    const outcome = host.settings.bridgeOutcome;
    after(run, host, host.settings.bridgeRingMs, () => {
      if (outcome === 'answered') {
        host.connectBridgeLeg();
        host.answer();
        succeed(run, host);
      } else {
        host.removeBridgeLeg();
        const message = outcome === 'busy' ? 'The called party is busy.' : 'The called party did not answer.';
        host.finish(run, { kind: 'failed', error: failure('CallNotAnswered', message) });
      }
    });
  },
  StartBotConversation: (_action, run, leg, host) => {
    if (isConnected(host.leg('LEG-B'))) {
      host.violation('bridged-call', 'StartBotConversation on a call that is bridged or joined to a meeting (LEG-B is live)');
      host.finish(run, { kind: 'failed', error: failure('InvalidActionParameter', 'Invalid action on the call.') });
      return;
    }
    if (leg.tag !== 'LEG-A') {
      host.violation('call-leg', 'StartBotConversation runs on LEG-A only');
      host.finish(run, { kind: 'failed', error: failure('InvalidActionParameter', INVALID_CALL_ID) });
      return;
    }
    mediaStarts(leg, host);
    after(run, host, host.settings.botConversationMs, () => succeed(run, host, {
      IntentResult: { SessionId: leg.callId, SessionState: { SessionAttributes: {}, DialogAction: { Type: 'Close' } }, Interpretations: [] },
    }));
  },
  StartCallRecording: (action, run, leg, host) => {
    const at = new Date(host.now()).toISOString().replace(/[-:T.]/g, '-').slice(0, 23);
    const [bucket, ...prefix] = action.Parameters.Destination.Location.split('/');
    const folder = prefix.length > 0 ? prefix.join('/') : 'Amazon-Chime-SMA-Call-Recordings';
    const day = at.slice(0, 10).split('-').join('/');
    succeed(run, host, {
      CallRecordingDestination: { Type: 'S3', Location: `${bucket}/${folder}/${day}/${at}_${host.transactionId}_${leg.callId}.wav` },
    });
  },
  StopCallRecording: (_action, run, _leg, host) => succeed(run, host),
  PauseCallRecording: (_action, run, _leg, host) => succeed(run, host),
  ResumeCallRecording: (_action, run, _leg, host) => succeed(run, host),
  VoiceFocus: (_action, run, _leg, host) => succeed(run, host),
};

/** docs/sma-model.md#join-chime-meeting-rules and the AWS page: LEG-A only, never on a bridged call, a live attendee of that meeting. */
function joinChimeMeeting(action: SmaActionOf<'JoinChimeMeeting'>, run: ActionRun, leg: CallLeg, host: ActionHost): void {
  const p = action.Parameters;
  const refuse = (rule: ViolationRule, message: string) => {
    host.violation(rule, message);
    host.finish(run, { kind: 'failed', error: joinFailure(host.settings) });
  };
  if (leg.tag !== 'LEG-A') {
    refuse('join-chime-meeting', `JoinChimeMeeting must target LEG-A, not ${leg.tag}`);
    return;
  }
  if (isConnected(host.leg('LEG-B'))) {
    refuse('bridged-call', 'JoinChimeMeeting cannot run on a bridged call: LEG-B is live (CallAndBridge or an earlier join)');
    return;
  }
  if (p.MeetingId === undefined && host.settings.requireMeetingId) {
    refuse('join-chime-meeting', 'JoinChimeMeeting needs MeetingId for a Chime SDK Meetings namespace meeting');
    return;
  }
  const resolved = host.meetings.resolveJoinToken(p.JoinToken);
  if (!resolved && host.meetings.wasJoinTokenIssued(p.JoinToken)) {
    // The attendee was deleted or its meeting ended after the token was issued: the service fails
    // the join (docs/sma-model.md#join-chime-meeting-results), and a handler cannot always prevent that, so it is no violation.
    host.finish(run, { kind: 'failed', error: joinFailure(host.settings) });
    return;
  }
  if (!resolved) {
    refuse('join-chime-meeting', 'the JoinToken was never issued by the Meetings service (not an attendee\'s token)');
    return;
  }
  if (p.MeetingId !== undefined && p.MeetingId.toLowerCase() !== resolved.meeting.meetingId.toLowerCase()) {
    refuse('join-chime-meeting', `the JoinToken belongs to meeting ${resolved.meeting.meetingId}, not to MeetingId ${p.MeetingId}`);
    return;
  }
  host.answer();
  after(run, host, host.settings.joinMs, () => {
    host.joinMeeting({ meetingId: resolved.meeting.meetingId, attendeeId: resolved.attendee.attendeeId });
    succeed(run, host);
  });
}

/** docs/sma-model.md#modify-chime-meeting-attendees: a joined call, that meeting, attendees of that meeting. */
function modifyChimeMeetingAttendees(action: SmaActionOf<'ModifyChimeMeetingAttendees'>, run: ActionRun, leg: CallLeg, host: ActionHost): void {
  const p = action.Parameters;
  const refuse = (message: string, violation: string, errorList: readonly unknown[] = []) => {
    host.violation('modify-attendees', violation);
    host.finish(run, { kind: 'failed', error: { ...failure('InvalidActionParameter', message), ErrorList: errorList } });
  };
  const meeting = host.meeting;
  if (leg.kind !== 'meeting' || !meeting) {
    refuse('Invalid action on the call.', 'ModifyChimeMeetingAttendees needs the meeting leg (LEG-B) of a call joined to a meeting');
    return;
  }
  if (p.MeetingId.toLowerCase() !== meeting.meetingId.toLowerCase()) {
    refuse('Call is not connected to Chime Meeting.', `the call is in meeting ${meeting.meetingId}, not in ${p.MeetingId}`);
    return;
  }
  const present = new Set(host.meetings.attendees(meeting.meetingId).map((attendee) => attendee.attendeeId.toLowerCase()));
  const missing = p.AttendeeList.filter((attendeeId) => !present.has(attendeeId.toLowerCase()));
  if (missing.length > 0) {
    refuse('One or more attendees are not part of this meeting', `${missing.length} attendee(s) are not part of meeting ${meeting.meetingId}`,
      missing.map((attendeeId) => ({ AttendeeId: attendeeId, ErrorCode: 'NotFound', ErrorMessage: 'The attendee is not part of this meeting' })));
    return;
  }
  host.mute(p.Operation, p.AttendeeList);
  succeed(run, host);
}

function getDigits(
  run: ActionRun, leg: CallLeg, host: ActionHost,
  p: SmaActionOf<'SpeakAndGetDigits'>['Parameters'] | SmaActionOf<'PlayAudioAndGetDigits'>['Parameters'],
  playPrompt: (failure: boolean) => number,
): void {
  mediaStarts(leg, host);
  const collector = new GetDigitsCollector({
    minDigits: p.MinNumberOfDigits ?? 0,
    maxDigits: p.MaxNumberOfDigits ?? 128,
    terminators: p.TerminatorDigits ?? ['#'],
    pattern: p.InputDigitsRegex === undefined ? undefined : new RegExp(p.InputDigitsRegex),
    attempts: p.Repeat ?? 1,
    firstDigitTimeoutMs: p.RepeatDurationInMilliseconds,
    inBetweenTimeoutMs: p.InBetweenDigitsDurationInMilliseconds ?? p.RepeatDurationInMilliseconds,
  }, {
    playPrompt,
    schedule: (delayMs, fire) => host.schedule(run, delayMs, fire),
    drainBufferedDigits: () => host.drainDigits(run),
    succeed: (digits) => succeed(run, host, { ReceivedDigits: digits }),
    fail: () => host.finish(run, {
      kind: 'failed',
      error: failure(host.settings.digitsFailureErrorType, 'No valid digits were received after all attempts.'),
    }),
  });
  run.offerDigit = (digit) => collector.offerDigit(digit);
  run.stop = () => collector.stop();
  collector.start();
}

/** The parameters as the service echoes them: sent values plus the leg and the documented defaults (docs/sma-model.md#echoed-parameters). */
function echoParameters(action: SmaAction, leg: CallLeg | undefined): Record<string, unknown> {
  const echo: Record<string, unknown> = { ...action.Parameters as object };
  const defaults = ECHOED_DEFAULTS[action.Type];
  for (const [key, value] of Object.entries(defaults?.(echo) ?? {})) {
    if (echo[key] === undefined) {
      echo[key] = value;
    }
  }
  if (leg && action.Type !== 'CallAndBridge') {
    echo.CallId ??= leg.callId;
    echo.ParticipantTag ??= leg.tag;
  }
  return echo;
}

const DIGIT_DEFAULTS = (echo: Readonly<Record<string, unknown>>) => ({
  MinNumberOfDigits: 0,
  MaxNumberOfDigits: 128,
  TerminatorDigits: ['#'],
  Repeat: 1,
  InBetweenDigitsDurationInMilliseconds: echo.RepeatDurationInMilliseconds,
});
const SPEECH_DEFAULTS = { Engine: 'standard', TextType: 'text', VoiceId: 'Joanna' };
const ECHOED_DEFAULTS: { readonly [T in SmaActionType]?: (echo: Readonly<Record<string, unknown>>) => Record<string, unknown> } = {
  Hangup: () => ({ SipResponseCode: '0' }),
  PlayAudio: () => ({ Repeat: 1 }),
  PlayAudioAndGetDigits: DIGIT_DEFAULTS,
  SpeakAndGetDigits: DIGIT_DEFAULTS,
  Speak: () => SPEECH_DEFAULTS,
  CallAndBridge: () => ({ CallTimeoutSeconds: 30 }),
  StartBotConversation: () => ({ LocaleId: 'en_US' }),
  SendDigits: () => ({ ToneDurationInMilliseconds: 250 }),
};

/** The ACTION_FAILED error of a join, in the shape the settings choose (docs/sma-model.md#error-shapes). */
function joinFailure(settings: SimulatorSettings): Record<string, unknown> {
  return settings.joinFailureErrorShape === 'combined-error'
    ? { Error: 'ErrorJoiningMeeting: Error while joining meeting.' }
    : { ErrorType: 'InvalidActionParameter', ErrorMessage: 'JoinToken parameter value is invalid.' };
}

function failure(errorType: string, message: string): Record<string, unknown> {
  return { ErrorType: errorType, ErrorMessage: message };
}

function mediaStarts(leg: CallLeg, host: ActionHost): void {
  if (leg.tag === 'LEG-A') {
    host.answer();
  }
}

function succeed(run: ActionRun, host: ActionHost, results?: Readonly<Record<string, unknown>>): void {
  host.finish(run, { kind: 'succeeded', results });
}

/** Runs `fire` after `delayMs`; at once for 0, so that instantaneous actions need no clock step. */
function after(run: ActionRun, host: ActionHost, delayMs: number, fire: () => void): void {
  if (delayMs <= 0) {
    fire();
  } else {
    host.schedule(run, delayMs, fire);
  }
}

/** Virtual speaking time: base plus a per-character rate, SSML tags not counted. */
function speechMs(text: string, textType: string | undefined, settings: SimulatorSettings): number {
  const spoken = textType === 'ssml' ? text.replace(/<[^>]*>/g, '') : text;
  return settings.speechBaseMs + settings.speechMsPerCharacter * spoken.length;
}

function audioKey(source: { readonly BucketName: string; readonly Key: string }): string {
  return `s3://${source.BucketName}/${source.Key}`;
}
