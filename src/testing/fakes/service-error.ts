/** Optional details of a {@link FakeServiceError}. */
export interface FakeServiceErrorOptions {
  /** The `Code` member of the error body; default: the model's code for the exception (e.g. `BadRequest`). */
  readonly code?: string;
  /** Sent as the `Retry-After` header when set (ServiceUnavailableException, throttling). */
  readonly retryAfterSeconds?: number;
}

/**
 * Thrown by an operation handler (or by a hook the simulator installs) to answer with one of the
 * errors the service model declares for the operation. The fake turns it into the real wire form:
 * the model's HTTP status, the `x-amzn-errortype` header and a `{ Code, Message }` body, from which
 * the AWS SDK raises its typed exception (`NotFoundException`, `BadRequestException`, ...).
 * An error the operation does not declare becomes a `ServiceFailureException` that says so.
 */
export class FakeServiceError extends Error {
  /** The exception name from the service model, e.g. `NotFoundException`. */
  public readonly errorType: string;
  /** The `Code` member of the error body, when it differs from the model's default. */
  public readonly code?: string;
  /** Sent as the `Retry-After` header when set. */
  public readonly retryAfterSeconds?: number;

  /**
   * @param errorType the exception name from the service model, e.g. `NotFoundException`
   * @param message the message the SDK exception will carry
   * @param options the body's `Code` and the `Retry-After` header
   */
  constructor(errorType: string, message: string, options: FakeServiceErrorOptions = {}) {
    super(message);
    this.name = 'FakeServiceError';
    this.errorType = errorType;
    this.code = options.code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A `BadRequestException`. */
export function badRequest(message: string, code?: string): FakeServiceError {
  return new FakeServiceError('BadRequestException', message, { code });
}

/** A `NotFoundException`. */
export function notFound(message: string): FakeServiceError {
  return new FakeServiceError('NotFoundException', message);
}
