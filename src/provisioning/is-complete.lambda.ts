import { lifecycleFor } from './dispatch';
import { IsCompleteResult, ProvisioningEvent } from './provisioning-event';
import { createVoiceClient } from './voice-client';

const voice = createVoiceClient();

export async function handler(event: ProvisioningEvent): Promise<IsCompleteResult> {
  return lifecycleFor(event, voice).isComplete(event);
}
