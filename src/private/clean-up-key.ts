/**
 * Pending clean-ups share the meeting directory table under their own key prefix, which never
 * collides with a PIN (digits only), a call record or a PIN-guess counter. The handler's IAM may
 * write only keys with this prefix (`dynamodb:LeadingKeys`). Pure code, shared by the constructs
 * (the IAM condition) and the call flow (the keys).
 */
export const CLEAN_UP_KEY_PREFIX = 'cleanup#';

/**
 * The pending clean-ups are spread over this many well-known items (`cleanup#0` to `cleanup#3`), so
 * that the sweep reads them all with one BatchGetItem and never scans the table.
 */
export const CLEAN_UP_SHARDS = 4;
