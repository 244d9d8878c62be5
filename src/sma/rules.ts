/**
 * How to settle the places where AWS's own pages disagree about an action parameter
 * (docs/sma-model.md#disagreements). Be strict on output and tolerant on input:
 * the builders use {@link STRICT_ACTION_RULES}; `validateAction` and the response validator default to
 * {@link TOLERANT_ACTION_RULES}, so that they accept what the service accepts.
 */
export interface ActionRules {
  /**
   * Accept integer parameters written as strings (`"Repeat": "5"`). docs/sma-model.md#numbers-as-strings: doc examples mix both
   * and the service accepts either. Output is always a number.
   */
  readonly acceptNumericStrings: boolean;
  /**
   * Allowed `Pause.DurationInMilliseconds`. docs/sma-model.md#pause: the Pause page says any integer
   * greater than 0 (`'positive'`), the troubleshooting page says 100 to 30000 (`'100-30000'`).
   */
  readonly pauseDuration: 'positive' | '100-30000';
  /**
   * Rule between `ReceiveDigits.FlushDigitsDurationInMilliseconds` and `InBetweenDigitsDurationInMilliseconds`.
   * docs/sma-model.md#receive-digits: the troubleshooting text contradicts itself; its best reading is that
   * Flush must be greater (`'greater-than-in-between'`). `'any'` accepts every positive pair.
   */
  readonly flushDigitsDuration: 'any' | 'greater-than-in-between';
  /**
   * Allowed `CallAndBridge.CallTimeoutSeconds`. docs/sma-model.md#call-and-bridge: the action page says 1 to 120, the
   * troubleshooting table (as `MaxCallTimeout`) 0 to 120.
   */
  readonly callTimeoutSeconds: '1-120' | '0-120';
}

/** Rules used by every action builder: the narrower reading of each conflict. */
export const STRICT_ACTION_RULES: ActionRules = {
  acceptNumericStrings: false,
  pauseDuration: '100-30000',
  flushDigitsDuration: 'greater-than-in-between',
  callTimeoutSeconds: '1-120',
};

/** Rules used by default when validating actions written by someone else: the wider reading of each conflict. */
export const TOLERANT_ACTION_RULES: ActionRules = {
  acceptNumericStrings: true,
  pauseDuration: 'positive',
  flushDigitsDuration: 'any',
  callTimeoutSeconds: '0-120',
};

/**
 * `base` with the defined entries of `overrides` applied (an explicit `undefined` keeps the base rule).
 * @internal
 */
export function resolveActionRules(base: ActionRules, overrides?: Partial<ActionRules>): ActionRules {
  return { ...base, ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined)) };
}
