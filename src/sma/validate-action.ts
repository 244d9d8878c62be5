import { ActionValidationOptions, readActionEnvelope } from './action-types';
import { readAction } from './actions/action-reader';
import { ACTION_DEFINITIONS } from './actions/registry';
import { resolveActionRules, TOLERANT_ACTION_RULES } from './rules';
import { SmaAction } from './types/actions';

/**
 * Validates an action written by anyone (a handler's response, a test fixture) against every rule of
 * its type and returns a fresh, normalized copy: numbers as numbers, `SipResponseCode` as a string,
 * absent keys omitted.
 *
 * By default it accepts what the service accepts ({@link TOLERANT_ACTION_RULES}: numbers as strings,
 * the wider reading of each documented conflict); pass `rules: STRICT_ACTION_RULES` for the builders'
 * rules. Unknown action types, unknown parameters and `null` values are rejected.
 *
 * This pulls in the definitions of all 18 actions; `checkActionShape` is the cheap check.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function validateAction(action: unknown, options: ActionValidationOptions = {}): SmaAction {
  const { type } = readActionEnvelope(action, options.path);
  return readAction(type, ACTION_DEFINITIONS[type](), action, resolveActionRules(TOLERANT_ACTION_RULES, options.rules), options.path) as SmaAction;
}
