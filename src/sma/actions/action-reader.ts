import { readActionEnvelope } from '../action-types';
import { ActionRules, resolveActionRules, STRICT_ACTION_RULES } from '../rules';
import { SmaActionOf, SmaActionType } from '../types/actions';
import { CrossFieldRule, fail, FieldSpec, isRecord, readFields } from '../validate';

/**
 * The parameters of one action type: a check per field, plus rules between fields.
 * @internal
 */
export interface ActionDefinition {
  /** The checks, by PascalCase parameter name. */
  readonly spec: FieldSpec;
  /** Rules between parameters. */
  readonly crossField?: CrossFieldRule;
}

/**
 * Validates `action` as an action of type `type` and returns a fresh, normalized copy.
 * @param path the root of error paths; the action type by default
 * @internal
 */
export function readAction<T extends SmaActionType>(
  type: T, definition: ActionDefinition, action: unknown, rules: ActionRules, path: string = type,
): SmaActionOf<T> {
  const envelope = readActionEnvelope(action, path);
  if (envelope.type !== type) {
    fail(`${path}.Type`, envelope.type, `must be "${type}"`);
  }
  return {
    Type: type,
    Parameters: readFields(envelope.parameters, `${path}.Parameters`, definition.spec, rules, 'action', definition.crossField),
  } as unknown as SmaActionOf<T>;
}

/**
 * What every builder does: validate the PascalCase parameters with the strict rules (overridable per
 * call) and return a fresh action.
 * @internal
 */
export function buildAction<T extends SmaActionType>(
  type: T, definition: ActionDefinition, parameters: unknown, rules?: Partial<ActionRules>,
): SmaActionOf<T> {
  return readAction(type, definition, { Type: type, Parameters: parameters }, resolveActionRules(STRICT_ACTION_RULES, rules));
}

/**
 * Turns builder options (`{ joinToken }`) into service parameters (`{ JoinToken }`), one level deep, and
 * then converts the nested values named in `nested` (by camelCase key). Anything that is not an object is
 * returned as is, for the validator to reject with its path. Maps whose keys are data (SipHeaders,
 * SessionAttributes) are values, so their keys are never converted.
 * @internal
 */
export function pascalKeys(options: unknown, nested: Readonly<Record<string, (value: unknown) => unknown>> = {}): unknown {
  return isRecord(options)
    ? Object.fromEntries(Object.entries(options).map(([key, value]) => [
      key.charAt(0).toUpperCase() + key.slice(1),
      Object.hasOwn(nested, key) && value !== undefined ? nested[key](value) : value,
    ]))
    : options;
}

/**
 * Converts S3 options such as `{ bucketName, key }` to `{ Type: 'S3', BucketName, Key }`.
 * @internal
 */
export function s3Option(value: unknown): unknown {
  return isRecord(value) ? { Type: 'S3', ...(pascalKeys(value) as object) } : value;
}

/**
 * Converts each object of an array of options with {@link pascalKeys}.
 * @internal
 */
export function eachPascal(value: unknown): unknown {
  return Array.isArray(value) ? value.map((item) => pascalKeys(item)) : value;
}
