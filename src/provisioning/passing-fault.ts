import { IsCompleteResult } from './provisioning-event';

/** The Voice API's throttling and server-side errors (Voice API reference, "Common Errors"). */
const PASSING_ERRORS = new Set([
  'ThrottledClientException',
  'ThrottlingException',
  'ServiceFailureException',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
]);

/**
 * Whether an error is one that passes by itself: throttling, a 5xx or a timeout that outlasted
 * the client's own retries.
 */
export function isPassingFault(error: unknown): boolean {
  const candidate = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = candidate?.$metadata?.httpStatusCode ?? 0;
  return PASSING_ERRORS.has(candidate?.name ?? '') || candidate?.$retryable !== undefined || status === 429 || status >= 500;
}

/**
 * Runs one isComplete poll; a passing fault makes it a poll that is not complete yet, so the
 * Provider framework asks again after its query interval instead of failing the deployment.
 */
export async function pollAgainOnPassingFault(poll: () => Promise<IsCompleteResult>): Promise<IsCompleteResult> {
  try {
    return await poll();
  } catch (error) {
    if (isPassingFault(error)) {
      return { IsComplete: false };
    }
    throw error;
  }
}
