/** Bad input to a `cdk-chime-meeting-dialin/client` function: names the field and the value. */
export class DialInClientError extends Error {
  constructor(
    /** The option that is wrong. */
    public readonly field: string,
    /** What was given. */
    public readonly value: unknown,
    /** What is allowed. */
    public readonly rule: string,
  ) {
    super(`${field} ${JSON.stringify(value)} is invalid: ${rule}`);
    this.name = 'DialInClientError';
  }
}

/** No free PIN was found in the attempts allowed (the directory is too full for the PIN length). */
export class PinAllocationError extends Error {
  constructor(attempts: number) {
    super(`no free PIN found after ${attempts} attempts: use longer PINs or remove expired meetings`);
    this.name = 'PinAllocationError';
  }
}
