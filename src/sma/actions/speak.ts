import { ActionRules } from '../rules';
import { SpeakAction } from '../types/actions';
import { required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { callId, speech } from './fields';

/** Amazon Polly speech options shared by {@link speak} and `speakAndGetDigits`. */
export interface SpeechOptions {
  /** The text (or SSML with `textType: 'ssml'`) to speak, 1 to 1000 characters. */
  readonly text: string;
  /** Polly engine (service default `standard`). */
  readonly engine?: 'standard' | 'neural';
  /** Polly language code such as `en-US`. */
  readonly languageCode?: string;
  /** `text` (service default) or `ssml`. */
  readonly textType?: 'text' | 'ssml';
  /** Polly voice id such as `Joanna` (service default). */
  readonly voiceId?: string;
}

/** Options of {@link speak}. */
export interface SpeakOptions extends SpeechOptions {
  /** The leg to speak on (required by the service). */
  readonly callId: string;
}

/**
 * The parameters of Speak (docs/sma-model.md#speak).
 * @internal
 */
export function speakSpec(): ActionDefinition {
  return { spec: { CallId: required(callId), ...speech() } };
}

/**
 * Builds a `Speak` action, which speaks text with Amazon Polly on a leg.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function speak(options: SpeakOptions, rules?: Partial<ActionRules>): SpeakAction {
  return buildAction('Speak', speakSpec(), pascalKeys(options), rules);
}
