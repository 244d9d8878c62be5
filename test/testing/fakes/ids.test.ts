import { GUID } from './sdk-clients';
import { SeededIds } from '../../../src/testing/fakes';

describe('SeededIds', () => {
  test('the same seed and label give the same sequence; another seed or label another one', () => {
    const draw = (seed: number | string, label: string) => {
      const stream = new SeededIds(seed).stream(label);
      return [stream.uuid(), stream.uuid(), stream.token(16)];
    };
    expect(draw(42, 'meeting')).toEqual(draw(42, 'meeting'));
    expect(draw(42, 'meeting')).not.toEqual(draw(43, 'meeting'));
    expect(draw(42, 'meeting')).not.toEqual(draw(42, 'attendee'));
    expect(draw('42', 'meeting')).toEqual(draw(42, 'meeting'));
  });

  test('UUIDs have the version-4 layout the Chime GuidString pattern accepts, and do not repeat', () => {
    const stream = new SeededIds().stream('meeting');
    const ids = Array.from({ length: 2_000 }, () => stream.uuid());
    expect(ids.every((id) => GUID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('tokens have the requested length and use the base64 alphabet', () => {
    const stream = new SeededIds(7).stream('join-token');
    const token = stream.token(300);
    expect(token).toMatch(/^[A-Za-z0-9+/]{300}$/);
    expect(new Set(token).size).toBeGreaterThan(40);
  });

  test('nextInt stays in range and rejects bad bounds', () => {
    const stream = new SeededIds(3).stream('numbers');
    const values = Array.from({ length: 1_000 }, () => stream.nextInt(6));
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(5);
    expect(() => stream.nextInt(0)).toThrow(RangeError);
  });
});
