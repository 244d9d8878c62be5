/**
 * The SDK's standard retry decisions (how many attempts, which errors) without the real-time
 * back-off between attempts, which would only slow the tests down.
 */
export function retriesWithoutDelay(maxAttempts: number) {
  const token = (retryCount: number) => ({
    getRetryCount: () => retryCount,
    getRetryDelay: () => 0,
    getRetryTokenCount: () => 0,
  });
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: ReturnType<typeof token>, error: { errorType: string }) => {
      if (previous.getRetryCount() + 1 >= maxAttempts || error.errorType === 'CLIENT_ERROR') {
        throw new Error('no retry left');
      }
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: () => undefined,
  };
}
