import { lifecycleFor } from './dispatch';
import { OnEventResult, ProvisioningEvent } from './provisioning-event';
import { createVoiceClient } from './voice-client';

const voice = createVoiceClient();

export async function handler(event: ProvisioningEvent): Promise<OnEventResult> {
  return lifecycleFor(event, voice).onEvent(event);
}
