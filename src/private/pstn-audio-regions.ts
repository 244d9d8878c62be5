/**
 * The regions where SIP media applications run (docs/sma-model.md#voice-regions; phone numbers themselves are
 * provisioned only in us-east-1 and us-west-2), and whether CloudFormation has
 * `AWS::Chime::SipMediaApplication` there. The registry schemas cfn-lint 1.58 ships
 * (cfnlint/data/schemas/providers/<region>.json) and aws-cdk-lib's template validation since 2.276
 * ("Resource type 'AWS::Chime::SipMediaApplication' does not exist in 'us-west-2'", F3006) agree
 * that us-west-2 lacks it; there a `SipMediaApplication` is provisioned through the Voice API.
 */
const PSTN_AUDIO_REGIONS: Readonly<Record<string, { readonly cloudFormationHasSipMediaApplication: boolean }>> = {
  'us-east-1': { cloudFormationHasSipMediaApplication: true },
  'us-west-2': { cloudFormationHasSipMediaApplication: false },
  'ca-central-1': { cloudFormationHasSipMediaApplication: true },
  'eu-central-1': { cloudFormationHasSipMediaApplication: true },
  'eu-west-1': { cloudFormationHasSipMediaApplication: true },
  'eu-west-2': { cloudFormationHasSipMediaApplication: true },
  'ap-northeast-1': { cloudFormationHasSipMediaApplication: true },
  'ap-northeast-2': { cloudFormationHasSipMediaApplication: true },
  'ap-southeast-1': { cloudFormationHasSipMediaApplication: true },
  'ap-southeast-2': { cloudFormationHasSipMediaApplication: true },
};

/** Regions where SIP media applications run. */
export const SIP_MEDIA_APPLICATION_REGIONS: readonly string[] = Object.keys(PSTN_AUDIO_REGIONS);

/** The PSTN Audio regions whose CloudFormation has `AWS::Chime::SipMediaApplication`. */
export const CLOUDFORMATION_SIP_MEDIA_APPLICATION_REGIONS: readonly string[] = SIP_MEDIA_APPLICATION_REGIONS
  .filter((region) => PSTN_AUDIO_REGIONS[region].cloudFormationHasSipMediaApplication);
