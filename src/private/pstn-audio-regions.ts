/**
 * Regions where SIP media applications run (docs/sma-model.md#voice-regions). Phone numbers themselves are
 * provisioned only in us-east-1 and us-west-2.
 */
export const SIP_MEDIA_APPLICATION_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
];
