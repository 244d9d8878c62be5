import { realPause } from './sdk-clients';
import { DEFAULT_CLOCK_START_MS, VirtualClock, sleepOn } from '../../../src/testing/fakes';

describe('VirtualClock', () => {
  test('starts at a fixed instant and moves only when advanced', async () => {
    const clock = new VirtualClock();
    expect(clock.now()).toBe(DEFAULT_CLOCK_START_MS);
    expect(new Date(clock.now()).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    await realPause(5);
    expect(clock.now()).toBe(DEFAULT_CLOCK_START_MS);

    clock.advance(1_500);
    clock.advanceTo(DEFAULT_CLOCK_START_MS + 2_000);
    expect(clock.now()).toBe(DEFAULT_CLOCK_START_MS + 2_000);
  });

  test('refuses to go back or to take non-finite steps', () => {
    const clock = new VirtualClock(1_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advanceTo(999)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => new VirtualClock(Infinity)).toThrow(RangeError);
    expect(clock.now()).toBe(1_000);
  });

  test('tells listeners the new time after each advance until they unsubscribe', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    const unsubscribe = clock.onAdvance((now) => seen.push(now));
    clock.advance(10);
    clock.advance(0);
    unsubscribe();
    clock.advance(5);
    expect(seen).toEqual([10, 10]);
  });

  test('sleep resolves once the clock has been advanced far enough, never on its own', async () => {
    const clock = new VirtualClock(0);
    let woke = false;
    const sleeping = clock.sleep(100).then(() => {
      woke = true;
    });
    await realPause(5);
    clock.advance(99);
    await realPause(5);
    expect(woke).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    await expect(sleepOn(clock, 0)).resolves.toBeUndefined();
  });
});
