import * as path from 'node:path';
import { CALLER, createMeeting, DIAL_IN_NUMBER, dialInHandler, PIN, startFakes } from './helpers';
import { parseScenario, runScenario, SmaSimulator } from '../../../src/testing/simulator';
import type { SimulationScenario } from '../../../src/testing/simulator';

const HANDLER = path.join(__dirname, '..', '..', 'fixtures', 'simulator', 'dial-in-handler');

const SCENARIO: SimulationScenario = parseScenario({
  seed: 42,
  caller: { from: CALLER },
  number: { to: DIAL_IN_NUMBER },
  meetings: [{ alias: 'standup', pin: PIN }, { alias: 'other', pin: '654321' }],
  steps: [
    { wait: 1500 },
    { digits: '12' },
    { wait: 12_000 },
    { fault: { service: 'meetings', operation: 'CreateAttendee', kind: 'latency', latencyMs: 6_000, times: 1 } },
    { digits: `${PIN}` },
    { update: { action: 'mute' } },
    { wait: 30_000 },
    { endMeeting: 'standup' },
    { wait: 10_000 },
  ],
});

async function transcriptOf(scenario: SimulationScenario): Promise<{ json: string; text: string; mermaid: string }> {
  const { call } = await runScenario(scenario, { handler: HANDLER });
  return { json: JSON.stringify(call.transcript.toJSON()), text: call.transcript.toText(), mermaid: call.transcript.toMermaid() };
}

describe('determinism', () => {
  test('the same scenario and seed give the same transcript, byte for byte (JSON, text and Mermaid)', async () => {
    const first = await transcriptOf(SCENARIO);
    const second = await transcriptOf(SCENARIO);
    expect(second.json).toBe(first.json);
    expect(second.text).toBe(first.text);
    expect(second.mermaid).toBe(first.mermaid);
    // The scenario went through a retry, a mute and a meeting end: the transcript is not trivial.
    expect(first.text).toContain('(retry, attempt 2)');
    expect(first.text).toContain('CALL_UPDATE_REQUESTED');
    expect(first.text).toContain('HANGUP #');
  });

  test('another seed gives other IDs', async () => {
    const first = await transcriptOf(SCENARIO);
    const other = await transcriptOf({ ...SCENARIO, seed: 43 });
    expect(other.json).not.toBe(first.json);
    expect(JSON.parse(other.json).transactionId).not.toBe(JSON.parse(first.json).transactionId);
  });

  test('driving the simulator directly with an in-process handler is deterministic too', async () => {
    const run = async () => {
      const fakes = await startFakes(5);
      try {
        const directory = new Map<string, string>();
        createMeeting(fakes.meetings, directory);
        const handler = dialInHandler(fakes.meetingsClient, directory);
        const sim = new SmaSimulator({ handler, meetings: fakes.meetings, voice: fakes.voice, seed: 5 });
        const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
        await call.pressDigits(`${PIN}#`);
        await call.wait(60_000);
        await call.hangUp();
        return JSON.stringify(call.transcript.toJSON()) + call.transcript.toText();
      } finally {
        await fakes.stop();
      }
    };
    expect(await run()).toBe(await run());
  });
});
