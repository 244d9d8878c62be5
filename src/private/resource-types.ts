/** Custom resource types served by the shared Voice provisioning provider. */
export const PHONE_NUMBER_RESOURCE_TYPE = 'Custom::ChimePhoneNumber';
export const SIP_RULE_RESOURCE_TYPE = 'Custom::ChimeSipRule';
export const SIP_MEDIA_APPLICATION_RESOURCE_TYPE = 'Custom::ChimeSipMediaApplication';
