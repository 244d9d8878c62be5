import { DialInClientError } from './errors';
import { requireText, wholeNumberIn } from './validation';
import { BACKEND_ENVIRONMENT, DEFAULT_PIN_LENGTH } from '../private/backend-environment';

/**
 * Options the client helpers take from the environment `MeetingDialIn.connectBackend` sets on the
 * backend function, when the caller does not give them.
 */

function fromEnvironment(variable: string): string | undefined {
  const value = process.env[variable];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** `given`, or the environment variable, or an error that names both. */
export function optionOrEnvironment(field: string, given: string | undefined, variable: string): string {
  if (given !== undefined) {
    return requireText(field, given);
  }
  const value = fromEnvironment(variable);
  if (value === undefined) {
    throw new DialInClientError(field, given, `is required: pass it, or run where MeetingDialIn.connectBackend set ${variable}`);
  }
  return value;
}

/** The meeting directory table: `given`, or CDK_CHIME_DIALIN_DIRECTORY_TABLE. */
export function directoryTableName(given: string | undefined, field = 'tableName'): string {
  return optionOrEnvironment(field, given, BACKEND_ENVIRONMENT.directoryTable);
}

/** The call-record table: `given`, or CDK_CHIME_DIALIN_CALL_RECORD_TABLE. */
export function callRecordTableName(given: string | undefined): string {
  return optionOrEnvironment('callRecords.tableName', given, BACKEND_ENVIRONMENT.callRecordTable);
}

/** The SIP media application: `given`, or CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_ID. */
export function sipMediaApplicationIdOf(given: string | undefined): string {
  return optionOrEnvironment('sipMediaApplicationId', given, BACKEND_ENVIRONMENT.sipMediaApplicationId);
}

/** The number a dial-out comes from: `given`, or the first of CDK_CHIME_DIALIN_PHONE_NUMBERS. */
export function fromPhoneNumberOf(given: string | undefined): string {
  const numbers = optionOrEnvironment('fromPhoneNumber', given, BACKEND_ENVIRONMENT.phoneNumbers);
  return given ?? numbers.split(',')[0].trim();
}

/**
 * The dial-in's numbers: `given`, or the comma-separated E.164 numbers of CDK_CHIME_DIALIN_PHONE_NUMBERS,
 * with the field name errors about them should use.
 */
export function dialInNumbersOf<T>(given: readonly T[] | undefined): { readonly numbers: ReadonlyArray<T | string>; readonly field: string } {
  if (given !== undefined) {
    return { numbers: given, field: 'numbers' };
  }
  const variable = BACKEND_ENVIRONMENT.phoneNumbers;
  const numbers = optionOrEnvironment('numbers', given, variable);
  return { numbers: numbers.split(',').map((number) => number.trim()), field: variable };
}

/**
 * The PIN length to check a PIN against: the handler's (CDK_CHIME_DIALIN_PIN_LENGTH) when known (a
 * different `given` length is an error), else `given`, which may be unknown.
 */
export function knownPinLengthOf(given: number | undefined): number | undefined {
  return fromEnvironment(BACKEND_ENVIRONMENT.pinLength) === undefined ? given : pinLengthOf(given);
}

/** The dial-in's meeting regions: `given`, or CDK_CHIME_DIALIN_MEETING_REGIONS, or unknown. */
export function meetingRegionsOf(given: readonly string[] | undefined): readonly string[] | undefined {
  return given ?? fromEnvironment(BACKEND_ENVIRONMENT.meetingRegions)?.split(',').map((region) => region.trim());
}

/**
 * The PIN length to register: the handler's (CDK_CHIME_DIALIN_PIN_LENGTH) when known, so that a PIN
 * the handler would reject is never registered; a different `given` length is an error.
 */
export function pinLengthOf(given: number | undefined): number {
  const variable = BACKEND_ENVIRONMENT.pinLength;
  const configured = fromEnvironment(variable);
  if (configured === undefined) {
    return wholeNumberIn('pinLength', given ?? DEFAULT_PIN_LENGTH, 4, 12);
  }
  const handlerLength = wholeNumberIn(variable, Number(configured), 4, 12);
  if (given !== undefined && given !== handlerLength) {
    throw new DialInClientError('pinLength', given,
      `differs from the dial-in handler's PIN length, ${handlerLength} (${variable}): callers could never enter such a PIN; leave pinLength out or set the construct's pinLength`);
  }
  return handlerLength;
}
