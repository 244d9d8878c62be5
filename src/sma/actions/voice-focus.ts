import { ActionRules } from '../rules';
import { VoiceFocusAction } from '../types/actions';
import { bool, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { callId } from './fields';

/** Options of {@link voiceFocus}. */
export interface VoiceFocusOptions {
  /** Turn noise reduction on or off. */
  readonly enable: boolean;
  /** The leg (required by the service). */
  readonly callId: string;
}

/**
 * The parameters of VoiceFocus (docs/sma-model.md#voice-focus).
 * @internal
 */
export function voiceFocusSpec(): ActionDefinition {
  return { spec: { Enable: required(bool), CallId: required(callId) } };
}

/**
 * Builds a `VoiceFocus` action, which turns Amazon Voice Focus noise reduction on or off for a leg.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function voiceFocus(options: VoiceFocusOptions, rules?: Partial<ActionRules>): VoiceFocusAction {
  return buildAction('VoiceFocus', voiceFocusSpec(), pascalKeys(options), rules);
}
