/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The AWS SDK clients, loaded on first use rather than at module load: a cold start answers the
 * caller's first prompt without paying for them. `require` (not `import()`) keeps this working
 * the same in Lambda bundles, compiled CommonJS and test runners.
 */
type MeetingsSdk = typeof import('@aws-sdk/client-chime-sdk-meetings');
type DynamoDbSdk = typeof import('@aws-sdk/client-dynamodb');
type VoiceSdk = typeof import('@aws-sdk/client-chime-sdk-voice');

/**
 * What the call flow uses of each client, and all that the meeting-join handler bundles of them
 * (src/handler/meeting-join.lambda/aws-sdk.ts must provide exactly these): a new use is a type
 * error here until it is added, and then there until it is bundled.
 */
export type CallFlowMeetingsSdk = Pick<MeetingsSdk,
'ChimeSDKMeetingsClient' | 'CreateAttendeeCommand' | 'DeleteAttendeeCommand' | 'ListAttendeesCommand' | 'NotFoundException'>;
export type CallFlowDynamoDbSdk = Pick<DynamoDbSdk,
'DynamoDBClient' | 'GetItemCommand' | 'BatchGetItemCommand' | 'PutItemCommand' | 'DeleteItemCommand' | 'UpdateItemCommand'>;

export function meetingsSdk(): CallFlowMeetingsSdk {
  return require('@aws-sdk/client-chime-sdk-meetings') as MeetingsSdk;
}

export function dynamoDbSdk(): DynamoDbSdk {
  return require('@aws-sdk/client-dynamodb') as DynamoDbSdk;
}

/** The DynamoDB client as the call flow's meeting directory may use it. */
export function callFlowDynamoDbSdk(): CallFlowDynamoDbSdk {
  return dynamoDbSdk();
}

/**
 * Whether a DynamoDB call failed its ConditionExpression, told by the error's name: the call flow's
 * bundle carries the commands it sends, not the SDK's exception classes.
 */
export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export function voiceSdk(): VoiceSdk {
  return require('@aws-sdk/client-chime-sdk-voice') as VoiceSdk;
}
