import { fail, arrayOf, Check, integer, matching, oneOf, text, required, FieldSpec } from '../validate';

// Field checks shared by several actions. Each initializer is a call, so each is marked pure: a bundle
// that uses one builder must not keep the checks it does not use.

/**
 * The shape of a call leg's CallId. The service issues UUIDs, but docs use ids such as `call-id-1`, so
 * the rule is tolerant: 1 to 128 characters of `A-Z a-z 0-9 -` (no empty string, no whitespace).
 */
export const CALL_ID_PATTERN = /^[A-Za-z0-9-]{1,128}$/;

/**
 * A CallId (see {@link CALL_ID_PATTERN}).
 * @internal
 */
export const callId = /* @__PURE__ */ matching(CALL_ID_PATTERN, 'must be 1 to 128 of A-Z a-z 0-9 -');

/**
 * A Chime SDK meeting or attendee id: a UUID, in any letter case.
 * @internal
 */
export const uuid = /* @__PURE__ */ matching(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i, 'must be a UUID');

/**
 * An E.164 phone number.
 * @internal
 */
export const e164 = /* @__PURE__ */ matching(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number');

/**
 * `LEG-A` or `LEG-B`, exactly: actions are output, so strict.
 * @internal
 */
export const participantTag = /* @__PURE__ */ oneOf('LEG-A', 'LEG-B');

/**
 * 1 to 12 DTMF keys `0-9 # *`.
 * @internal
 */
export const dtmfDigits = /* @__PURE__ */ arrayOf(/* @__PURE__ */ matching(/^[0-9#*]$/, 'must be 0-9, # or *'), 1, 12);

/**
 * An S3 bucket name.
 * @internal
 */
export const s3Bucket = /* @__PURE__ */ matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name');

/**
 * A positive integer (durations, repeats).
 * @internal
 */
export const positiveInteger = /* @__PURE__ */ integer(1);

/**
 * The optional leg target of most actions (docs/sma-model.md#leg-targeting).
 * @internal
 */
export const legTarget: FieldSpec = { CallId: callId, ParticipantTag: participantTag };

/**
 * An audio file in S3: `{ Type: 'S3', BucketName, Key }`.
 * @internal
 */
export function s3AudioSource(): FieldSpec {
  return { Type: required(oneOf('S3')), BucketName: required(s3Bucket), Key: required(text(1, 1024)) };
}

/**
 * Polly speech: text and optional voice settings (docs/sma-model.md#speak).
 * @internal
 */
export function speech(): FieldSpec {
  return {
    Text: required(text(1, 1000)),
    Engine: oneOf('standard', 'neural'),
    LanguageCode: matching(/^[a-z]{2,3}(-[A-Za-z0-9]{2,4}){0,2}$/, 'must be a Polly language code'),
    TextType: oneOf('text', 'ssml'),
    VoiceId: matching(/^[A-Za-z]{2,32}$/, 'must be a Polly voice id'),
  };
}

/**
 * A non-empty regular expression that compiles (in JavaScript: the service's engine is not documented).
 * @internal
 */
export const digitsRegex: Check<string> = (value, path) => {
  try {
    return typeof value === 'string' && value && new RegExp(value) ? value : fail(path, value, 'must be a regular expression');
  } catch {
    return fail(path, value, 'must be a valid regular expression');
  }
};

/**
 * The digit collection fields of PlayAudioAndGetDigits and SpeakAndGetDigits (docs/sma-model.md#play-audio-and-get-digits).
 * @internal
 */
export function digitCollection(): FieldSpec {
  return {
    InputDigitsRegex: digitsRegex,
    MinNumberOfDigits: integer(0, 128),
    MaxNumberOfDigits: integer(1, 128),
    TerminatorDigits: dtmfDigits,
    InBetweenDigitsDurationInMilliseconds: positiveInteger,
    Repeat: positiveInteger,
    RepeatDurationInMilliseconds: required(positiveInteger),
  };
}

/**
 * The page says Max is "greater than" Min; equal bounds (an exact-length PIN) are accepted on purpose.
 * @internal
 */
export function maxNotBelowMin(fields: Readonly<Record<string, unknown>>): readonly [string, string] | false {
  return ((fields.MaxNumberOfDigits ?? 128) as number) < ((fields.MinNumberOfDigits ?? 0) as number) && ['MaxNumberOfDigits', 'must not be below MinNumberOfDigits'];
}
