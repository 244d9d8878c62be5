/**
 * Thrown when an SMA event, action, option or response breaks a rule of the SIP media application
 * programming model.
 *
 * The message names the field, the value and the rule, e.g.
 * `JoinChimeMeeting.Parameters.JoinToken: <redacted string of length 1> is invalid: must be 2 to 2048 characters`.
 * Values of fields that can hold secrets or personal data (join tokens, digits, phone numbers,
 * free-form maps such as TransactionAttributes) are redacted from the message, so the message is
 * safe to log. The raw value stays available in {@link SmaValidationError.value}, which is
 * non-enumerable so that loggers printing the error's own properties do not print it either.
 */
export class SmaValidationError extends Error {
  /** Where the invalid value sits, e.g. `$.CallDetails.Participants[0].CallId` or `Speak.Parameters.Text`. */
  public readonly path: string;
  /** The rule the value breaks, e.g. `must be 2 to 2048 characters`. */
  public readonly rule: string;
  /** The offending value (`undefined` when it is missing). Non-enumerable: it may hold secrets. */
  declare public readonly value: unknown;

  /**
   * @param path where the invalid value sits
   * @param value the offending value, `undefined` when missing
   * @param rule the rule it breaks, phrased to follow "is invalid:"
   */
  constructor(path: string, value: unknown, rule: string) {
    super(value === undefined ? `${path} is missing: ${rule}` : `${path}: ${describeValue(path, value)} is invalid: ${rule}`);
    this.name = 'SmaValidationError';
    this.path = path;
    this.rule = rule;
    Object.defineProperty(this, 'value', { value, enumerable: false });
  }
}

// The last segment names the field; inside a free-form map (Arguments, SipHeaders...) every value is private.
const SENSITIVE_PATH = /(token|digits|number|\.to|\.from|uri|pin)$|\.(Arguments|TransactionAttributes|SipHeaders|SessionAttributes)(\.|\[|$)/i;

function describeValue(path: string, value: unknown): string {
  if (typeof value !== 'string') {
    return Array.isArray(value) ? `an array of length ${value.length}` : value && typeof value === 'object' ? 'an object' : typeof value === 'function' ? 'a function' : String(value);
  }
  return SENSITIVE_PATH.test(path.replace(/\[\d+\]$/, '')) ? `<redacted string of length ${value.length}>`
    : value.length > 64 ? `${JSON.stringify(value.slice(0, 64))}... (length ${value.length})` : JSON.stringify(value);
}
