import { SmaValidationError } from './errors';
import { ActionRules } from './rules';

// Small field validators shared by actions, events and responses. Each check returns the value
// (normalized, e.g. "5" to 5) or throws SmaValidationError naming path, value and rule.

/**
 * A field check; `required` marks fields that must be present.
 * @internal
 */
export type Check<T = unknown> = ((value: unknown, path: string, rules: ActionRules) => T) & { readonly required?: boolean };

/**
 * The checks of an object's fields, by key; the key order is the output order.
 * @internal
 */
export type FieldSpec = Readonly<Record<string, Check>>;

/**
 * A rule between fields: returns the key to blame and the rule broken, or nothing.
 * @internal
 */
export type CrossFieldRule = (
  fields: Readonly<Record<string, unknown>>, rules: ActionRules,
) => readonly [key: string, rule: string] | undefined | false;

/**
 * How {@link readFields} treats what does not fit:
 * - `action` (what we emit or check for the service): unknown keys, `null` and invalid values throw;
 * - `event` (event envelopes: tolerant input): unknown keys are ignored and `null` counts as absent.
 * @internal
 */
export type ReadMode = 'action' | 'event';

/** Whether a value is a plain JSON-like object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Throws {@link SmaValidationError}.
 * @internal
 */
export function fail(path: string, value: unknown, rule: string): never {
  throw new SmaValidationError(path, value, rule);
}

/**
 * Returns the value as an object, or throws at `path`.
 * @internal
 */
export function asRecord(value: unknown, path: string): Readonly<Record<string, unknown>> {
  return isRecord(value) ? value : fail(path, value, 'must be an object');
}

/**
 * Reads an own property only: input parsed from JSON may carry keys such as `constructor`.
 * @internal
 */
export function ownValue(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Marks a check as required.
 * @internal
 */
export function required<T>(check: Check<T>): Check<T> {
  return Object.assign((value: unknown, path: string, rules: ActionRules) => check(value, path, rules), { required: true });
}

/**
 * Reads the fields of `source` with `spec` (see {@link ReadMode}) into a new object without `undefined`
 * values. Built with `Object.fromEntries`, so a `__proto__` key stays a plain key.
 * @internal
 */
export function readFields(source: unknown, path: string, spec: FieldSpec, rules: ActionRules, mode: ReadMode = 'action', crossField?: CrossFieldRule): Record<string, unknown> {
  const record = asRecord(source, path);
  const unknownKey = mode === 'action' ? Object.keys(record).find((key) => !Object.hasOwn(spec, key)) : undefined;
  if (unknownKey !== undefined) {
    fail(`${path}.${unknownKey}`, record[unknownKey], 'is not a known field');
  }
  const fields = Object.fromEntries(Object.entries(spec).flatMap(([key, check]) => {
    const value = ownValue(record, key);
    const at = `${path}.${key}`;
    if (value === undefined || (value === null && mode === 'event')) {
      return check.required ? fail(at, undefined, 'a value is required') : [];
    }
    return [[key, check(value, at, rules)]];
  }));
  const broken = crossField?.(fields, rules);
  return broken ? fail(`${path}.${broken[0]}`, ownValue(record, broken[0]), broken[1]) : fields;
}

/**
 * A nested object read with `spec`.
 * @internal
 */
export function objectOf(spec: FieldSpec, crossField?: CrossFieldRule, mode: ReadMode = 'action'): Check<Record<string, unknown>> {
  return (value, path, rules) => readFields(value, path, spec, rules, mode, crossField);
}

/**
 * A string of `min` to `max` UTF-16 code units.
 * @internal
 */
export function text(min: number, max: number): Check<string> {
  return (value, path) => typeof value !== 'string' ? fail(path, value, 'must be a string')
    : value.length < min || value.length > max ? fail(path, value, `must be ${min} to ${max} characters`) : value;
}

/**
 * A string matching `pattern` (which carries its own length limits).
 * @internal
 */
export function matching(pattern: RegExp, rule: string): Check<string> {
  return (value, path) => typeof value === 'string' && pattern.test(value) ? value : fail(path, value, rule);
}

/**
 * One of the listed strings, compared exactly.
 * @internal
 */
export function oneOf<T extends string>(...allowed: readonly T[]): Check<T> {
  return (value, path) => allowed.includes(value as T) ? value as T : fail(path, value, `must be ${allowed.map((item) => `"${item}"`).join(' or ')}`);
}

/**
 * An integer from `min` to `max`; with `rules.acceptNumericStrings` also its decimal string (docs/sma-model.md#numbers-as-strings).
 * @internal
 */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return (value, path, rules) => {
    const number = typeof value === 'string' && rules.acceptNumericStrings && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
    return Number.isSafeInteger(number) && (number as number) >= min && (number as number) <= max ? number as number
      : fail(path, value, `must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`);
  };
}

/**
 * A boolean.
 * @internal
 */
export const bool: Check<boolean> = (value, path) => typeof value === 'boolean' ? value : fail(path, value, 'must be true or false');

/**
 * An array of `min` to `max` items, each passing `check`; a fresh array.
 * @internal
 */
export function arrayOf<T>(check: Check<T>, min: number, max: number): Check<T[]> {
  return (value, path, rules) => Array.isArray(value) && value.length >= min && value.length <= max
    ? Array.from(value, (item, index) => check(item, `${path}[${index}]`, rules))
    : fail(path, value, `must be an array of ${min} to ${max} items`);
}

/**
 * A map of strings; `keyRule` may reject a key by returning the rule it breaks. With `coerce`, numbers
 * and booleans become strings and `null` entries are dropped (events); otherwise values must be strings.
 * @internal
 */
export function stringMap(maxValueLength = Infinity, keyRule?: (key: string) => string | undefined, coerce = false): Check<Record<string, string>> {
  return (value, path) => Object.fromEntries(Object.entries(asRecord(value, path)).flatMap(([key, item]) => {
    const at = `${path}.${key}`;
    const broken = keyRule?.(key);
    if (broken) {
      fail(at, item, broken);
    }
    if (coerce && item === null) {
      return [];
    }
    const coerced = coerce && (typeof item === 'number' || typeof item === 'boolean') ? String(item) : item;
    return typeof coerced === 'string' && coerced.length <= maxValueLength ? [[key, coerced]]
      : fail(at, item, `must be a string${maxValueLength < Infinity ? ` of at most ${maxValueLength} characters` : ''}`);
  }));
}

/**
 * The number of bytes of a string in UTF-8 (TransactionAttributes and bot Configuration limits are in bytes).
 * @internal
 */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (const character of value) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * A deep copy of a JSON value, treating `undefined` as `JSON.stringify` does (left out of objects, `null`
 * in arrays); anything else that is not JSON, and nesting deeper than 32 levels, throws.
 * @internal
 */
export function copyJson(value: unknown, path: string, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value)) {
    return value;
  }
  if (depth > 32 || (!Array.isArray(value) && !isRecord(value))) {
    return fail(path, value, 'must be JSON (at most 32 levels deep)');
  }
  return Array.isArray(value)
    ? Array.from(value, (item, index) => item === undefined ? null : copyJson(item, `${path}[${index}]`, depth + 1))
    : Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, copyJson(item, `${path}.${key}`, depth + 1)]));
}
