import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { pollAgainOnPassingFault } from './passing-fault';
import { PhoneNumberLifecycle } from './phone-number-lifecycle';
import { IsCompleteResult, OnEventResult, ProvisioningEvent, ProvisioningLifecycle } from './provisioning-event';
import { SipMediaApplicationLifecycle } from './sip-media-application-lifecycle';
import { SipRuleLifecycle } from './sip-rule-lifecycle';
import { PHONE_NUMBER_RESOURCE_TYPE, SIP_MEDIA_APPLICATION_RESOURCE_TYPE, SIP_RULE_RESOURCE_TYPE } from '../private/resource-types';

/**
 * Picks the lifecycle for the event's resource type. `now` is the clock (milliseconds since the
 * epoch). Every lifecycle's isComplete polls again after a passing fault.
 */
export function lifecycleFor(event: ProvisioningEvent, voice: ChimeSDKVoiceClient, now: () => number = Date.now): ProvisioningLifecycle {
  return new PassingFaultTolerant(resourceLifecycle(event, voice, now));
}

function resourceLifecycle(event: ProvisioningEvent, voice: ChimeSDKVoiceClient, now: () => number): ProvisioningLifecycle {
  switch (event.ResourceType) {
    case PHONE_NUMBER_RESOURCE_TYPE:
      return new PhoneNumberLifecycle(voice, now);
    case SIP_RULE_RESOURCE_TYPE:
      return new SipRuleLifecycle(voice);
    case SIP_MEDIA_APPLICATION_RESOURCE_TYPE:
      return new SipMediaApplicationLifecycle(voice);
    default:
      throw new Error(`Unsupported resource type ${event.ResourceType}: expected ${PHONE_NUMBER_RESOURCE_TYPE}, `
        + `${SIP_RULE_RESOURCE_TYPE} or ${SIP_MEDIA_APPLICATION_RESOURCE_TYPE}.`);
  }
}

class PassingFaultTolerant implements ProvisioningLifecycle {
  constructor(private readonly inner: ProvisioningLifecycle) {}

  public onEvent(event: ProvisioningEvent): Promise<OnEventResult> {
    return this.inner.onEvent(event);
  }

  public isComplete(event: ProvisioningEvent): Promise<IsCompleteResult> {
    return pollAgainOnPassingFault(() => this.inner.isComplete(event));
  }
}
