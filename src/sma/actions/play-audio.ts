import { ActionRules } from '../rules';
import { DtmfDigit, ParticipantTag, PlayAudioAction } from '../types/actions';
import { objectOf, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys, s3Option } from './action-reader';
import { dtmfDigits, legTarget, positiveInteger, s3AudioSource } from './fields';

/** An S3 object, as builder options. */
export interface S3ObjectOptions {
  /** The bucket name. */
  readonly bucketName: string;
  /** The object key, 1 to 1024 characters. */
  readonly key: string;
}

/** Options of {@link playAudio}. */
export interface PlayAudioOptions {
  /** The WAV file to play. */
  readonly audioSource: S3ObjectOptions;
  /** How many times to play it (service default 1). */
  readonly repeat?: number;
  /** Keys that stop playback. */
  readonly playbackTerminators?: readonly DtmfDigit[];
  /** The CallId of the leg; wins over `participantTag`. */
  readonly callId?: string;
  /** The leg; the service defaults to the invoking leg. */
  readonly participantTag?: ParticipantTag;
}

/**
 * The parameters of PlayAudio (docs/sma-model.md#play-audio).
 * @internal
 */
export function playAudioSpec(): ActionDefinition {
  return { spec: { ...legTarget, PlaybackTerminators: dtmfDigits, Repeat: positiveInteger, AudioSource: required(objectOf(s3AudioSource())) } };
}

/**
 * Builds a `PlayAudio` action (interruptible).
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function playAudio(options: PlayAudioOptions, rules?: Partial<ActionRules>): PlayAudioAction {
  return buildAction('PlayAudio', playAudioSpec(), pascalKeys(options, { audioSource: s3Option }), rules);
}
