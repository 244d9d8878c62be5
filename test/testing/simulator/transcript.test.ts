import { CALLER, createMeeting, DIAL_IN_NUMBER, dialInHandler, Fakes, PIN, simulator, startFakes } from './helpers';
import { renderMermaid, renderText } from '../../../src/testing/simulator';
import type { TranscriptJson } from '../../../src/testing/simulator';

let fakes: Fakes;

beforeEach(async () => {
  fakes = await startFakes();
});

afterEach(async () => {
  await fakes.stop();
});

async function joinedCall() {
  const directory = new Map<string, string>();
  createMeeting(fakes.meetings, directory);
  const sim = simulator(fakes, dialInHandler(fakes.meetingsClient, directory));
  const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
  await call.pressDigits(`${PIN}#`);
  await call.hangUp();
  return call;
}

describe('transcripts', () => {
  test('the JSON form has every event and response as sent and received, each entry stamped with virtual time', async () => {
    const call = await joinedCall();
    const json = call.transcript.toJSON();
    expect(json).toEqual(expect.objectContaining({ transactionId: call.transactionId, direction: 'Inbound', from: CALLER, to: DIAL_IN_NUMBER, startTime: '2025-01-01T00:00:00.000Z' }));
    expect(new Set(json.entries.map((entry) => entry.kind))).toEqual(new Set(['caller', 'invoke', 'response', 'state']));
    const join = json.entries.find((entry) => entry.kind === 'response' && JSON.stringify(entry.response).includes('JoinChimeMeeting'));
    expect(JSON.stringify(join)).toMatch(/"JoinToken":"[A-Za-z0-9+/]{120}"/);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  test('the text and Mermaid forms never show a join token', async () => {
    const call = await joinedCall();
    const token = /"JoinToken":"([^"]+)"/.exec(JSON.stringify(call.transcript.toJSON()))![1];
    const text = call.transcript.toText();
    const mermaid = call.transcript.toMermaid();
    expect(text).not.toContain(token);
    expect(mermaid).not.toContain(token);
    expect(text.split('\n')).toContain('+0.000s → NEW_INBOUND_CALL #1');
    expect(text).toContain('← SpeakAndGetDigits "Please enter your meeting PIN, then press pound."');
    expect(text).toContain('☎ presses 123456#');
    expect(text).toContain('· LEG-B Connected');
    expect(text).toContain('← [] (nothing more) (ignored by the SMA)');
  });

  test('a token that shows up anywhere, even in an error message, is masked in the readable forms', () => {
    const secret = 'c2VjcmV0LWpvaW4tdG9rZW4tdmFsdWU';
    const transcript: TranscriptJson = {
      transactionId: 't',
      direction: 'Inbound',
      from: CALLER,
      to: DIAL_IN_NUMBER,
      startTime: '2025-01-01T00:00:00.000Z',
      entries: [
        { t: 0, kind: 'response', sequence: 1, attempt: 1, ignored: false, tookMs: 0, response: { SchemaVersion: '1.0', Actions: [{ Type: 'JoinChimeMeeting', Parameters: { JoinToken: secret } }] } },
        { t: 0, kind: 'violation', rule: 'join-chime-meeting', section: '§7.1', message: `bad token ${secret}` },
        { t: 0, kind: 'caller', action: 'update', arguments: { joinToken: `${secret}-2`, action: 'mute' } },
      ],
    };
    for (const rendered of [renderText(transcript), renderMermaid(transcript)]) {
      expect(rendered).not.toContain(secret);
      expect(rendered).toContain('bad token ****');
      expect(rendered).toContain('action=mute');
    }
  });

  test('Mermaid: a sequence diagram whose messages cannot break its syntax', () => {
    const transcript: TranscriptJson = {
      transactionId: 't',
      direction: 'Inbound',
      from: CALLER,
      to: DIAL_IN_NUMBER,
      startTime: '2025-01-01T00:00:00.000Z',
      entries: [
        { t: 1234, kind: 'caller', action: 'digits', digits: '12#*' },
        { t: 1234, kind: 'state', change: 'prompt', text: 'Press 1; then <pound>' },
      ],
    };
    const lines = renderMermaid(transcript).trimEnd().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    expect(lines.slice(-2)).toEqual([
      '    Caller->>SMA: +1.234s presses 12#35;*',
      '    SMA->>Caller: +1.234s caller hears "Press 1#59; then #60;pound#62;"',
    ]);
  });
});
