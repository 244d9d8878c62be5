import { ActionRules } from '../rules';
import { DtmfDigit, ParticipantTag, RecordAudioAction } from '../types/actions';
import { integer, matching, objectOf, oneOf, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys, s3Option } from './action-reader';
import { dtmfDigits, legTarget, positiveInteger, s3Bucket } from './fields';

/** Options of {@link recordAudio}. Give `callId` or `participantTag`, not both. */
export interface RecordAudioOptions {
  /** Where to store the recording. */
  readonly recordingDestination: {
    /** The bucket name. */
    readonly bucketName: string;
    /** Key prefix, at most 979 S3-safe characters. */
    readonly prefix?: string;
  };
  /** Keys that end the recording (at least one). */
  readonly recordingTerminators: readonly DtmfDigit[];
  /** Maximum length in seconds (> 0). */
  readonly durationInSeconds?: number;
  /** Seconds of silence (1 to 1000) that end the recording. */
  readonly silenceDurationInSeconds?: number;
  /** Silence threshold, 1 to 1000 (service default 200). */
  readonly silenceThreshold?: number;
  /** The CallId of the leg (not with `participantTag`). */
  readonly callId?: string;
  /** The leg (not with `callId`). */
  readonly participantTag?: ParticipantTag;
}

/**
 * The parameters of RecordAudio (docs/sma-model.md#record-audio).
 * @internal
 */
export function recordAudioSpec(): ActionDefinition {
  return {
    spec: {
      ...legTarget,
      RecordingDestination: required(objectOf({
        Type: required(oneOf('S3')),
        BucketName: required(s3Bucket),
        Prefix: matching(/^[0-9a-zA-Z!_.*'()/-]{1,979}$/, 'must be 1 to 979 S3-safe characters'),
      })),
      DurationInSeconds: positiveInteger,
      SilenceDurationInSeconds: integer(1, 1000),
      SilenceThreshold: integer(1, 1000),
      RecordingTerminators: required(dtmfDigits),
    },
    crossField: (fields) => fields.CallId !== undefined && fields.ParticipantTag !== undefined && ['ParticipantTag', 'must not be given with CallId'],
  };
}

/**
 * Builds a `RecordAudio` action (interruptible), which records the leg to S3.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function recordAudio(options: RecordAudioOptions, rules?: Partial<ActionRules>): RecordAudioAction {
  return buildAction('RecordAudio', recordAudioSpec(), pascalKeys(options, { recordingDestination: s3Option }), rules);
}
