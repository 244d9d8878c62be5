import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import * as client from '../../src/client';
import { DialInClientError, dialInInvitation } from '../../src/client';

describe('dialInInvitation', () => {
  it('prints the numbers to dial, the PIN and the one-tap dial strings, as an invitation shows them', () => {
    const invitation = dialInInvitation({
      numbers: [{ e164: '+12065550100', label: 'US' }, { e164: '+18885550100', label: 'US toll-free' }],
      pin: '123456',
    });

    expect(invitation.text).toBe([
      'Join by phone',
      '+1 206-555-0100 (US)',
      '+1 888-555-0100 (US toll-free)',
      'Meeting PIN: 123456 followed by #',
      '',
      'One tap mobile',
      '+12065550100,,123456# (US)',
      '+18885550100,,123456# (US toll-free)',
    ].join('\n'));
    expect(invitation.lines).toEqual(invitation.text.split('\n'));
  });

  it('the README\'s example, run as written, prints the text the README shows and makes the link its comment shows', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const section = readme.slice(readme.indexOf('### One-tap invitations'));
    const sample = /```tsx\n([\s\S]*?)```/.exec(section)![1];
    const shown = /```text\n([\s\S]*?)\n```/.exec(section)![1];
    const linkInComment = /<a href="[^"]+">[^<]+<\/a>/.exec(sample)![0];

    const printed: unknown[] = [];
    const js = ts.transpileModule(`${sample}\nreturn { links };`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const requireClient = (name: string) => {
      expect(name).toBe('cdk-chime-meeting-dialin/client');
      return client;
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function('require', 'exports', 'console', js) as (...args: unknown[]) => { links: string[] };
    const { links } = run(requireClient, {}, { log: (value: unknown) => printed.push(value) });

    expect(printed).toEqual([shown]);
    expect(links[0]).toBe(linkInComment);
  });

  it('gives each number a dial string and a tel: URI with the # percent-encoded', () => {
    const { entries } = dialInInvitation({ numbers: ['+12065550100', { e164: '+442071234567', label: 'UK' }], pin: '123456' });

    expect(entries).toEqual([
      { e164: '+12065550100', display: '+1 206-555-0100', dialString: '+12065550100,,123456#', uri: 'tel:+12065550100,,123456%23' },
      { e164: '+442071234567', label: 'UK', display: '+442071234567', dialString: '+442071234567,,123456#', uri: 'tel:+442071234567,,123456%23' },
    ]);
  });

  it('prints numbers without a label bare, and numbers outside North America in E.164', () => {
    const { lines } = dialInInvitation({ numbers: ['+33170000000', '+15105550101'], pin: '0042' });

    expect(lines).toEqual([
      'Join by phone', '+33170000000', '+1 510-555-0101', 'Meeting PIN: 0042 followed by #',
      '', 'One tap mobile', '+33170000000,,0042#', '+15105550101,,0042#',
    ]);
  });

  it.each([[1, '+12065550100,123456#'], [4, '+12065550100,,,,123456#'], [10, `+12065550100${','.repeat(10)}123456#`]])(
    'dials %i pauses before the PIN when asked', (pauses, dialString) => {
      expect(dialInInvitation({ numbers: ['+12065550100'], pin: '123456', pauses }).entries[0].dialString).toBe(dialString);
    });

  it('keeps the order of the numbers and leaves its input unchanged', () => {
    const numbers = Object.freeze([Object.freeze({ e164: '+18885550100', label: 'toll-free' }), '+12065550100']);
    const first = dialInInvitation({ numbers, pin: '123456' });

    expect(first.entries.map((entry) => entry.e164)).toEqual(['+18885550100', '+12065550100']);
    expect(dialInInvitation({ numbers, pin: '123456' })).toEqual(first);
  });

  it('trims a label', () => {
    expect(dialInInvitation({ numbers: [{ e164: '+12065550100', label: '  US  ' }], pin: '123456' }).entries[0].label).toBe('US');
  });

  it.each<[string, Parameters<typeof dialInInvitation>[0], string]>([
    ['no numbers', { numbers: [], pin: '123456' }, 'numbers [] is invalid: list at least one of the dial-in\'s numbers'],
    ['a number not in E.164', { numbers: ['206-555-0100'], pin: '123456' }, 'numbers[0] "206-555-0100" is invalid: use E.164'],
    ['a labelled number not in E.164', { numbers: [{ e164: '+0123' }], pin: '123456' }, 'numbers[0].e164 "+0123" is invalid: use E.164'],
    ['a number twice', { numbers: ['+12065550100', { e164: '+12065550100', label: 'again' }], pin: '123456' },
      'numbers[1] "+12065550100" is invalid: is listed already as numbers[0]'],
    ['an empty label', { numbers: [{ e164: '+12065550100', label: ' ' }], pin: '123456' }, 'numbers[0].label " " is invalid: must be a non-empty string'],
    ['a PIN with a letter', { numbers: ['+12065550100'], pin: '12345a' }, 'pin "12345a" is invalid: use the 4 to 12 digits'],
    ['a PIN with its #', { numbers: ['+12065550100'], pin: '123456#' }, 'pin "123456#" is invalid'],
    ['a PIN too short', { numbers: ['+12065550100'], pin: '123' }, 'pin "123" is invalid'],
    ['a PIN too long', { numbers: ['+12065550100'], pin: '1234567890123' }, 'pin "1234567890123" is invalid'],
    ['a PIN of another length than pinLength', { numbers: ['+12065550100'], pin: '123456', pinLength: 8 },
      'pin "123456" is invalid: use the 8 digits registerMeeting returned (the dial-in\'s pinLength)'],
    ['a pinLength out of range', { numbers: ['+12065550100'], pin: '123', pinLength: 3 }, 'pinLength 3 is invalid: use a whole number from 4 to 12'],
    ['no pause', { numbers: ['+12065550100'], pin: '123456', pauses: 0 }, 'pauses 0 is invalid: use a whole number from 1 to 10'],
    ['too many pauses', { numbers: ['+12065550100'], pin: '123456', pauses: 11 }, 'pauses 11 is invalid'],
    ['half a pause', { numbers: ['+12065550100'], pin: '123456', pauses: 1.5 }, 'pauses 1.5 is invalid'],
  ])('refuses %s, naming the field and the value', (_, options, message) => {
    expect(() => dialInInvitation(options)).toThrow(DialInClientError);
    expect(() => dialInInvitation(options)).toThrow(message);
  });

  it('accepts a PIN of exactly pinLength digits', () => {
    expect(dialInInvitation({ numbers: ['+12065550100'], pin: '12345678', pinLength: 8 }).entries[0].dialString).toBe('+12065550100,,12345678#');
  });

  // Any valid number and PIN: the URI is a tel: URI without a fragment whose decoded body is the
  // dial string, and the dial string is the number, the pauses, the PIN and # in that order.
  it('makes URIs that parse back to their dial string, for any number, PIN and pause count', () => {
    const e164 = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 14 }))
      .map(([first, rest]) => `+${first}${rest.join('')}`);
    const pin = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 12 }).map((digits) => digits.join(''));

    fc.assert(fc.property(e164, pin, fc.integer({ min: 1, max: 10 }), (number, meetingPin, pauses) => {
      const [entry] = dialInInvitation({ numbers: [number], pin: meetingPin, pauses }).entries;
      const url = new URL(entry.uri);

      expect(url.protocol).toBe('tel:');
      expect(url.hash).toBe('');
      expect(decodeURIComponent(url.pathname)).toBe(entry.dialString);
      expect(entry.dialString).toBe(`${number}${','.repeat(pauses)}${meetingPin}#`);
    }));
  });
});

describe('dialInInvitation in a backend wired with MeetingDialIn.connectBackend', () => {
  const NUMBERS = 'CDK_CHIME_DIALIN_PHONE_NUMBERS';
  const PIN_LENGTH = 'CDK_CHIME_DIALIN_PIN_LENGTH';

  afterEach(() => {
    delete process.env[NUMBERS];
    delete process.env[PIN_LENGTH];
  });

  it('lists the dial-in\'s numbers from CDK_CHIME_DIALIN_PHONE_NUMBERS, in their order, when none are given', () => {
    process.env[NUMBERS] = '+12065550100,+18335550100';

    const invitation = dialInInvitation({ pin: '123456' });

    expect(invitation.entries.map((entry) => entry.dialString)).toEqual(['+12065550100,,123456#', '+18335550100,,123456#']);
    expect(invitation.lines.slice(0, 3)).toEqual(['Join by phone', '+1 206-555-0100', '+1 833-555-0100']);
  });

  it('lists the numbers given (with their labels) rather than those of the environment', () => {
    process.env[NUMBERS] = '+12065550100,+18335550100';

    const invitation = dialInInvitation({ numbers: [{ e164: '+18335550100', label: 'toll-free' }], pin: '123456' });

    expect(invitation.entries.map((entry) => entry.e164)).toEqual(['+18335550100']);
  });

  it('refuses a number of the environment that is not E.164, naming the variable', () => {
    process.env[NUMBERS] = '+12065550100,2065550101';

    expect(() => dialInInvitation({ pin: '123456' })).toThrow(/^CDK_CHIME_DIALIN_PHONE_NUMBERS\[1\] "2065550101" is invalid/);
  });

  it('without numbers or the environment, says where the numbers come from', () => {
    expect(() => dialInInvitation({ pin: '123456' })).toThrow(
      'numbers undefined is invalid: is required: pass it, or run where MeetingDialIn.connectBackend set CDK_CHIME_DIALIN_PHONE_NUMBERS');
  });

  it('checks the PIN against the handler\'s length, CDK_CHIME_DIALIN_PIN_LENGTH', () => {
    process.env[NUMBERS] = '+12065550100';
    process.env[PIN_LENGTH] = '8';

    expect(dialInInvitation({ pin: '12345678' }).entries[0].dialString).toBe('+12065550100,,12345678#');
    expect(() => dialInInvitation({ pin: '123456' })).toThrow('pin "123456" is invalid: use the 8 digits registerMeeting returned (the dial-in\'s pinLength)');
    expect(() => dialInInvitation({ pin: '123456', pinLength: 6 })).toThrow(/^pinLength 6 is invalid: differs from the dial-in handler's PIN length, 8/);
  });
});
