import { ChimeSDKVoiceClient, ChimeSDKVoiceClientConfig } from '@aws-sdk/client-chime-sdk-voice';

/** Milliseconds one Voice API request may take before it is abandoned and retried. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The Voice client of the provisioning handlers: bounded request time and retries, so that a
 * throttled or slow service fails an invocation (which the Provider framework reports) rather
 * than hanging it. `CHIME_VOICE_ENDPOINT` points it at another endpoint (a local fake service).
 */
export function createVoiceClient(env: NodeJS.ProcessEnv = process.env, overrides: ChimeSDKVoiceClientConfig = {}): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({
    endpoint: env.CHIME_VOICE_ENDPOINT || undefined,
    maxAttempts: 5,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: 3_000 },
    ...overrides,
  });
}
