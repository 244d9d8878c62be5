import { Aws, CfnOutput, CfnRule, Fn, Stack, Token } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { MEETING_CONTROL_REGIONS } from './meeting-regions';
import { CLOUDFORMATION_SIP_MEDIA_APPLICATION_REGIONS, SIP_MEDIA_APPLICATION_REGIONS } from './pstn-audio-regions';
import type { IPhoneNumber } from '../phone-number';
import type { ISipMediaApplication } from '../sip-media-application';

/** What a dial-in hands to the app's backend and to other deployments (a primary's `failoverTargets`). */
export interface DialInOutputParts {
  /** The numbers callers dial, in order. */
  readonly phoneNumbers: readonly IPhoneNumber[];
  readonly sipMediaApplication: ISipMediaApplication;
  readonly meetingDirectory?: dynamodb.ITable;
}

/**
 * Stack outputs under `scope`, with stable ids: `PhoneNumber1`, `PhoneNumber2`, ... (one per number)
 * and `PhoneNumbers` (all of them, comma-separated), `SipMediaApplicationId`,
 * `SipMediaApplicationRegion` and `MeetingDirectoryTableName`.
 */
export function addDialInOutputs(scope: Construct, parts: DialInOutputParts): void {
  const path = scope.node.path;
  parts.phoneNumbers.forEach((phoneNumber, index) => new CfnOutput(scope, `PhoneNumber${index + 1}`, {
    value: phoneNumber.e164PhoneNumber,
    description: `${path}: dial-in number ${index + 1} (E.164)`,
  }));
  if (parts.phoneNumbers.length > 0) {
    new CfnOutput(scope, 'PhoneNumbers', {
      value: Fn.join(',', parts.phoneNumbers.map((phoneNumber) => phoneNumber.e164PhoneNumber)),
      description: `${path}: every dial-in number (E.164, comma-separated)`,
    });
  }
  new CfnOutput(scope, 'SipMediaApplicationId', {
    value: parts.sipMediaApplication.sipMediaApplicationId,
    description: `${path}: the SIP media application (dialOut, updateCall, a primary's failoverTargets)`,
  });
  new CfnOutput(scope, 'SipMediaApplicationRegion', {
    value: parts.sipMediaApplication.env.region,
    description: `${path}: the SIP media application's region`,
  });
  if (parts.meetingDirectory) {
    new CfnOutput(scope, 'MeetingDirectoryTableName', {
      value: parts.meetingDirectory.tableName,
      description: `${path}: the meeting directory table (registerMeeting)`,
    });
  }
}

/**
 * For a stack without a region (environment-agnostic), CloudFormation rules that refuse a deploy to
 * a region where CloudFormation has no SIP media application (no PSTN Audio, or us-west-2) (https://docs.aws.amazon.com/chime-sdk/latest/dg/sdk-available-regions.html)
 * (the Voice API provisioning reaches every PSTN Audio region) and, where the bundled handler joins
 * meetings in the stack's region, without a Chime SDK Meetings control plane; one of each per stack, however many dial-ins it holds
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html).
 */
export function addRegionRules(scope: Construct, options: { readonly meetingsInStackRegion: boolean; readonly voiceApiProvisioning: boolean }): void {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) {
    return;
  }
  if (options.voiceApiProvisioning) {
    regionRule(stack, 'CdkChimeMeetingDialInPstnAudioRegion', SIP_MEDIA_APPLICATION_REGIONS,
      'SIP media applications run only in these PSTN Audio regions: deploy this stack to one of them');
  } else {
    // Without a region the SIP media application is the CloudFormation resource, which us-west-2 lacks.
    regionRule(stack, 'CdkChimeMeetingDialInPstnAudioRegion', CLOUDFORMATION_SIP_MEDIA_APPLICATION_REGIONS,
      'A SIP media application can be deployed with CloudFormation only in these PSTN Audio regions: deploy this stack to one of them, '
      + 'give it a region, or set sipMediaApplicationProvisioning: SipMediaApplicationProvisioning.VOICE_API');
  }
  if (options.meetingsInStackRegion) {
    regionRule(stack, 'CdkChimeMeetingDialInMeetingsRegion', MEETING_CONTROL_REGIONS,
      'The dial-in handler joins meetings in the stack\'s region, which must be a Chime SDK Meetings control region: deploy there, or set meetingRegions');
  }
}

function regionRule(stack: Stack, id: string, regions: readonly string[], description: string): void {
  if (stack.node.tryFindChild(id)) {
    return;
  }
  new CfnRule(stack, id, {
    assertions: [{ assert: Fn.conditionContains([...regions], Aws.REGION), assertDescription: `${description} (${regions.join(', ')}).` }],
  });
}
