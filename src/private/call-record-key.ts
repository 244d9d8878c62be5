/**
 * Call records share the meeting directory table under their own key prefix, which never collides
 * with a PIN (digits only). The handler's IAM may write only keys with this prefix
 * (`dynamodb:LeadingKeys`), so it can never change a PIN. Pure code, shared by the constructs
 * (the IAM condition) and the call flow (the keys).
 */
export const CALL_RECORD_KEY_PREFIX = 'call#';
