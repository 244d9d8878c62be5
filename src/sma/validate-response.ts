import { checkSmaResponse, SmaResponse, SmaResponseOptions } from './response';
import { validateAction } from './validate-action';

/**
 * Validates a response against every rule: the envelope, the TransactionAttributes limits and every
 * rule of every action (`validateAction`, tolerant rules by default). For simulators and tests; the
 * router runs the cheaper `checkSmaResponse` unless given `validateAction`.
 * @throws SmaValidationError naming the path (`Actions[2].Parameters.Text`), the value and the rule
 */
export function validateSmaResponse(value: unknown, options: SmaResponseOptions = {}): SmaResponse {
  return checkSmaResponse(value, { ...options, validateAction: options.validateAction ?? validateAction });
}
