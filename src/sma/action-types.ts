import { legTarget } from './actions/fields';
import { ActionRules, TOLERANT_ACTION_RULES } from './rules';
import { SmaAction, SmaActionType } from './types/actions';
import { asRecord, Check, copyJson, fail, ownValue, readFields } from './validate';

/**
 * The required parameters of each of the 18 action types (docs/sma-model.md#actions), space-separated: all the
 * router needs to know about actions to check a response cheaply. The full rules live in each action's
 * definition; a test keeps the two in step.
 */
export const REQUIRED_ACTION_PARAMETERS: { readonly [T in SmaActionType]: string } = {
  CallAndBridge: 'CallerIdNumber Endpoints',
  Hangup: '',
  JoinChimeMeeting: 'JoinToken',
  ModifyChimeMeetingAttendees: 'Operation MeetingId AttendeeList',
  Pause: 'DurationInMilliseconds',
  PlayAudio: 'AudioSource',
  PlayAudioAndGetDigits: 'AudioSource FailureAudioSource RepeatDurationInMilliseconds',
  ReceiveDigits: 'InputDigitsRegex InBetweenDigitsDurationInMilliseconds FlushDigitsDurationInMilliseconds',
  RecordAudio: 'RecordingDestination RecordingTerminators',
  SendDigits: 'CallId Digits',
  Speak: 'CallId Text',
  SpeakAndGetDigits: 'CallId SpeechParameters FailureSpeechParameters RepeatDurationInMilliseconds',
  StartBotConversation: 'BotAliasArn',
  StartCallRecording: 'CallId Track Destination',
  StopCallRecording: 'CallId',
  PauseCallRecording: 'CallId',
  ResumeCallRecording: 'CallId',
  VoiceFocus: 'Enable CallId',
};

/** Whether `value` is one of the 18 SMA action types. */
export function isSmaActionType(value: unknown): value is SmaActionType {
  return typeof value === 'string' && Object.hasOwn(REQUIRED_ACTION_PARAMETERS, value);
}

/**
 * One of the 18 action types.
 * @internal
 */
export const smaActionType: Check<SmaActionType> = (value, path) => isSmaActionType(value) ? value : fail(path, value, 'must be one of the 18 SMA action types');

/**
 * Reads what every action has: a known `Type`, optional `Parameters` (`{}` when absent), nothing else.
 * Error paths start at `path`, or at the action type when no path is given.
 * @internal
 */
export function readActionEnvelope(action: unknown, path?: string): { type: SmaActionType; root: string; parameters: unknown } {
  const record = asRecord(action, path ?? 'action');
  const type = smaActionType(record.Type, `${path ?? 'action'}.Type`, TOLERANT_ACTION_RULES);
  const root = path ?? type;
  const extraKey = Object.keys(record).find((key) => key !== 'Type' && key !== 'Parameters');
  if (extraKey !== undefined) {
    fail(`${root}.${extraKey}`, record[extraKey], 'an action has only Type and Parameters');
  }
  const parameters = ownValue(record, 'Parameters');
  return { type, root, parameters: parameters === undefined ? {} : parameters };
}

/** Options of `validateAction` and {@link checkActionShape}. */
export interface ActionValidationOptions {
  /** The root of error paths, e.g. `Actions[3]`; the action type by default. */
  readonly path?: string;
  /** Overrides of the tolerant action rules (used by `validateAction` only). */
  readonly rules?: Partial<ActionRules>;
}

/** Checks one action and returns a fresh copy of it, or throws `SmaValidationError`. */
export type ActionValidator = (action: unknown, options: ActionValidationOptions) => SmaAction;

/**
 * The cheap action check the router and `buildSmaResponse` run by default: a known `Type`, only `Type`
 * and `Parameters`, parameters that are JSON with every required one present, and a well-formed
 * `CallId`/`ParticipantTag`. It does not check ranges or allowed values: actions made by the builders
 * already passed those, and `validateAction` checks them all (pass it as `validateAction` to the router
 * to get the full check in every response, at the cost of a bigger bundle).
 * Returns a fresh copy (keys whose value is `undefined` left out).
 * @throws SmaValidationError naming the path, the value and the rule
 */
export function checkActionShape(action: unknown, options: ActionValidationOptions = {}): SmaAction {
  const { type, root, parameters: raw } = readActionEnvelope(action, options.path);
  const parameters = asRecord(copyJson(raw, `${root}.Parameters`), `${root}.Parameters`);
  for (const key of REQUIRED_ACTION_PARAMETERS[type].split(' ')) {
    if (key && ownValue(parameters, key) == null) {
      fail(`${root}.Parameters.${key}`, undefined, 'a value is required');
    }
  }
  readFields(parameters, `${root}.Parameters`, legTarget, TOLERANT_ACTION_RULES, 'event');
  return { Type: type, Parameters: parameters } as SmaAction;
}
