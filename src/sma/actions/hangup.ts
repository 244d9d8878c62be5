import { SmaValidationError } from '../errors';
import { ActionRules } from '../rules';
import { HangupAction, ParticipantTag } from '../types/actions';
import { Check } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { legTarget } from './fields';

/** A Hangup SIP response code, as a number or as the string the docs use. */
export type SipResponseCode = 0 | 480 | 486 | '0' | '480' | '486';

/** Options of {@link hangup}. */
export interface HangupOptions {
  /** The CallId of the leg to hang up; wins over `participantTag`. */
  readonly callId?: string;
  /** The leg to hang up; the service defaults to the invoking leg. */
  readonly participantTag?: ParticipantTag;
  /** 0 normal clearing (service default), 480 unavailable, 486 busy. Emitted as a string, e.g. `"0"`. */
  readonly sipResponseCode?: SipResponseCode;
}

/**
 * Accepts 0, 480 and 486 as numbers (as HANGUP events carry them) or strings (as action docs write them),
 * and always returns the string (docs/sma-model.md#numbers-as-strings, docs/sma-model.md#hangup).
 */
const sipResponseCode: Check<'0' | '480' | '486'> = (value, path) => {
  const code = typeof value === 'number' ? String(value) : value;
  if (code !== '0' && code !== '480' && code !== '486') {
    throw new SmaValidationError(path, value, 'must be 0, 480 or 486');
  }
  return code;
};

/**
 * The parameters of Hangup (docs/sma-model.md#hangup).
 * @internal
 */
export function hangupSpec(): ActionDefinition {
  return { spec: { ...legTarget, SipResponseCode: sipResponseCode } };
}

/**
 * Builds a `Hangup` action. Without options it hangs up the leg that caused the invocation.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function hangup(options: HangupOptions = {}, rules?: Partial<ActionRules>): HangupAction {
  return buildAction('Hangup', hangupSpec(), pascalKeys(options), rules);
}
