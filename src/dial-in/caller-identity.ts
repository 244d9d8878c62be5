/** How the phone caller appears in the meeting roster (the attendee's ExternalUserId). */
export type CallerIdentity = 'masked' | 'full' | 'anonymous';

/**
 * The ExternalUserId of a phone attendee: unique per call (CreateAttendee is idempotent on it,
 * so two calls from one number must differ) and, unless `full`, without the caller's number.
 * ExternalUserId allows 2 to 64 characters of letters, digits, spaces and `-_&@+=,(){}[]/.:|'"#`.
 */
export function externalUserIdFor(identity: CallerIdentity, callerNumber: string | undefined, transactionId: string): string {
  const call = transactionId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 12);
  const digits = (callerNumber ?? '').replace(/\D/g, '');
  switch (identity) {
    case 'full':
      return digits ? `+${digits} (${call})`.slice(0, 64) : `Phone (${call})`;
    case 'masked':
      return digits.length >= 4 ? `Phone ...${digits.slice(-4)} (${call})` : `Phone (${call})`;
    case 'anonymous':
      return `Phone (${call})`;
  }
}

/** A phone number fit for logs: its last two digits only. */
export function maskPhoneNumber(number: string | undefined): string | undefined {
  if (number === undefined) {
    return undefined;
  }
  const digits = number.replace(/\D/g, '');
  return digits.length > 2 ? `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}` : '**';
}
