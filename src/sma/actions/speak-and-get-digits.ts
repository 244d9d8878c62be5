import { ActionRules } from '../rules';
import { SpeakAndGetDigitsAction } from '../types/actions';
import { objectOf, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { callId, digitCollection, maxNotBelowMin, speech } from './fields';
import { DigitCollectionOptions } from './play-audio-and-get-digits';
import { SpeechOptions } from './speak';

/** Options of {@link speakAndGetDigits}. */
export interface SpeakAndGetDigitsOptions extends DigitCollectionOptions {
  /** The leg to speak on and listen to (required by the service). */
  readonly callId: string;
  /** The prompt. */
  readonly speechParameters: SpeechOptions;
  /** Spoken after a wrong or missing input; unset settings default to those of `speechParameters`. */
  readonly failureSpeechParameters: SpeechOptions;
}

/**
 * The parameters of SpeakAndGetDigits (docs/sma-model.md#speak-and-get-digits).
 * @internal
 */
export function speakAndGetDigitsSpec(): ActionDefinition {
  const speechParameters = required(objectOf(speech()));
  return {
    spec: { CallId: required(callId), SpeechParameters: speechParameters, FailureSpeechParameters: speechParameters, ...digitCollection() },
    crossField: maxNotBelowMin,
  };
}

/**
 * Builds a `SpeakAndGetDigits` action; the digits arrive in `ActionData.ReceivedDigits` of ACTION_SUCCESSFUL.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function speakAndGetDigits(options: SpeakAndGetDigitsOptions, rules?: Partial<ActionRules>): SpeakAndGetDigitsAction {
  const speechOptions = (value: unknown) => pascalKeys(value);
  return buildAction('SpeakAndGetDigits', speakAndGetDigitsSpec(),
    pascalKeys(options, { speechParameters: speechOptions, failureSpeechParameters: speechOptions }), rules);
}
