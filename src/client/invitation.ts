import { dialInNumbersOf, knownPinLengthOf } from './backend-defaults';
import { DialInClientError } from './errors';
import { requireE164, requireText, wholeNumberIn } from './validation';

/** A number of the dial-in as an invitation shows it. */
export interface InvitationNumber {
  /** The number in E.164, e.g. `+12065550100` (`MeetingDialIn.dialInNumbers`). */
  readonly e164: string;
  /** What the number is for the reader, e.g. `US` or `US toll-free`. Default: none. */
  readonly label?: string;
}

/** Options of {@link dialInInvitation}. */
export interface DialInInvitationOptions {
  /**
   * The dial-in's numbers, in the order to list them: E.164 strings or numbers with a label
   * (the dial-in's `dialInNumbers`, e.g. from its stack output).
   * Default: the numbers of `CDK_CHIME_DIALIN_PHONE_NUMBERS`, which `MeetingDialIn.connectBackend` sets.
   */
  readonly numbers?: ReadonlyArray<string | InvitationNumber>;
  /** The meeting's PIN (`registerMeeting` returned it). */
  readonly pin: string;
  /**
   * Digits the dial-in's PINs have (its `pinLength`): the PIN must have as many. Default: the
   * handler's, `CDK_CHIME_DIALIN_PIN_LENGTH`, which `MeetingDialIn.connectBackend` sets (a different
   * length given is an error); without it, any of 4 to 12.
   */
  readonly pinLength?: number;
  /**
   * Pause characters (`,`) a one-tap link dials before the PIN, 1 to 10. Once the call is answered,
   * phones wait 2 to 3 seconds for each before they send the PIN (Android: 3 s on GSM and IMS calls,
   * 2 s on CDMA calls, https://android.googlesource.com/platform/frameworks/opt/telephony/+/refs/heads/main/src/java/com/android/internal/telephony/imsphone/ImsPhoneConnection.java);
   * the PIN prompt takes the PIN whether it still plays or has ended (docs/sma-model.md#digits-during-prompts).
   * Default: 2.
   */
  readonly pauses?: number;
}

/** One number of an invitation, with its one-tap forms. */
export interface InvitationEntry {
  readonly e164: string;
  readonly label?: string;
  /** The number to read and dial by hand, e.g. `+1 206-555-0100`. */
  readonly display: string;
  /**
   * The number, pauses, PIN and `#` as one dial string, e.g. `+12065550100,,123456#`: the form
   * invitations print, which phones offer to dial when it is tapped in a message or an event.
   */
  readonly dialString: string;
  /**
   * The dial string as a `tel:` URI for a link (`<a href>`), e.g. `tel:+12065550100,,123456%23`:
   * the `#` is percent-encoded, because a bare `#` starts a URI's fragment and would be cut off
   * with everything after it (RFC 3986, sections 2.2 and 3.5, https://www.rfc-editor.org/rfc/rfc3986#section-3.5).
   * Apple documents that its Phone app does not dial a `tel:` link holding `*` or `#`
   * (https://developer.apple.com/library/archive/featuredarticles/iPhoneURLScheme_Reference/PhoneLinks/PhoneLinks.html):
   * print `dialString` as text beside the link.
   */
  readonly uri: string;
}

/** What to put in a meeting invitation for phone callers. */
export interface DialInInvitation {
  /** The invitation's lines: the numbers to dial, the PIN, then the one-tap dial strings. */
  readonly lines: string[];
  /** `lines`, joined with line breaks. */
  readonly text: string;
  /** Each number with its one-tap dial string and `tel:` URI, in the order given. */
  readonly entries: InvitationEntry[];
}

/**
 * The pause of a dial string. RFC 3966, the `tel` URI, has no pause character (its grammar allows
 * only digits and visual separators in a global number, https://www.rfc-editor.org/rfc/rfc3966#section-3);
 * phones take a comma: Android's `PhoneNumberUtils.PAUSE`
 * (https://developer.android.com/reference/android/telephony/PhoneNumberUtils#PAUSE), the comma that
 * "inserts a pause into a post-dial sequence". What follows the pauses is sent as DTMF tones once
 * the call is answered: the PIN and `#`, as a caller would press them at the PIN prompt.
 */
const PAUSE = ',';
const PIN_TERMINATOR = '#';

/**
 * The lines of a meeting invitation for phone callers, and one-tap dial strings and `tel:` URIs
 * that dial the number, wait, then press the PIN and `#`. Pure: no I/O, the same output for the
 * same input.
 */
export function dialInInvitation(options: DialInInvitationOptions): DialInInvitation {
  if (options.pinLength !== undefined) {
    wholeNumberIn('pinLength', options.pinLength, 4, 12);
  }
  const pin = requirePin(options.pin, knownPinLengthOf(options.pinLength));
  const pauses = PAUSE.repeat(wholeNumberIn('pauses', options.pauses ?? 2, 1, 10));
  const numbers = requireNumbers(dialInNumbersOf(options.numbers));

  const entries = numbers.map(({ e164, label }): InvitationEntry => {
    const dialString = `${e164}${pauses}${pin}${PIN_TERMINATOR}`;
    return {
      e164,
      ...(label === undefined ? {} : { label }),
      display: displayNumber(e164),
      dialString,
      uri: `tel:${dialString.replace(/#/g, '%23')}`,
    };
  });
  const labelled = (text: string, label?: string) => (label === undefined ? text : `${text} (${label})`);
  const lines = [
    'Join by phone',
    ...entries.map((entry) => labelled(entry.display, entry.label)),
    `Meeting PIN: ${pin} followed by #`,
    '',
    'One tap mobile',
    ...entries.map((entry) => labelled(entry.dialString, entry.label)),
  ];
  return { lines, text: lines.join('\n'), entries };
}

function requirePin(pin: unknown, pinLength: number | undefined): string {
  const digits = pinLength === undefined ? '4,12' : String(pinLength);
  if (typeof pin !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(pin)) {
    throw new DialInClientError('pin', pin, pinLength === undefined
      ? 'use the 4 to 12 digits registerMeeting returned'
      : `use the ${pinLength} digits registerMeeting returned (the dial-in's pinLength)`);
  }
  return pin;
}

function requireNumbers(list: { readonly numbers: ReadonlyArray<string | InvitationNumber>; readonly field: string }): InvitationNumber[] {
  const { numbers, field: listField } = list;
  if (!Array.isArray(numbers) || numbers.length === 0) {
    throw new DialInClientError(listField, numbers, 'list at least one of the dial-in\'s numbers (MeetingDialIn.dialInNumbers)');
  }
  const seen = new Map<string, number>();
  return numbers.map((number, index) => {
    const field = `${listField}[${index}]`;
    const given = typeof number === 'string' ? { e164: number } : number;
    const e164 = requireE164(typeof number === 'string' ? field : `${field}.e164`, given?.e164);
    if (seen.has(e164)) {
      throw new DialInClientError(field, e164, `is listed already as ${listField}[${seen.get(e164)}]: list each number once`);
    }
    seen.set(e164, index);
    const label = given.label === undefined ? undefined : requireText(`${field}.label`, given.label).trim();
    return { e164, label };
  });
}

/**
 * A number as people read it: North American numbers (+1) grouped as `+1 206-555-0100`, the
 * way the North American Numbering Plan writes them; others in E.164, which dials from anywhere.
 */
function displayNumber(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : e164;
}
