import { redactLogFields } from '../../src/dial-in';

describe('log redaction', () => {
  it('replaces values under token, PIN and digit keys at any depth', () => {
    expect(redactLogFields({ joinToken: 'abc', nested: { pin: '123456', ReceivedDigits: '12#' }, list: [{ JoinToken: 'x' }] }))
      .toEqual({ joinToken: '[redacted]', nested: { pin: '[redacted]', ReceivedDigits: '[redacted]' }, list: [{ JoinToken: '[redacted]' }] });
  });

  it('keeps only the last two digits of phone numbers inside free text', () => {
    expect(redactLogFields({ message: 'call from +12065550123 to 2125550199 failed' }))
      .toEqual({ message: 'call from +*********23 to ********99 failed' });
  });

  it('leaves short numbers, IDs and other values alone', () => {
    const fields = { attempts: 2, meetingId: '0b7c5a0e-1f3d-4c2e-9a6b-2d8e4f1a3c5b', ok: true, nothing: null };

    expect(redactLogFields(fields)).toEqual(fields);
  });
});
