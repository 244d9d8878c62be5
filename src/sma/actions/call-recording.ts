import { ActionRules } from '../rules';
import { PauseCallRecordingAction, ResumeCallRecordingAction, StartCallRecordingAction, StopCallRecordingAction } from '../types/actions';
import { matching, objectOf, oneOf, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys, s3Option } from './action-reader';
import { callId } from './fields';

/** Options of {@link startCallRecording}. */
export interface StartCallRecordingOptions {
  /** The leg to record (required by the service). */
  readonly callId: string;
  /** `BOTH` (stereo, incoming on the left), `INCOMING` or `OUTGOING`. */
  readonly track: 'BOTH' | 'INCOMING' | 'OUTGOING';
  /** Where to store the recording. */
  readonly destination: {
    /** `bucket` or `bucket/prefix`. */
    readonly location: string;
  };
}

/** Options of {@link stopCallRecording}, {@link pauseCallRecording} and {@link resumeCallRecording}. */
export interface CallRecordingControlOptions {
  /** The recorded leg (required by the service). */
  readonly callId: string;
}

/**
 * The parameters of StartCallRecording (docs/sma-model.md#call-recording).
 * @internal
 */
export function startCallRecordingSpec(): ActionDefinition {
  return {
    spec: {
      CallId: required(callId),
      Track: required(oneOf('BOTH', 'INCOMING', 'OUTGOING')),
      Destination: required(objectOf({
        Type: required(oneOf('S3')),
        Location: required(matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S{1,900})?$/, 'must be an S3 bucket name with an optional /prefix')),
      })),
    },
  };
}

/**
 * The parameters of StopCallRecording, PauseCallRecording and ResumeCallRecording (docs/sma-model.md#call-recording).
 * @internal
 */
export function callRecordingControlSpec(): ActionDefinition {
  return { spec: { CallId: required(callId) } };
}

/**
 * Builds a `StartCallRecording` action. Recording starts and stops once per leg, and stops at hangup.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function startCallRecording(options: StartCallRecordingOptions, rules?: Partial<ActionRules>): StartCallRecordingAction {
  return buildAction('StartCallRecording', startCallRecordingSpec(), pascalKeys(options, { destination: s3Option }), rules);
}

/**
 * Builds a `StopCallRecording` action.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function stopCallRecording(options: CallRecordingControlOptions, rules?: Partial<ActionRules>): StopCallRecordingAction {
  return buildAction('StopCallRecording', callRecordingControlSpec(), pascalKeys(options), rules);
}

/**
 * Builds a `PauseCallRecording` action.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function pauseCallRecording(options: CallRecordingControlOptions, rules?: Partial<ActionRules>): PauseCallRecordingAction {
  return buildAction('PauseCallRecording', callRecordingControlSpec(), pascalKeys(options), rules);
}

/**
 * Builds a `ResumeCallRecording` action.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function resumeCallRecording(options: CallRecordingControlOptions, rules?: Partial<ActionRules>): ResumeCallRecordingAction {
  return buildAction('ResumeCallRecording', callRecordingControlSpec(), pascalKeys(options), rules);
}
