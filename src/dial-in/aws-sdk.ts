/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The AWS SDK clients, loaded on first use rather than at module load: a cold start answers the
 * caller's first prompt without paying for them. `require` (not `import()`) keeps this working
 * the same in Lambda bundles, compiled CommonJS and test runners.
 */
type MeetingsSdk = typeof import('@aws-sdk/client-chime-sdk-meetings');
type DynamoDbSdk = typeof import('@aws-sdk/client-dynamodb');
type VoiceSdk = typeof import('@aws-sdk/client-chime-sdk-voice');

export function meetingsSdk(): MeetingsSdk {
  return require('@aws-sdk/client-chime-sdk-meetings') as MeetingsSdk;
}

export function dynamoDbSdk(): DynamoDbSdk {
  return require('@aws-sdk/client-dynamodb') as DynamoDbSdk;
}

export function voiceSdk(): VoiceSdk {
  return require('@aws-sdk/client-chime-sdk-voice') as VoiceSdk;
}
