import { ScanCommand } from '@aws-sdk/client-dynamodb';
import * as fc from 'fast-check';
import { CallFlowWorld, promptText, startCallFlowWorld } from './call-flow-harness';
import { LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

/**
 * An autodialer guessing PINs from a few numbers, against the flow with PIN-guess counters in the
 * directory table: per number and window, at most the configured number of guesses reach the
 * directory, and a caller with the right PIN from another number still joins.
 */

const MAX_FAILURES = 10;
const WINDOW_SECONDS = 3_600;
const GUESSERS = Array.from({ length: 10 }, (_, i) => `+1510555${String(2000 + i)}`);
const CALLS = 1_000;

let db: LocalMeetingDirectory;
let world: CallFlowWorld;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(async () => {
  await world?.stop();
  await db.stop();
});

describe('PIN guessing across calls', () => {
  it(`lets at most ${MAX_FAILURES} guesses per number and window reach the directory over ${CALLS} calls from ${GUESSERS.length} numbers`, async () => {
    world = await startCallFlowWorld(db, { pinGuessCounters: { maxFailures: MAX_FAILURES, windowSeconds: WINDOW_SECONDS } });
    let { meetingId, pin } = await world.meetingWithPin();
    // Lookups of PIN keys (digits only), per calling number and window.
    let current = '';
    const lookups = new Map<string, number>();
    const stopCounting = db.faults.onRequestReceived(({ operation, body }) => {
      const key = (JSON.parse(body) as { Key?: { pin?: { S?: string } } }).Key?.pin?.S ?? '';
      if (operation === 'GetItem' && /^\d+$/.test(key)) {
        const window = Math.floor(world.clock.now() / 1000 / WINDOW_SECONDS);
        lookups.set(`${current} ${window}`, (lookups.get(`${current} ${window}`) ?? 0) + 1);
      }
    });
    const guesses = fc.sample(fc.tuple(fc.integer({ min: 0, max: GUESSERS.length - 1 }), fc.array(fc.stringMatching(/^\d{6}$/), { minLength: 3, maxLength: 3 })),
      { numRuns: CALLS, seed: 20261201 });
    try {
      for (const [caller, pins] of guesses) {
        current = GUESSERS[caller];
        const call = await world.sim.inboundCall({ from: current, to: world.dialInNumber });
        for (const guess of pins.filter((candidate) => candidate !== pin)) {
          if (call.status === 'ended') {
            break;
          }
          await call.pressDigits(`${guess}#`);
        }
        await call.wait(10_000);
        expect(call.status).toBe('ended');
        expect(call.violations).toEqual([]);
      }
    } finally {
      stopCounting();
    }

    expect(Math.max(...lookups.values())).toBeLessThanOrEqual(MAX_FAILURES);
    expect(world.metrics.get('RefusedCalls') ?? 0).toBeGreaterThan(CALLS / 2);

    // Someone with the right PIN, from a number that guessed nothing, still joins (a meeting of now:
    // the guessing took virtual hours, and an empty meeting ends).
    ({ meetingId, pin } = await world.meetingWithPin());
    const call = await world.sim.inboundCall({ from: '+15105550101', to: world.dialInNumber });
    await call.pressDigits(`${pin}#`);
    await call.wait(9_000);
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    await call.hangUp();

    // A refused number hears why, and its call ends without reaching the directory.
    const refused = await world.sim.inboundCall({ from: GUESSERS[0], to: world.dialInNumber });
    const before = [...lookups.values()].reduce((sum, count) => sum + count, 0);
    await refused.pressDigits(`${pin}#`);
    await refused.wait(9_000);
    expect(refused.prompts.at(-1)).toBe(promptText('tooManyGuesses'));
    expect(refused.status).toBe('ended');
    expect([...lookups.values()].reduce((sum, count) => sum + count, 0)).toBe(before);

    // No full number and no PIN is stored in a counter.
    const items = (await db.client.send(new ScanCommand({ TableName: db.tableName }))).Items ?? [];
    const counters = items.filter((item) => item.pin?.S?.startsWith('guesses#'));
    expect(counters.length).toBeGreaterThan(0);
    const stored = JSON.stringify(counters);
    for (const number of GUESSERS) {
      expect(stored).not.toContain(number.slice(1));
    }
    // Each counter carries the table's TTL: one window after its own window ends.
    for (const item of counters) {
      const windowStart = Number(item.pin!.S!.split('#')[2]);
      expect(Number(item.expiresAt?.N)).toBe(windowStart + 2 * WINDOW_SECONDS);
    }
  }, 600_000);
});
