/** Keys whose values never reach a log: join tokens, PINs and digits. */
const SECRET_KEY = /token|pin|digits/i;

/** Runs of 7 to 15 digits, optionally after `+`: phone numbers, and PINs inside free text. */
const DIGIT_RUN = /\+?\d{7,15}/g;

/**
 * A copy of log fields fit for CloudWatch: values under secret-looking keys are replaced, and
 * digit runs long enough to be phone numbers keep only their last two digits. The call flow
 * already logs none of these; this is the second line of defence for error messages.
 */
export function redactLogFields(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null) {
    return '[redacted]';
  }
  if (typeof value === 'string') {
    return value.replace(DIGIT_RUN, (run) => `${run.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, run.replace('+', '').length - 2))}${run.slice(-2)}`);
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactLogFields(item));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([entryKey, entry]) => [entryKey, redactLogFields(entry, entryKey)]));
  }
  return value;
}
