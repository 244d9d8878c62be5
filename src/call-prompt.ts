import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
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
   * Audio service (`voiceconnector.chime.amazonaws.com`) can read the object.
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

  /** @internal the handler configuration of this prompt, granting the service read access to audio. */
  public _bind(): HandlerPrompt {
    if (this.bucket && this.key) {
      this.bucket.addToResourcePolicy(new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        principals: [new iam.ServicePrincipal('voiceconnector.chime.amazonaws.com')],
        resources: [this.bucket.arnForObjects(this.key)],
      }));
    }
    return this.source;
  }
}
