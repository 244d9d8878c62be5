import { smaActionType } from './action-types';
import { CALL_ID_PATTERN, callId } from './actions/fields';
import { TOLERANT_ACTION_RULES } from './rules';
import { SmaErrorInfo, SmaEvent, SmaEventType } from './types/events';
import { arrayOf, asRecord, Check, copyJson, fail, FieldSpec, integer, isRecord, objectOf, ownValue, readFields, required, stringMap } from './validate';

// What each event carries besides the envelope (docs/sma-model.md#event-types). HANGUP's ActionData may be missing.
const NOTHING = 0;
const ARGUMENTS = 1;
const ACTION = 2;
const ERROR = 3;
const EVENT_PAYLOADS: { readonly [T in SmaEventType]: number } = {
  NEW_INBOUND_CALL: NOTHING,
  NEW_OUTBOUND_CALL: ARGUMENTS,
  RINGING: NOTHING,
  CALL_ANSWERED: NOTHING,
  ACTION_SUCCESSFUL: ACTION,
  ACTION_FAILED: ACTION,
  ACTION_INTERRUPTED: ACTION,
  HANGUP: ACTION,
  DIGITS_RECEIVED: ACTION,
  CALL_UPDATE_REQUESTED: ARGUMENTS,
  INVALID_LAMBDA_RESPONSE: ERROR,
};

/** The 11 invocation event types (docs/sma-model.md#event-types). */
export const SMA_EVENT_TYPES = /* @__PURE__ */ Object.keys(EVENT_PAYLOADS) as readonly SmaEventType[];

/** Whether `value` is one of the 11 invocation event types. */
export function isSmaEventType(value: unknown): value is SmaEventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_PAYLOADS, value);
}

/**
 * One of the 11 event types.
 * @internal
 */
export const smaEventType: Check<SmaEventType> = (value, path) => isSmaEventType(value) ? value : fail(path, value, 'must be one of the 11 invocation event types');

/**
 * Validates the envelope of an SMA invocation event and returns a new, typed and normalized event.
 *
 * Tolerant of every variant AWS's pages show (docs/sma-model.md#field-name-variants,
 * docs/sma-model.md#error-shapes, docs/sma-model.md#event-fixtures):
 * - `InvocationEvent` (JoinChimeMeeting page) for `InvocationEventType`; `SipApplicationId` for `SipMediaApplicationId`;
 * - `Leg-A`/`leg-b` tags, `connected`/`inbound` casing: normalized to the documented case;
 * - missing `Status`, missing `TransactionAttributes`, and `null` for any optional field;
 * - numbers as strings and strings as numbers (`Sequence: "3"`, `StartTimeInMilliseconds: 1700000000000`);
 * - the three failure shapes (`ErrorType`/`ErrorMessage` in ActionData, the same at the top level, and an
 *   `Error: "ErrorJoiningMeeting: ..."` string), all normalized to `ErrorType` + `ErrorMessage`.
 *
 * Echoed action parameters are informational: they are copied as JSON, with only the leg fields
 * normalized (`ParticipantTag` upper case; an invalid `CallId` or tag left out). Result fields
 * (`ReceivedDigits`, ...) are kept, digits as strings. Unknown keys of the envelope are dropped.
 *
 * @throws SmaValidationError with the JSON path (`$.CallDetails.Participants[0].CallId`) of what is wrong
 */
export function parseSmaEvent(input: unknown): SmaEvent {
  const event = asRecord(input, '$');
  const envelope = readFields(event, '$', envelopeSpec(), TOLERANT_ACTION_RULES, 'event');
  // docs/sma-model.md#field-name-variants: the JoinChimeMeeting page writes InvocationEvent.
  const named = envelope.InvocationEventType;
  const misnamed = envelope.InvocationEvent;
  if (named !== undefined && misnamed !== undefined && named !== misnamed) {
    fail('$.InvocationEvent', misnamed, 'must equal InvocationEventType');
  }
  const type = (named ?? misnamed ?? fail('$.InvocationEventType', undefined, 'a value is required')) as SmaEventType;
  // docs/sma-model.md#field-name-variants: several example pages write SipApplicationId.
  const { SipApplicationId, ...details } = envelope.CallDetails as Record<string, unknown>;
  const result: Record<string, unknown> = {
    SchemaVersion: '1.0',
    Sequence: envelope.Sequence,
    InvocationEventType: type,
    CallDetails: SipApplicationId === undefined || details.SipMediaApplicationId ? details : { ...details, SipMediaApplicationId: SipApplicationId },
  };
  const data = ownValue(event, 'ActionData') ?? undefined;
  const payload = EVENT_PAYLOADS[type];
  if (payload === ARGUMENTS) {
    const { Type, Parameters } = readFields(data ?? {}, '$.ActionData', argumentsSpec(), TOLERANT_ACTION_RULES, 'event');
    result.ActionData = {
      ...(type === 'CALL_UPDATE_REQUESTED' ? { Type: 'CallUpdateRequest' } : Type === undefined ? {} : { Type }),
      Parameters: { Arguments: {}, ...Parameters as object },
    };
  } else if (payload === ERROR) {
    // docs/sma-model.md#error-shapes: the example puts the error at the top level, the text in ActionData.
    Object.assign(result, readError([event, data]));
  } else if (payload === ACTION && (data !== undefined || type !== 'HANGUP')) {
    result.ActionData = readActionData(type, data, event);
  }
  return result as unknown as SmaEvent;
}

/** A string, or a finite number turned into its string (docs/sma-model.md#numbers-as-strings). */
const eventString: Check<string> = (value, path) =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : fail(path, value, 'must be a string');

/** One of `allowed`, in any letter case, returned as written in `allowed`. */
function caseless(...allowed: string[]): Check<string> {
  return (value, path) => allowed.find((item) => typeof value === 'string' && item.toLowerCase() === value.toLowerCase())
    ?? fail(path, value, `must be ${allowed.join(' or ')}`);
}

function envelopeSpec(): FieldSpec {
  const eventType: Check = (value, path, rules) => smaEventType(typeof value === 'string' ? value.toUpperCase() : value, path, rules);
  return {
    SchemaVersion: required((value, path) => value === '1.0' || value === 1 ? '1.0' : fail(path, value, 'must be "1.0"')),
    Sequence: required(integer(0)),
    InvocationEventType: eventType,
    InvocationEvent: eventType,
    CallDetails: required(objectOf(callDetailsSpec(), undefined, 'event')),
  };
}

function callDetailsSpec(): FieldSpec {
  const coercedMap = stringMap(Infinity, undefined, true);
  return {
    TransactionId: required((value: unknown, path: string) => eventString(value, path, TOLERANT_ACTION_RULES) || fail(path, value, 'must not be empty')),
    TransactionAttributes: coercedMap,
    AwsAccountId: eventString,
    AwsRegion: eventString,
    SipRuleId: eventString,
    SipMediaApplicationId: eventString,
    SipApplicationId: eventString,
    Participants: required(arrayOf(objectOf({
      CallId: required(callId),
      ParticipantTag: required(caseless('LEG-A', 'LEG-B')), // docs/sma-model.md#field-name-variants: some examples write Leg-A
      To: eventString,
      From: eventString,
      Direction: caseless('Inbound', 'Outbound'),
      StartTimeInMilliseconds: eventString,
      Status: caseless('Connected', 'Disconnected'),
      SipHeaders: coercedMap,
    }, undefined, 'event'), 0, 100)),
  };
}

function argumentsSpec(): FieldSpec {
  return { Type: eventString, Parameters: objectOf({ Arguments: stringMap(Infinity, undefined, true) }, undefined, 'event') };
}

/** Result fields of ActionData (docs/sma-model.md#event-types): digits as strings, the others copied as JSON. */
const RESULT_FIELDS = ['ReceivedDigits', 'RecordingTerminatorUsed', 'RecordingDestination', 'CallRecordingDestination', 'IntentResult', 'ErrorList'];

/** Echoed parameters: a JSON copy with ParticipantTag in upper case (docs/sma-model.md#echoed-parameters); an invalid leg field is left out. */
function readEchoedParameters(value: unknown, path: string): Record<string, unknown> {
  const parameters = { ...asRecord(copyJson(value, path), path) };
  const tag = typeof parameters.ParticipantTag === 'string' ? parameters.ParticipantTag.toUpperCase() : undefined;
  delete parameters.ParticipantTag;
  if (typeof parameters.CallId !== 'string' || !CALL_ID_PATTERN.test(parameters.CallId)) {
    delete parameters.CallId;
  }
  return tag === 'LEG-A' || tag === 'LEG-B' ? { ...parameters, ParticipantTag: tag } : parameters;
}

function readActionData(type: SmaEventType, value: unknown, event: unknown): unknown {
  const data = asRecord(value, '$.ActionData');
  const actionType = smaActionType(ownValue(data, 'Type'), '$.ActionData.Type', TOLERANT_ACTION_RULES);
  if (type === 'DIGITS_RECEIVED' && actionType !== 'ReceiveDigits') {
    fail('$.ActionData.Type', actionType, 'must be "ReceiveDigits"');
  }
  const results = Object.fromEntries(RESULT_FIELDS.flatMap((key, index) => {
    const result = ownValue(data, key);
    const digits = typeof result === 'number' ? String(result) : typeof result === 'string' ? result : undefined; // may arrive as a number
    return result == null || (index < 2 && digits === undefined) ? [] : [[key, index < 2 ? digits : copyJson(result, `$.ActionData.${key}`)]];
  }));
  if (type === 'DIGITS_RECEIVED' && results.ReceivedDigits === undefined) {
    fail('$.ActionData.ReceivedDigits', ownValue(data, 'ReceivedDigits'), 'must be the digits received');
  }
  return {
    Type: actionType,
    Parameters: readEchoedParameters(ownValue(data, 'Parameters') ?? {}, '$.ActionData.Parameters'),
    ...results,
    ...(type === 'ACTION_FAILED' ? readError([data, event]) : {}),
  };
}

/**
 * The first error found in `sources`, as ErrorType/ErrorMessage fields or as one `Error: "Type: message"`
 * string (docs/sma-model.md#error-shapes). An event that names no error still gets one: `UnknownError`.
 */
function readError(sources: readonly unknown[]): SmaErrorInfo {
  for (const source of sources.filter(isRecord)) {
    const { ErrorType: type, ErrorMessage: message, Error: combined } = source;
    if (typeof type === 'string' && type) {
      return { ErrorType: type, ErrorMessage: typeof message === 'string' ? message : '' };
    }
    const match = typeof combined === 'string' && /^(?:([A-Za-z]\w*):\s*)?([\s\S]+)$/.exec(combined);
    if (match) {
      return { ErrorType: match[1] ?? 'UnknownError', ErrorMessage: match[2] };
    }
  }
  return { ErrorType: 'UnknownError', ErrorMessage: '' };
}
