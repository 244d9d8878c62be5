import { ActionRules } from '../rules';
import { SendDigitsAction } from '../types/actions';
import { integer, matching, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { callId } from './fields';

/** Options of {@link sendDigits}. */
export interface SendDigitsOptions {
  /** The leg to send the tones on (required). */
  readonly callId: string;
  /** 1 to 50 of `0-9 * # A B C D`; a comma pauses 0.5 s. */
  readonly digits: string;
  /** Tone length, 50 to 24000 ms (service default 250). */
  readonly toneDurationInMilliseconds?: number;
}

/**
 * The parameters of SendDigits (docs/sma-model.md#send-digits).
 * @internal
 */
export function sendDigitsSpec(): ActionDefinition {
  return {
    spec: {
      CallId: required(callId),
      Digits: required(matching(/^[0-9*#A-D,]{1,50}$/, 'must be 1 to 50 of 0-9 * # A-D ,')),
      ToneDurationInMilliseconds: integer(50, 24000),
    },
  };
}

/**
 * Builds a `SendDigits` action, which sends DTMF tones on a leg.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function sendDigits(options: SendDigitsOptions, rules?: Partial<ActionRules>): SendDigitsAction {
  return buildAction('SendDigits', sendDigitsSpec(), pascalKeys(options), rules);
}
