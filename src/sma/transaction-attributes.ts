import { callDetailsOf, CallDetailsSource } from './call-details';
import { TOLERANT_ACTION_RULES } from './rules';
import { TransactionAttributes } from './types/events';
import { fail, stringMap, utf8Length } from './validate';

/**
 * The call's current TransactionAttributes, typed by the keys a flow uses; `{}` before any were stored.
 * @example
 * type Keys = 'state' | 'attempts';
 * const attributes = getTransactionAttributes<Keys>(event); // attributes.state: string | undefined
 */
export function getTransactionAttributes<K extends string = string>(source: CallDetailsSource): Readonly<Partial<Record<K, string>>> {
  return (callDetailsOf(source).TransactionAttributes ?? {}) as Partial<Record<K, string>>;
}

/** One stored attribute, or `undefined`; inherited names such as `constructor` are never returned. */
export function getTransactionAttribute(source: CallDetailsSource, key: string): string | undefined {
  const attributes = getTransactionAttributes(source) as TransactionAttributes;
  return Object.hasOwn(attributes, key) ? attributes[key] : undefined;
}

/**
 * Limits applied to the TransactionAttributes a response sends (docs/sma-model.md#transaction-attributes). The docs say 100 pairs and
 * 20 KB, but their own "invalid inputs" example is rejected above 10 pairs (the pages disagree): so the default
 * rejects above 100 and warns above 10.
 */
export interface TransactionAttributeLimits {
  /** Reject more pairs than this. Default 100; set 10 to enforce the limit the example error shows. */
  readonly maxPairs?: number;
  /** Warn (through `onWarning`) above this many pairs. Default 10. */
  readonly warnAbovePairs?: number;
  /** Reject a map whose JSON exceeds this many UTF-8 bytes. Default 20480 (20 KB). */
  readonly maxBytes?: number;
  /**
   * Receives warnings; default `console.warn`. Warnings carry counts, never keys or values.
   * Pass `() => {}` to silence them.
   */
  readonly onWarning?: (message: string) => void;
}

/** Default maximum of TransactionAttributes pairs (docs/sma-model.md#transaction-attributes). */
export const MAX_TRANSACTION_ATTRIBUTE_PAIRS = 100;
/** Pair count above which a warning is raised: the limit the docs' example error states (docs/sma-model.md#transaction-attributes). */
export const WARN_TRANSACTION_ATTRIBUTE_PAIRS = 10;
/** Default maximum size of TransactionAttributes, in UTF-8 bytes of its JSON (docs/sma-model.md#transaction-attributes). */
export const MAX_TRANSACTION_ATTRIBUTE_BYTES = 20480;

/**
 * Checks a TransactionAttributes map to send: string keys (non-empty) and string values, within `limits`.
 * Returns a fresh copy.
 * @throws SmaValidationError naming the path, the value and the rule
 */
export function validateTransactionAttributes(value: unknown, limits: TransactionAttributeLimits = {}, path = 'TransactionAttributes'): Record<string, string> {
  const copy = stringMap(Infinity, (key) => key ? undefined : 'must not be an empty key')(value, path, TOLERANT_ACTION_RULES);
  const pairs = Object.keys(copy).length;
  const maxPairs = limits.maxPairs ?? MAX_TRANSACTION_ATTRIBUTE_PAIRS;
  const bytes = utf8Length(JSON.stringify(copy));
  const maxBytes = limits.maxBytes ?? MAX_TRANSACTION_ATTRIBUTE_BYTES;
  if (pairs > maxPairs || bytes > maxBytes) {
    fail(path, value, `must have at most ${maxPairs} pairs and ${maxBytes} bytes (has ${pairs}, ${bytes})`);
  }
  const warnAbove = limits.warnAbovePairs ?? WARN_TRANSACTION_ATTRIBUTE_PAIRS;
  if (pairs > warnAbove) {
    (limits.onWarning ?? console.warn)(`TransactionAttributes has ${pairs} pairs; the SMA may reject over ${warnAbove}`);
  }
  return copy;
}
