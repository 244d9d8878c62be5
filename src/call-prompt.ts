import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HandlerPrompt } from './private/handler-environment';

/**
 * Something the caller hears: words read by Amazon Polly, or a WAV file in S3 (raw PCM, 8 kHz
 * mono recommended) played as is.
 */
export class CallPrompt {
  /** Words read by Amazon Polly in the configured voice (1 to 1,000 characters). */
  public static text(text: string): CallPrompt {
    if (text.trim().length === 0 || text.length > 1000) {
      throw new Error(`prompt text of ${text.length} characters is invalid: use 1 to 1,000 characters.`);
    }
    return new CallPrompt({ text });
  }

  /**
   * A WAV file in a bucket of this account. The bucket's policy is extended so that the PSTN
   * Audio service (`voiceconnector.chime.amazonaws.com`) can read the object on behalf of this
   * account's SIP media application only (`aws:SourceAccount` and `aws:SourceArn`). An imported
   * bucket cannot take the statement: synth then warns and prints the statement to add.
   */
  public static audio(bucket: s3.IBucket, key: string): CallPrompt {
    if (key.length === 0 || key.length > 1024) {
      throw new Error(`prompt key "${key}" is invalid: use 1 to 1,024 characters.`);
    }
    return new CallPrompt({ audio: { bucketName: bucket.bucketName, key } }, bucket, key);
  }

  private constructor(
    private readonly source: HandlerPrompt,
    private readonly bucket?: s3.IBucket,
    private readonly key?: string,
  ) {}

  /**
   * @internal the handler configuration of this prompt, granting the service read access to
   * audio for the SIP media application `sipMediaApplicationArn` of `scope`'s account.
   */
  public _bind(scope: Construct, sipMediaApplicationArn?: string): HandlerPrompt {
    if (this.bucket && this.key) {
      const statement = playbackStatement(this.bucket, this.key, Stack.of(scope).account, sipMediaApplicationArn);
      if (!this.bucket.addToResourcePolicy(statement).statementAdded) {
        // The application's ARN is not known before deployment: the statement names where to read it.
        const printable = playbackStatement(this.bucket, this.key, Stack.of(scope).account,
          sipMediaApplicationArn && `<the SipMediaApplicationArn of the SIP media application in ${scope.node.path}>`);
        const printed = JSON.stringify(Stack.of(scope).resolve(printable.toStatementJson()));
        Annotations.of(scope).addWarningV2('cdk-chime-meeting-dialin:promptBucketPolicy',
          `The prompt bucket ${this.bucket.node.path} is imported, so its policy cannot be extended: callers will hear `
          + `nothing for ${this.key}. Add this statement to the bucket's policy: ${printed}`);
      }
    }
    return this.source;
  }
}

/**
 * The statement that lets PSTN Audio read a prompt, with the conditions the PlayAudio page shows
 * against the confused deputy problem (https://docs.aws.amazon.com/chime-sdk/latest/dg/play-audio.html):
 * `aws:SourceAccount`, and `aws:SourceArn` of the SIP media application where it is known.
 */
function playbackStatement(bucket: s3.IBucket, key: string, account: string, sipMediaApplicationArn?: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:GetObject'],
    principals: [new iam.ServicePrincipal('voiceconnector.chime.amazonaws.com')],
    resources: [bucket.arnForObjects(key)],
    conditions: {
      StringEquals: {
        'aws:SourceAccount': account,
        ...sipMediaApplicationArn ? { 'aws:SourceArn': sipMediaApplicationArn } : {},
      },
    },
  });
}
