/**
 * PIN-guess counters share the meeting directory table under their own key prefix, which never
 * collides with a PIN (digits only) or a call record. The handler's IAM may update only keys with
 * this prefix (`dynamodb:LeadingKeys`). Pure code, shared by the constructs and the call flow.
 */
export const PIN_GUESS_KEY_PREFIX = 'guesses#';
