import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CALLER, DIAL_IN_NUMBER } from './helpers';
import { HandlerLoadError, loadHandler, SmaSimulator } from '../../../src/testing/simulator';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'handler-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.SIM_TEST_GREETING;
});

/** A tiny CommonJS handler that greets with its load-time environment and counts its own invocations. */
function writeHandler(directory: string, file = 'index.js'): string {
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'greeting.js'), 'module.exports = process.env.SIM_TEST_GREETING || "hello";\n');
  writeFileSync(path.join(directory, file), `
    'use strict';
    const greeting = require('./greeting');
    let invocations = 0;
    exports.handler = async (event) => {
      invocations += 1;
      const legA = event.CallDetails.Participants.find((leg) => leg.ParticipantTag === 'LEG-A');
      return event.InvocationEventType === 'NEW_INBOUND_CALL'
        ? { SchemaVersion: '1.0', Actions: [{ Type: 'Speak', Parameters: { CallId: legA.CallId, Text: greeting + ' #' + invocations } }] }
        : { SchemaVersion: '1.0', Actions: [] };
    };
  `);
  return directory;
}

describe('loadHandler', () => {
  test('loads the handler of a bundled asset directory (index.js), with env set for the load and restored afterwards', async () => {
    const assetDir = writeHandler(path.join(dir, 'meeting-join.lambda'));
    process.env.SIM_TEST_GREETING = 'before';

    const sim = new SmaSimulator({ handler: assetDir, env: { SIM_TEST_GREETING: 'bonjour' } });
    expect(process.env.SIM_TEST_GREETING).toBe('before');

    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(call.prompts).toEqual(['bonjour #1']);
  });

  test('every simulator gets a fresh module instance: state is not shared', async () => {
    const assetDir = writeHandler(path.join(dir, 'asset'));
    const first = new SmaSimulator({ handler: assetDir });
    await first.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    const again = await first.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(again.prompts).toEqual(['hello #2']);

    const second = new SmaSimulator({ handler: assetDir, env: { SIM_TEST_GREETING: 'hi' } });
    const fresh = await second.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    expect(fresh.prompts).toEqual(['hi #1']);
  });

  test('a .js file works as well as a directory', () => {
    writeHandler(dir, 'handler.js');
    expect(loadHandler(path.join(dir, 'handler.js'))).toEqual(expect.any(Function));
  });

  test('clear errors: no such path, no index.js, no handler export, a module that throws while loading', () => {
    expect(() => loadHandler(path.join(dir, 'missing'))).toThrow(/does not exist: give a directory containing index.js, or a .js file/);
    expect(() => loadHandler(dir)).toThrow(new HandlerLoadError(`handler directory ${dir} has no index.js`));
    writeFileSync(path.join(dir, 'index.js'), 'exports.main = () => ({});');
    expect(() => loadHandler(dir)).toThrow(`handler ${path.join(dir, 'index.js')} does not export a function named "handler"`);
    writeFileSync(path.join(dir, 'index.js'), 'throw new Error("configuration missing");');
    expect(() => loadHandler(dir)).toThrow(/failed to load: configuration missing/);
  });
});
