import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CALLER, DIAL_IN_NUMBER } from './helpers';
import { InMemoryPinDirectory, loadScenarioFile, parseScenario, runScenario, ScenarioError } from '../../../src/testing/simulator';
import type { PinDirectory, ScenarioMeetingRecord } from '../../../src/testing/simulator';

const HANDLER = path.join(__dirname, '..', '..', 'fixtures', 'simulator', 'dial-in-handler');
const VALID = {
  caller: { from: CALLER },
  number: { to: DIAL_IN_NUMBER },
  meetings: [{ alias: 'standup', pin: '123456' }],
  steps: [{ digits: '123456' }],
};

function errorOf(scenario: unknown): string {
  try {
    parseScenario(scenario);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('the scenario was accepted');
}

describe('scenario validation names the field', () => {
  test.each([
    [{ ...VALID, steps: [{ wait: 10 }, { wait: 10 }, { digits: '12a' }] }, 'scenario.steps[2].digits: "12a" is invalid: use 0-9, * and #'],
    [{ ...VALID, steps: [{ wait: -1 }] }, 'scenario.steps[0].wait: -1 is invalid: must be a whole number of milliseconds, 0 or more'],
    [{ ...VALID, steps: [{ wait: 1, digits: '1' }] }, 'scenario.steps[0]: must have exactly one of digits, wait, hangup'],
    [{ ...VALID, steps: [{ dance: true }] }, 'scenario.steps[0]: must have exactly one of'],
    [{ ...VALID, steps: [{ endMeeting: 'retro' }] }, 'scenario.steps[0].endMeeting: "retro" is invalid: must be the alias of a meeting in scenario.meetings (standup)'],
    [{ ...VALID, steps: [{ answer: true }] }, 'scenario.steps[0].answer: only an outbound call can be answered'],
    [{ ...VALID, steps: [{ reject: 404 }] }, 'scenario.steps[0].reject'],
    [{ ...VALID, steps: [{ fault: { service: 'lambda', operation: 'X', kind: 'throttle' } }] }, 'scenario.steps[0].fault.service: "lambda" is invalid'],
    [{ ...VALID, steps: [{ fault: { service: 'meetings', operation: 'GetMeeting', kind: 'latency' } }] }, 'scenario.steps[0].fault.latencyMs: is missing'],
    [{ ...VALID, steps: [{ update: { mute: true } }] }, 'scenario.steps[0].update.mute: true is invalid: must be a string'],
    [{ ...VALID, steps: 'dial' }, 'scenario.steps: "dial" is invalid: must be an array'],
    [{ ...VALID, caller: { from: '5105550101' } }, 'scenario.caller.from: "5105550101" is invalid: must be an E.164 number'],
    [{ steps: [] }, 'scenario: says nothing about the call'],
    [{ ...VALID, outbound: { from: CALLER, to: DIAL_IN_NUMBER } }, 'scenario: give either caller and number'],
    [{ ...VALID, meetings: [{ alias: 'a', pin: '1' }, { alias: 'a' }] }, 'scenario.meetings[1].alias: "a" is invalid: is used twice'],
    [{ ...VALID, meetings: [{ alias: 'a', pin: '12-34' }] }, 'scenario.meetings[0].pin: "12-34" is invalid: must be a string of digits'],
    [{ ...VALID, expect: { joinedMeeting: 'retro' } }, 'scenario.expect.joinedMeeting: "retro" is invalid'],
    [{ ...VALID, expect: { endReason: 'bored' } }, 'scenario.expect.endReason: "bored" is invalid'],
    [{ ...VALID, expect: { violation: 0 } }, 'scenario.expect.violation: is not a known field'],
    [{ ...VALID, settings: { maxInvocationsPerCall: 0 } }, 'scenario.settings: settings.maxInvocationsPerCall must be an integer of at least 1'],
    [{ ...VALID, settings: { transactionAttributesUpdate: 'append' } }, 'scenario.settings: settings.transactionAttributesUpdate must be "merge" or "replace"'],
    [{ ...VALID, handlr: 'x' }, 'scenario.handlr: is not a known field'],
    [[], 'scenario: [] is invalid: must be an object'],
  ])('%j', (scenario, message) => {
    expect(errorOf(scenario)).toContain(message);
  });

  test('a valid scenario is returned as is', () => {
    expect(parseScenario(VALID)).toBe(VALID);
  });

  test('loadScenarioFile reports unreadable files and bad JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scenario-'));
    try {
      const file = path.join(dir, 's.json');
      writeFileSync(file, '{"caller": ');
      expect(() => loadScenarioFile(file)).toThrow(/^scenario: .* is not valid JSON/);
      writeFileSync(file, JSON.stringify(VALID));
      expect(loadScenarioFile(file)).toEqual(VALID);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runScenario', () => {
  test('registers PINs in a pluggable directory before loading the handler', async () => {
    const registered: Array<[string, ScenarioMeetingRecord]> = [];
    const memory = new InMemoryPinDirectory();
    const directory: PinDirectory = {
      registerPin: async (pin, meeting) => {
        registered.push([pin, meeting]);
        memory.registerPin(pin, meeting);
      },
      environment: () => memory.environment(),
    };
    const result = await runScenario(parseScenario({ ...VALID, expect: { joinedMeeting: 'standup', violations: 0 } }), { handler: HANDLER, directory });
    expect(registered).toEqual([['123456', { alias: 'standup', meetingId: result.meetings.standup.meetingId, externalMeetingId: 'standup' }]]);
    expect(memory.lookup('123456')?.meetingId).toBe(result.meetings.standup.meetingId);
    expect(result).toEqual(expect.objectContaining({ passed: true, failures: [] }));
    expect(process.env.SIMULATOR_PIN_DIRECTORY).toBeUndefined();
    expect(process.env.SIMULATOR_MEETINGS_ENDPOINT).toBeUndefined();
  });

  test('reports every expectation that fails, and steps after the call ended', async () => {
    const result = await runScenario(parseScenario({
      ...VALID,
      steps: [{ digits: '999999' }, { wait: 10_000 }, { digits: '1' }],
      expect: { joinedMeeting: 'standup', endReason: 'caller-hangup', promptsInclude: ['Welcome', 'Goodbye from nowhere'], violations: 0, status: 'ended', muted: true },
    }), { handler: HANDLER });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      'scenario.steps[2]: the call had already ended (handler-hangup) before this step',
      'expected endReason caller-hangup, got handler-hangup',
      'expected the call to join meeting "standup", it joined none',
      expect.stringMatching(/^expected the caller to hear "Goodbye from nowhere"; heard "Welcome/),
      'expected the caller to be muted',
    ]);
  });

  test('a fault on an operation the service does not have is a scenario error naming the step', async () => {
    await expect(runScenario(parseScenario({ ...VALID, steps: [{ fault: { service: 'meetings', operation: 'DialOut', kind: 'throttle' } }] }), { handler: HANDLER }))
      .rejects.toThrow(/^scenario\.steps\[0\]\.fault: .*has no operation DialOut/);
  });

  test('deleteAttendee drops the meeting leg, and a deleteAttendee before joining is reported', async () => {
    const joined = await runScenario(parseScenario({
      ...VALID,
      steps: [{ digits: '123456' }, { deleteAttendee: true }, { wait: 10_000 }],
      expect: { joinedMeeting: 'standup', endReason: 'handler-hangup', promptsInclude: ['The meeting has ended'] },
    }), { handler: HANDLER });
    expect(joined.failures).toEqual([]);

    const early = await runScenario(parseScenario({ ...VALID, steps: [{ deleteAttendee: true }] }), { handler: HANDLER });
    expect(early.failures).toEqual(['scenario.steps[0]: the call is not in a meeting, so there is no attendee to delete']);
  });
});
