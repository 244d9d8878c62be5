import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CallPrompt, MeetingDialIn } from '../src';

function newStack(): Stack {
  return new Stack(new App(), 'Prompts', { env: { account: '111122223333', region: 'us-east-1' } });
}

describe('CallPrompt.audio', () => {
  it('lets PSTN Audio read the prompt for this account\'s SIP media application only, as the PlayAudio page shows', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    new MeetingDialIn(stack, 'DialIn', { prompts: { goodbye: CallPrompt.audio(bucket, 'bye.wav') } });

    type Statement = { Principal?: { Service?: string }; Condition?: unknown };
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
    const playback = statements.filter((statement) => statement.Principal?.Service === 'voiceconnector.chime.amazonaws.com');

    expect(playback.map((statement) => statement.Condition)).toEqual([{
      StringEquals: {
        'aws:SourceAccount': '111122223333',
        'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^DialInSipMediaApplication/), 'SipMediaApplicationArn'] },
      },
    }]);
  });

  it('warns at synth, printing the statement to add, when the bucket is imported and cannot take it', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Imported', 'my-prompts');
    new MeetingDialIn(stack, 'DialIn', { prompts: { goodbye: CallPrompt.audio(bucket, 'bye.wav') } });

    Annotations.fromStack(stack).hasWarning('/Prompts/DialIn', Match.stringLikeRegexp(
      'The prompt bucket Prompts/Imported is imported.*Add this statement to the bucket\'s policy: .*"s3:GetObject".*"aws:SourceAccount":"111122223333".*"aws:SourceArn"'));
  });
});
