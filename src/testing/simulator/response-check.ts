import type { SimulatorSettings } from './settings';
import type { ViolationRule } from './violations';
import {
  isSmaActionType, MAX_ACTIONS_PER_RESPONSE, SmaAction, SmaActionType, SmaResponseOptions, SmaValidationError, validateAction, validateSmaResponse,
} from '../../sma';

/** The error fields of ACTION_FAILED or INVALID_LAMBDA_RESPONSE. */
export interface ActionError {
  /** E.g. `InvalidActionParameter`. */
  readonly ErrorType: string;
  /** A message without secrets. */
  readonly ErrorMessage: string;
}

/**
 * An action of an accepted response: validated, or (with `invalidActionReport: 'action-failed'`) the
 * parameters as received and the error it fails with when its turn comes.
 */
export type QueuedAction =
  | { readonly type: SmaActionType; readonly action: SmaAction; readonly error?: undefined }
  | { readonly type: SmaActionType; readonly parameters: Readonly<Record<string, unknown>>; readonly error: ActionError; readonly message: string };

/** What the SMA makes of a response. */
export type ResponseCheck =
  | {
    readonly valid: true;
    /** The new action list; absent when the response had no list (null or no `Actions`): the queue stays. */
    readonly actions?: readonly QueuedAction[];
    /** The TransactionAttributes sent, validated; absent when none were sent. */
    readonly attributes?: Readonly<Record<string, string>>;
  }
  | {
    readonly valid: false;
    /** The rule broken. */
    readonly rule: ViolationRule;
    /** What is wrong, naming the field (secrets redacted). */
    readonly message: string;
    /** What INVALID_LAMBDA_RESPONSE reports. */
    readonly error: ActionError;
  };

/**
 * INVALID_LAMBDA_RESPONSE error types. Only `TransactionAttributesInvalidMapSize` is documented
 * (docs/sma-model.md#error-shapes); the others are the simulator's names for the other ways a response can be wrong.
 */
export const INVALID_RESPONSE_ERROR_TYPES = {
  /** More TransactionAttributes pairs or bytes than allowed (documented). */
  mapSize: 'TransactionAttributesInvalidMapSize',
  /** A TransactionAttributes key or value that is not a non-empty string key with a string value. */
  attributeValue: 'TransactionAttributesInvalidValue',
  /** More than 10 actions. */
  tooManyActions: 'ActionListTooLong',
  /** Not an object, wrong SchemaVersion, an unknown field, an unknown action type. */
  malformed: 'InvalidLambdaResponse',
  /** An action parameter is invalid (`InvalidActionParameter`, docs/sma-model.md#action-errors). */
  invalidParameter: 'InvalidActionParameter',
  /** A required action parameter is missing (`MissingRequiredActionParameter`, docs/sma-model.md#action-errors). */
  missingParameter: 'MissingRequiredActionParameter',
} as const;

/**
 * Checks a response as the SMA receives it (after Lambda's JSON serialization) with the runtime's
 * validators (`validateSmaResponse`, `validateAction`), against the limits in `settings`:
 * at most 10 actions, every action valid (docs/sma-model.md#actions), TransactionAttributes within
 * the limits (docs/sma-model.md#transaction-attributes). A `null` or absent `Actions` is accepted and
 * keeps the queued actions (docs/sma-model.md#action-list-semantics).
 * @param onWarning receives the validator's warnings (more pairs than the example's limit)
 */
export function checkResponse(received: unknown, settings: SimulatorSettings, onWarning: (message: string) => void): ResponseCheck {
  if (typeof received !== 'object' || received === null || Array.isArray(received)) {
    return invalid('invalid-response', 'the response must be a JSON object with SchemaVersion and Actions', INVALID_RESPONSE_ERROR_TYPES.malformed);
  }
  const response = received as Record<string, unknown>;
  const actions = response.Actions;
  const keepQueue = actions === null || actions === undefined;
  if (Array.isArray(actions) && actions.length > MAX_ACTIONS_PER_RESPONSE) {
    return invalid('max-actions', `Actions has ${actions.length} actions; at most ${MAX_ACTIONS_PER_RESPONSE} are allowed`, INVALID_RESPONSE_ERROR_TYPES.tooManyActions);
  }
  const attributes = response.TransactionAttributes;
  if (typeof attributes === 'object' && attributes !== null && Object.keys(attributes).length > settings.maxTransactionAttributePairs) {
    return invalid('transaction-attributes',
      `Transaction Attributes has too many mappings. Maximum number of mappings is ${settings.maxTransactionAttributePairs}`,
      INVALID_RESPONSE_ERROR_TYPES.mapSize);
  }
  const options: SmaResponseOptions = {
    maxPairs: settings.maxTransactionAttributePairs,
    maxBytes: settings.maxTransactionAttributeBytes,
    warnAbovePairs: settings.warnAboveTransactionAttributePairs,
    onWarning,
    actionRules: settings.actionRules,
  };
  const envelope = keepQueue ? { ...response, Actions: [] } : response;
  try {
    if (settings.invalidActionReport === 'invalid-lambda-response') {
      const checked = validateSmaResponse(envelope, options);
      return {
        valid: true,
        actions: keepQueue ? undefined : checked.Actions.map((action) => ({ type: action.Type, action })),
        attributes: checked.TransactionAttributes,
      };
    }
    const checked = validateSmaResponse({ ...envelope, Actions: [] }, options);
    return {
      valid: true,
      actions: keepQueue ? undefined : (envelope.Actions as unknown[]).map((action, index) => checkOneAction(action, index, settings)),
      attributes: checked.TransactionAttributes,
    };
  } catch (error) {
    if (error instanceof SmaValidationError) {
      return classify(error, settings);
    }
    throw error;
  }
}

/** One action for `invalidActionReport: 'action-failed'`: envelope errors still reject the response. */
function checkOneAction(raw: unknown, index: number, settings: SimulatorSettings): QueuedAction {
  const path = `Actions[${index}]`;
  try {
    const action = validateAction(raw, { path, rules: settings.actionRules });
    return { type: action.Type, action };
  } catch (error) {
    const record = raw as Record<string, unknown>;
    const parametersError = error instanceof SmaValidationError && error.path.startsWith(`${path}.Parameters`);
    if (!parametersError || !isSmaActionType(record.Type)) {
      throw error;
    }
    const parameters = typeof record.Parameters === 'object' && record.Parameters !== null && !Array.isArray(record.Parameters)
      ? record.Parameters as Record<string, unknown> : {};
    return { type: record.Type, parameters, error: parameterError(error), message: error.message };
  }
}

function classify(error: SmaValidationError, settings: SimulatorSettings): ResponseCheck {
  if (error.path === 'TransactionAttributes') {
    return invalid('transaction-attributes',
      `Transaction Attributes exceeds the maximum size of ${settings.maxTransactionAttributeBytes} bytes`, INVALID_RESPONSE_ERROR_TYPES.mapSize);
  }
  if (error.path.startsWith('TransactionAttributes')) {
    return invalid('transaction-attributes', error.message, INVALID_RESPONSE_ERROR_TYPES.attributeValue);
  }
  if (/^Actions\[\d+\]\.Parameters/.test(error.path)) {
    const { ErrorType } = parameterError(error);
    return invalid('invalid-action', error.message, ErrorType);
  }
  if (error.path.startsWith('Actions[')) {
    return invalid('invalid-action', error.message, INVALID_RESPONSE_ERROR_TYPES.malformed);
  }
  return invalid('invalid-response', error.message, INVALID_RESPONSE_ERROR_TYPES.malformed);
}

function parameterError(error: SmaValidationError): ActionError {
  return error.value === undefined
    ? { ErrorType: INVALID_RESPONSE_ERROR_TYPES.missingParameter, ErrorMessage: `${lastSegment(error.path)} parameter is missing.` }
    : { ErrorType: INVALID_RESPONSE_ERROR_TYPES.invalidParameter, ErrorMessage: `${lastSegment(error.path)} parameter value is invalid.` };
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
}

function invalid(rule: ViolationRule, message: string, errorType: string): ResponseCheck {
  return { valid: false, rule, message, error: { ErrorType: errorType, ErrorMessage: message } };
}
