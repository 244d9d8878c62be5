import { inspect } from 'util';
import { SmaValidationError } from '../../src/sma';

describe('SmaValidationError', () => {
  it('names the field, the value and the rule', () => {
    const error = new SmaValidationError('Speak.Parameters.Text', 'x'.repeat(3), 'must be 1 to 1000 characters');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SmaValidationError');
    expect(error.message).toBe('Speak.Parameters.Text: "xxx" is invalid: must be 1 to 1000 characters');
    expect(error).toMatchObject({ path: 'Speak.Parameters.Text', value: 'xxx', rule: 'must be 1 to 1000 characters' });
  });

  it('says what is missing', () => {
    expect(new SmaValidationError('Speak.Parameters.CallId', undefined, 'a value is required').message)
      .toBe('Speak.Parameters.CallId is missing: a value is required');
  });

  it.each([
    ['JoinChimeMeeting.Parameters.JoinToken', 'secret-token'],
    ['$.CallDetails.Participants[0].To', '+12065550100'],
    ['$.CallDetails.Participants[0].From', '+12065550100'],
    ['CallAndBridge.Parameters.CallerIdNumber', '+12065550100'],
    ['CallAndBridge.Parameters.Endpoints[0].Uri', '+12065550100'],
    ['SendDigits.Parameters.Digits', '123456'],
    ['$.ActionData.ReceivedDigits', '123456'],
    ['$.ActionData.Parameters.Arguments.join_token', 'secret-token'],
    ['TransactionAttributes.pin', '123456'],
    ['CallAndBridge.Parameters.SipHeaders.x-caller', '+12065550100'],
  ])('keeps the value of %s out of the message', (path, value) => {
    const error = new SmaValidationError(path, value, 'is wrong');
    expect(error.message).not.toContain(value);
    expect(error.message).toContain(`<redacted string of length ${value.length}>`);
    expect(error.value).toBe(value);
  });

  it('keeps the raw value out of inspected output too', () => {
    const error = new SmaValidationError('JoinChimeMeeting.Parameters.JoinToken', 'secret-token', 'must be 2 to 2048 characters');
    expect(inspect(error)).not.toContain('secret-token');
    expect(Object.keys(error)).not.toContain('value');
  });

  it('shortens long values and describes non-strings', () => {
    expect(new SmaValidationError('Speak.Parameters.Text', 'y'.repeat(1001), 'r').message).toBe(`Speak.Parameters.Text: "${'y'.repeat(64)}"... (length 1001) is invalid: r`);
    expect(new SmaValidationError('p', [1, 2], 'r').message).toBe('p: an array of length 2 is invalid: r');
    expect(new SmaValidationError('p', { a: 1 }, 'r').message).toBe('p: an object is invalid: r');
    expect(new SmaValidationError('p', null, 'r').message).toBe('p: null is invalid: r');
    expect(new SmaValidationError('p', 42, 'r').message).toBe('p: 42 is invalid: r');
    expect(new SmaValidationError('p', () => 'source code', 'r').message).toBe('p: a function is invalid: r');
  });
});
