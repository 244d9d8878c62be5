import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { PhoneNumberLifecycle } from './phone-number-lifecycle';
import { ProvisioningEvent, ProvisioningLifecycle } from './provisioning-event';
import { SipRuleLifecycle } from './sip-rule-lifecycle';
import { PHONE_NUMBER_RESOURCE_TYPE, SIP_RULE_RESOURCE_TYPE } from '../private/resource-types';


/** Picks the lifecycle for the event's resource type. `now` is the clock (milliseconds since the epoch). */
export function lifecycleFor(event: ProvisioningEvent, voice: ChimeSDKVoiceClient, now: () => number = Date.now): ProvisioningLifecycle {
  void now;
  switch (event.ResourceType) {
    case PHONE_NUMBER_RESOURCE_TYPE:
      return new PhoneNumberLifecycle(voice);
    case SIP_RULE_RESOURCE_TYPE:
      return new SipRuleLifecycle(voice);
    default:
      throw new Error(`Unsupported resource type ${event.ResourceType}: expected ${PHONE_NUMBER_RESOURCE_TYPE} or ${SIP_RULE_RESOURCE_TYPE}.`);
  }
}
