import { ActionValidator, checkActionShape } from './action-types';
import { attributesToSend, TransactionAttributesUpdate } from './attributes-update';
import { ActionRules } from './rules';
import { TransactionAttributeLimits, validateTransactionAttributes } from './transaction-attributes';
import { SmaAction } from './types/actions';
import { TransactionAttributes } from './types/events';
import { asRecord, fail, ownValue } from './validate';

/** What the handler Lambda returns to the SMA (docs/sma-model.md#response-envelope). */
export interface SmaResponse {
  /** Always `1.0`. */
  readonly SchemaVersion: '1.0';
  /** 0 to 10 actions, run in order; `[]` means "run nothing more" (the call stays up). */
  readonly Actions: readonly SmaAction[];
  /** Sent only to change the stored attributes (see `TransactionAttributesUpdate`). */
  readonly TransactionAttributes?: TransactionAttributes;
}

/** The most actions one response may carry (docs/sma-model.md#invocation-limits). */
export const MAX_ACTIONS_PER_RESPONSE = 10;

/** Options of {@link buildSmaResponse} and {@link checkSmaResponse}. */
export interface SmaResponseOptions extends TransactionAttributeLimits {
  /**
   * How each action is checked. Default {@link checkActionShape} (cheap); pass `validateAction` for every
   * rule of every action (as `validateSmaResponse` does).
   */
  readonly validateAction?: ActionValidator;
  /** Rule overrides handed to `validateAction` (tolerant by default). */
  readonly actionRules?: Partial<ActionRules>;
}

/** What a response holds, for {@link buildSmaResponse}. */
export interface SmaResponseInit {
  /** The actions, 0 to 10. Default `[]`. */
  readonly actions?: readonly SmaAction[];
  /** What to do to the stored attributes. Default: keep them (send no map). */
  readonly attributes?: TransactionAttributesUpdate;
  /**
   * The call's attributes now: `event.CallDetails.TransactionAttributes`. Needed for merge and replace to
   * mean the same whether the service merges or replaces (see `TransactionAttributesUpdate`).
   */
  readonly currentAttributes?: TransactionAttributes;
}

/**
 * Builds a response: `SchemaVersion: '1.0'`, at most 10 checked actions (fresh copies), and the
 * TransactionAttributes map the update requires, checked against the limits.
 * @throws SmaValidationError naming the path, the value and the rule
 */
export function buildSmaResponse(init: SmaResponseInit = {}, options: SmaResponseOptions = {}): SmaResponse {
  return checkSmaResponse(composeSmaResponse(init), options);
}

/**
 * The response for `init`, not yet checked.
 * @internal
 */
export function composeSmaResponse(init: SmaResponseInit): SmaResponse {
  const attributes = attributesToSend(init.attributes ?? { mode: 'keep' }, init.currentAttributes);
  return { SchemaVersion: '1.0', Actions: init.actions ?? [], ...(attributes && { TransactionAttributes: attributes as TransactionAttributes }) };
}

/**
 * Checks a response written by anyone and returns a fresh copy: only SchemaVersion `1.0`, Actions (an
 * array of at most 10, each checked with `options.validateAction`, by default the cheap
 * {@link checkActionShape}) and TransactionAttributes (within the limits). `Actions` must be an array:
 * this module never relies on the service's "null list keeps the queue" behaviour.
 * @throws SmaValidationError naming the path (`Actions[2].Parameters.CallId`), the value and the rule
 */
export function checkSmaResponse(value: unknown, options: SmaResponseOptions = {}): SmaResponse {
  const response = asRecord(value, 'response');
  const extraKey = Object.keys(response).find((key) => !['SchemaVersion', 'Actions', 'TransactionAttributes'].includes(key));
  if (extraKey !== undefined) {
    fail(extraKey, response[extraKey], 'is not a response field');
  }
  if (response.SchemaVersion !== '1.0') {
    fail('SchemaVersion', response.SchemaVersion, 'must be "1.0"');
  }
  const actions = ownValue(response, 'Actions');
  if (!Array.isArray(actions) || actions.length > MAX_ACTIONS_PER_RESPONSE) {
    fail('Actions', actions, `must be an array of at most ${MAX_ACTIONS_PER_RESPONSE} actions`);
  }
  const attributes = ownValue(response, 'TransactionAttributes');
  const validate = options.validateAction ?? checkActionShape;
  return {
    SchemaVersion: '1.0',
    Actions: actions.map((action, index) => validate(action, { path: `Actions[${index}]`, rules: options.actionRules })),
    ...(attributes === undefined ? {} : { TransactionAttributes: validateTransactionAttributes(attributes, options) }),
  };
}
