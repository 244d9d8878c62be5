/**
 * Where Amazon Chime SDK meetings live, from AWS's table of Regions
 * (https://docs.aws.amazon.com/chime-sdk/latest/dg/sdk-available-regions.html). The one list of
 * control Regions in this library: the constructs, the backend helpers, the call flow and the fake
 * Meetings service all read it. Pure code: no AWS SDK, no construct imports.
 *
 * A control Region has the Meetings API endpoint; a meeting can only be managed (attendees created,
 * listed and deleted) in the control Region that created it
 * (https://docs.aws.amazon.com/chime-sdk/latest/dg/chime-sdk-meetings-regions.html).
 */
export const MEETING_CONTROL_REGIONS: readonly string[] = [
  'us-east-1', 'us-west-2', 'ca-central-1', 'eu-central-1', 'eu-west-2',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2',
  // Opt-in Regions that host media only in their own Region.
  'af-south-1', 'il-central-1',
  'us-gov-east-1', 'us-gov-west-1',
];

/** Media Regions: the control Regions plus those that host meetings but have no Meetings API endpoint. */
export const MEETING_MEDIA_REGIONS: readonly string[] = [
  ...MEETING_CONTROL_REGIONS,
  'eu-west-1', 'eu-west-3', 'eu-south-1', 'eu-north-1', 'sa-east-1', 'us-east-2', 'us-west-1',
];

/** Whether `region` has the Chime SDK Meetings control plane. */
export function isMeetingControlRegion(region: string): boolean {
  return MEETING_CONTROL_REGIONS.includes(region);
}

/**
 * The Region of a meeting ARN, `arn:<partition>:chime:<region>:<account>:meeting/<meeting id>`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list-amazonchime.html), or
 * undefined when `arn` is not one.
 */
export function regionOfMeetingArn(arn: string): { region: string; meetingId: string } | undefined {
  const parsed = /^arn:aws[a-z-]*:chime:([a-z0-9-]+):\d{12}:meeting\/([0-9a-fA-F-]{36})$/.exec(arn);
  return parsed ? { region: parsed[1], meetingId: parsed[2] } : undefined;
}
