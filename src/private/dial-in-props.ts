import { Duration, Token } from 'aws-cdk-lib';
import { POLLY_VOICE_IDS, SPEAK_ENGINES } from './polly-voices';

/**
 * Checks of `MeetingDialInProps` that plain JavaScript (no type checker) and a custom handler make
 * necessary: every message names the field and the value and says what to do.
 */

/** The props that configure the bundled call flow, which a custom `handler` never reads. */
const BUNDLED_FLOW_PROPS = [
  'prompts', 'voice', 'pinLength', 'handlerOptions', 'maxPinAttempts', 'pinTimeout', 'callerIdentity', 'confirmDialOut',
  'selfMuteDigits', 'meetingRegions', 'alarms', 'alarmActions', 'dashboard', 'meetingDirectoryRemovalPolicy',
  'maxPinFailuresPerCaller', 'pinFailureWindow', 'pinFailureAlarmThreshold', 'meetingStartWait', 'waitingRoom',
] as const;

/** Fails when a custom `handler` comes with props only the bundled call flow uses. */
export function validateCustomHandlerProps(props: Readonly<Record<string, unknown>>): void {
  if (props.handler === undefined) {
    return;
  }
  const ignored = BUNDLED_FLOW_PROPS.filter((name) => props[name] !== undefined);
  if (ignored.length > 0) {
    throw new Error(`handler replaces the bundled call flow, so ${ignored.join(', ')} would be ignored: remove ${ignored.length > 1 ? 'them' : 'it'}, or remove handler. ` +
      'A custom handler gets no meeting directory and no alarms; pass meetingDirectory if your handler reads one.');
  }
}

/** A `Duration` from plain JavaScript may be anything: check it before calling its methods. */
export function requireDuration(name: string, value: unknown): Duration | undefined {
  if (value === undefined) {
    return undefined;
  }
  const duration = value as Partial<Duration>;
  if (typeof value !== 'object' || value === null || typeof duration.toMilliseconds !== 'function' || typeof duration.isUnresolved !== 'function') {
    throw new Error(`${name} ${describe(value)} is not a Duration: use Duration.seconds(...) or Duration.millis(...) from aws-cdk-lib.`);
  }
  return value as Duration;
}

/** The voice against Polly's voice list and the engines the SMA's Speak action accepts. */
export function validateVoice(voice: { readonly voiceId?: unknown; readonly engine?: unknown; readonly languageCode?: unknown } | undefined): void {
  if (!voice) {
    return;
  }
  const { voiceId, engine, languageCode } = voice;
  if (voiceId !== undefined && !Token.isUnresolved(voiceId) && !POLLY_VOICE_IDS.includes(voiceId as string)) {
    throw new Error(`voice.voiceId ${describe(voiceId)} is not an Amazon Polly voice: use one of ${POLLY_VOICE_IDS.join(', ')} ` +
      '(https://docs.aws.amazon.com/polly/latest/dg/available-voices.html).');
  }
  if (engine !== undefined && !SPEAK_ENGINES.includes(engine as string)) {
    throw new Error(`voice.engine ${describe(engine)} is invalid: a SIP media application speaks with ${SPEAK_ENGINES.join(' or ')} ` +
      '(PollyEngine.STANDARD or PollyEngine.NEURAL; https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html).');
  }
  if (languageCode !== undefined && !Token.isUnresolved(languageCode) && (typeof languageCode !== 'string' || !/^[a-z]{2,3}(-[A-Z]{2}(-[A-Z]{3})?)?$/.test(languageCode))) {
    throw new Error(`voice.languageCode ${describe(languageCode)} is invalid: use a Polly language code such as en-US or fr-FR.`);
  }
}

/** An enum prop from plain JavaScript may hold any string: check it against the enum's values. */
export function requireEnumValue(name: string, value: unknown, values: Readonly<Record<string, string>>, enumName: string): void {
  if (value === undefined || Object.values(values).includes(value as string)) {
    return;
  }
  const members = Object.entries(values).map(([member, text]) => `${enumName}.${member} ('${text}')`);
  throw new Error(`${name} ${describe(value)} is invalid: use ${members.join(', ')}.`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : typeof value === 'object' && value !== null ? `(a ${value.constructor?.name ?? 'object'})` : String(value);
}
