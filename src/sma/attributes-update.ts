import { TransactionAttributes } from './types/events';
import { fail } from './validate';

/**
 * What a response does to the call's TransactionAttributes. The service stores the map per call and
 * merges what a response sends into it shallowly: sent keys are added or overwritten, other keys stay,
 * `{}` clears everything, and an absent map changes nothing (docs/sma-model.md#transaction-attributes). One AWS page says a different
 * key set replaces the stored map instead (the pages disagree); every update below is computed so that its
 * result is the same under either reading, given the current attributes.
 */
export type TransactionAttributesUpdate =
  | {
    /** Send no map: the stored attributes stay as they are. */
    readonly mode: 'keep';
  }
  | {
    /** Add or overwrite these keys, keep the others. */
    readonly mode: 'merge';
    /** The keys to set. */
    readonly values: TransactionAttributes;
  }
  | {
    /** Make the stored map exactly these values. */
    readonly mode: 'replace';
    /** The whole new map. */
    readonly values: TransactionAttributes;
  }
  | {
    /** Remove every stored key (sends `{}`). */
    readonly mode: 'clear';
  };

/** Leaves the stored TransactionAttributes unchanged: the response carries no map. */
export function keepAttributes(): TransactionAttributesUpdate {
  return { mode: 'keep' };
}

/**
 * Sets these keys and keeps the others. With the current attributes known (the router always knows
 * them), the response sends the full merged map, which yields the same result whether the service
 * merges or replaces. Merging nothing into nothing sends no map, because `{}` would mean "clear".
 */
export function mergeAttributes(values: TransactionAttributes): TransactionAttributesUpdate {
  return { mode: 'merge', values };
}

/**
 * Makes the stored map exactly `values`. Because the service merges, a key can only disappear through
 * a clear: so replacing with `{}` sends `{}`, and replacing a map that holds keys absent from `values`
 * is refused with an error (clear first, in an earlier response, or keep those keys).
 */
export function replaceAttributes(values: TransactionAttributes): TransactionAttributesUpdate {
  return { mode: 'replace', values };
}

/** Removes every stored key: the response sends `{}` (docs/sma-model.md#transaction-attributes). */
export function clearAttributes(): TransactionAttributesUpdate {
  return { mode: 'clear' };
}

/**
 * The map a response must send to apply `update` to `current`, or `undefined` to send none.
 * Values are not checked here; the response validator does that.
 * @throws SmaValidationError when a replace would need to remove keys
 * @internal
 */
export function attributesToSend(update: TransactionAttributesUpdate, current?: TransactionAttributes): Record<string, unknown> | undefined {
  switch (update.mode) {
    case 'keep':
      return undefined;
    case 'clear':
      return {};
    case 'merge': {
      const merged = { ...current, ...update.values };
      return Object.keys(merged).length === 0 ? undefined : merged;
    }
    case 'replace': {
      const values = { ...update.values };
      const removed = Object.keys(values).length === 0 ? [] : Object.keys(current ?? {}).filter((key) => !Object.hasOwn(values, key));
      return removed.length > 0
        ? fail('TransactionAttributes', removed, 'a replace cannot drop stored keys (the service merges): clear first')
        : values;
    }
    default:
      return fail('TransactionAttributes', update, 'unknown mode');
  }
}
