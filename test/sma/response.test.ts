import { LEG_A, rejection } from './fixtures';
import {
  buildSmaResponse, checkSmaResponse, clearAttributes, hangup, keepAttributes, MAX_ACTIONS_PER_RESPONSE, mergeAttributes, replaceAttributes,
  SmaValidationError, speak, validateSmaResponse, validateTransactionAttributes,
} from '../../src/sma';

const quiet = { onWarning: () => undefined };

/** A map of `count` pairs. */
function pairs(count: number, value = 'v'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, value]));
}

describe('buildSmaResponse', () => {
  it('builds SchemaVersion 1.0 with the actions and no attributes by default', () => {
    const actions = [speak({ callId: LEG_A, text: 'Bye' }), hangup({ callId: LEG_A })];
    const response = buildSmaResponse({ actions });
    expect(response).toEqual({ SchemaVersion: '1.0', Actions: actions });
    expect(response).not.toHaveProperty('TransactionAttributes');
    expect(response.Actions[0]).not.toBe(actions[0]);
  });

  it('builds an empty action list', () => {
    expect(buildSmaResponse()).toEqual({ SchemaVersion: '1.0', Actions: [] });
  });

  it('accepts 10 actions and rejects 11', () => {
    const action = hangup();
    expect(buildSmaResponse({ actions: Array(MAX_ACTIONS_PER_RESPONSE).fill(action) }).Actions).toHaveLength(10);
    expect(rejection(() => buildSmaResponse({ actions: Array(11).fill(action) })).path).toBe('Actions');
  });

  it('checks each action and names it by index', () => {
    expect(rejection(() => buildSmaResponse({ actions: [hangup(), { Type: 'Speak', Parameters: { Text: 'Hi' } } as never] })).path)
      .toBe('Actions[1].Parameters.CallId');
  });

  it('runs the full check when given validateAction', () => {
    const pauseTooShort = { Type: 'Pause', Parameters: { DurationInMilliseconds: 0 } } as never;
    expect(buildSmaResponse({ actions: [pauseTooShort] }).Actions).toHaveLength(1);
    expect(() => validateSmaResponse({ SchemaVersion: '1.0', Actions: [pauseTooShort] })).toThrow(SmaValidationError);
  });
});

describe('TransactionAttributes updates (docs/sma-model.md#transaction-attributes: the service merges shallowly)', () => {
  const current = { state: 'pin', attempts: '1' };

  it('keep: sends no map, so nothing changes', () => {
    expect(buildSmaResponse({ attributes: keepAttributes(), currentAttributes: current })).not.toHaveProperty('TransactionAttributes');
  });

  it('clear: sends {}', () => {
    expect(buildSmaResponse({ attributes: clearAttributes(), currentAttributes: current }).TransactionAttributes).toEqual({});
  });

  it('merge: sends the full merged map, the same result whether the service merges or replaces', () => {
    expect(buildSmaResponse({ attributes: mergeAttributes({ attempts: '2', meetingId: 'm' }), currentAttributes: current }).TransactionAttributes)
      .toEqual({ state: 'pin', attempts: '2', meetingId: 'm' });
  });

  it('merge without the current attributes: sends only the new keys', () => {
    expect(buildSmaResponse({ attributes: mergeAttributes({ attempts: '2' }) }).TransactionAttributes).toEqual({ attempts: '2' });
  });

  it('merge of nothing into nothing: sends no map, because {} would clear', () => {
    expect(buildSmaResponse({ attributes: mergeAttributes({}) })).not.toHaveProperty('TransactionAttributes');
  });

  it('replace: sends the new map when it keeps every stored key', () => {
    expect(buildSmaResponse({ attributes: replaceAttributes({ state: 'joined', attempts: '0' }), currentAttributes: current }).TransactionAttributes)
      .toEqual({ state: 'joined', attempts: '0' });
  });

  it('replace with {}: clears', () => {
    expect(buildSmaResponse({ attributes: replaceAttributes({}), currentAttributes: current }).TransactionAttributes).toEqual({});
  });

  it('replace that would drop a stored key: refused, since a merge cannot remove it', () => {
    const error = rejection(() => buildSmaResponse({ attributes: replaceAttributes({ state: 'joined' }), currentAttributes: current }));
    expect(error.path).toBe('TransactionAttributes');
    expect(error.value).toEqual(['attempts']);
  });

  it('rejects an unknown mode', () => {
    expect(rejection(() => buildSmaResponse({ attributes: { mode: 'append' } as never })).path).toBe('TransactionAttributes');
  });
});

describe('TransactionAttributes limits', () => {
  it('accepts 100 pairs and rejects 101 by default', () => {
    expect(Object.keys(validateTransactionAttributes(pairs(100), quiet))).toHaveLength(100);
    expect(rejection(() => validateTransactionAttributes(pairs(101), quiet)).path).toBe('TransactionAttributes');
  });

  it('warns above 10 pairs, with counts only', () => {
    const warnings: string[] = [];
    validateTransactionAttributes(pairs(10, 'secret'), { onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([]);
    validateTransactionAttributes(pairs(11, 'secret'), { onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('11 pairs');
    expect(warnings[0]).not.toContain('secret');
  });

  it('warns through console.warn when no onWarning is given', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      validateTransactionAttributes(pairs(11));
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('enforces the 10-pair limit of the docs\' example error when configured', () => {
    expect(rejection(() => validateTransactionAttributes(pairs(11), { maxPairs: 10 })).rule).toContain('at most 10 pairs');
  });

  it('rejects more than 20 KB of UTF-8 JSON, counting multi-byte characters', () => {
    // {"k":"<v>"} is 8 bytes plus the value.
    expect(validateTransactionAttributes({ k: 'a'.repeat(20480 - 8) }, quiet)).toBeDefined();
    expect(rejection(() => validateTransactionAttributes({ k: 'a'.repeat(20480 - 7) }, quiet)).rule).toContain('20480 bytes');
    expect(rejection(() => validateTransactionAttributes({ k: 'é'.repeat(10237) }, quiet)).rule).toContain('20480 bytes');
    expect(validateTransactionAttributes({ k: 'é'.repeat(10236) }, quiet)).toBeDefined();
  });

  it.each([
    ['a number value', { attempts: 2 }, 'TransactionAttributes.attempts'],
    ['a null value', { attempts: null }, 'TransactionAttributes.attempts'],
    ['an empty key', { '': 'v' }, 'TransactionAttributes.'],
    ['an array', ['v'], 'TransactionAttributes'],
  ])('rejects %s', (_name, value, path) => {
    expect(rejection(() => validateTransactionAttributes(value, quiet)).path).toBe(path);
  });
});

describe('checkSmaResponse', () => {
  it.each([
    ['a missing SchemaVersion', { Actions: [] }, 'SchemaVersion'],
    ['Actions that are not an array', { SchemaVersion: '1.0', Actions: null }, 'Actions'],
    ['an unknown key', { SchemaVersion: '1.0', Actions: [], Status: 'ok' }, 'Status'],
    ['attributes that break the limits', { SchemaVersion: '1.0', Actions: [], TransactionAttributes: pairs(101) }, 'TransactionAttributes'],
  ])('rejects %s', (_name, value, path) => {
    expect(rejection(() => checkSmaResponse(value, quiet)).path).toBe(path);
  });

  it('returns a copy', () => {
    const response = { SchemaVersion: '1.0', Actions: [{ Type: 'Hangup', Parameters: {} }], TransactionAttributes: { a: 'b' } };
    const checked = checkSmaResponse(response);
    expect(checked).toEqual(response);
    expect(checked.Actions).not.toBe(response.Actions);
    expect(checked.TransactionAttributes).not.toBe(response.TransactionAttributes);
  });
});
