import { ActionRules } from '../rules';
import { DtmfDigit, ParticipantTag, PlayAudioAndGetDigitsAction } from '../types/actions';
import { objectOf, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys, s3Option } from './action-reader';
import { digitCollection, legTarget, maxNotBelowMin, s3AudioSource } from './fields';
import { S3ObjectOptions } from './play-audio';

/** Digit collection options shared by {@link playAudioAndGetDigits} and `speakAndGetDigits`. */
export interface DigitCollectionOptions {
  /** Time allowed per attempt, in ms (required, > 0). */
  readonly repeatDurationInMilliseconds: number;
  /** A regular expression the digits must match. */
  readonly inputDigitsRegex?: string;
  /** At least this many digits, 0 to 128 (service default 0). */
  readonly minNumberOfDigits?: number;
  /** At most this many digits, 1 to 128 and not below the minimum (service default 128). */
  readonly maxNumberOfDigits?: number;
  /** Keys that end input (service default `#`). */
  readonly terminatorDigits?: readonly DtmfDigit[];
  /** Time allowed between digits, in ms (service default: the repeat duration). */
  readonly inBetweenDigitsDurationInMilliseconds?: number;
  /** Number of attempts (service default 1). */
  readonly repeat?: number;
}

/** Options of {@link playAudioAndGetDigits}. */
export interface PlayAudioAndGetDigitsOptions extends DigitCollectionOptions {
  /** The prompt. */
  readonly audioSource: S3ObjectOptions;
  /** Played after a wrong or missing input. */
  readonly failureAudioSource: S3ObjectOptions;
  /** The CallId of the leg; wins over `participantTag`. */
  readonly callId?: string;
  /** The leg; the service defaults to the invoking leg. */
  readonly participantTag?: ParticipantTag;
}

/**
 * The parameters of PlayAudioAndGetDigits (docs/sma-model.md#play-audio-and-get-digits).
 * @internal
 */
export function playAudioAndGetDigitsSpec(): ActionDefinition {
  const audio = required(objectOf(s3AudioSource()));
  return { spec: { ...legTarget, AudioSource: audio, FailureAudioSource: audio, ...digitCollection() }, crossField: maxNotBelowMin };
}

/**
 * Builds a `PlayAudioAndGetDigits` action; the digits arrive in `ActionData.ReceivedDigits` of ACTION_SUCCESSFUL.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function playAudioAndGetDigits(options: PlayAudioAndGetDigitsOptions, rules?: Partial<ActionRules>): PlayAudioAndGetDigitsAction {
  return buildAction('PlayAudioAndGetDigits', playAudioAndGetDigitsSpec(),
    pascalKeys(options, { audioSource: s3Option, failureAudioSource: s3Option }), rules);
}
