import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';

/** Milliseconds one Voice API request may take before it is abandoned and retried. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The Voice client of the provisioning handlers. Phone numbers are managed in the region the
 * provider runs in; `CHIME_VOICE_ENDPOINT` points it elsewhere (the tests' fake service).
 */
export function createVoiceClient(env: NodeJS.ProcessEnv = process.env): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({
    endpoint: env.CHIME_VOICE_ENDPOINT || undefined,
    maxAttempts: 5,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: 3_000 },
  });
}
