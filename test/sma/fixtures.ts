import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SmaValidationError } from '../../src/sma';

/** The directory of the realistic SMA event fixtures (docs/sma-model.md#event-fixtures). */
export const SMA_EVENT_FIXTURES = join(__dirname, '..', 'fixtures', 'sma-events');

/** The names of all fixture files. */
export function smaFixtureNames(): string[] {
  return readdirSync(SMA_EVENT_FIXTURES).filter((name) => name.endsWith('.json')).sort();
}

/** A fresh copy of one fixture, as raw JSON (what the Lambda receives). */
export function loadSmaFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SMA_EVENT_FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

/** LEG-A's CallId in the fixtures. */
export const LEG_A = '5d2f8a1c-3b4e-4f6a-9c7d-1e2f3a4b5c6d';
/** LEG-B's CallId in the fixtures. */
export const LEG_B = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e';
/** The meeting id in the fixtures. */
export const MEETING_ID = 'e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b';

/** The SmaValidationError that `run` throws; fails the test if it throws nothing or something else. */
export function rejection(run: () => unknown): SmaValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SmaValidationError);
    return error as SmaValidationError;
  }
  throw new Error('expected a SmaValidationError');
}
