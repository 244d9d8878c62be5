import { describeCaller, describeEvent, describeResponse, describeState, formatTime, maskSecrets, secretsOf } from './describe-entry';
import type { TranscriptEntry, TranscriptJson } from './transcript';

type Participant = 'Caller' | 'SMA' | 'Handler' | 'Meeting';

/**
 * A Mermaid `sequenceDiagram` of a call: Caller, SMA, Handler and Meeting participants, one
 * message per event, response and caller action, and notes for state changes and violations.
 * Join tokens are replaced by `****`; characters Mermaid reads as syntax (`;`, `#`, `<`, `>`) are
 * written as Mermaid entity codes.
 */
export function renderMermaid(transcript: TranscriptJson): string {
  const secrets = secretsOf(transcript);
  const lines = [
    'sequenceDiagram',
    '    participant Caller',
    '    participant SMA',
    '    participant Handler',
    '    participant Meeting',
    `    Note over Caller,Handler: ${escape(maskSecrets(`call ${transcript.transactionId} ${transcript.direction} ${transcript.from} to ${transcript.to}`, secrets))}`,
  ];
  for (const entry of transcript.entries) {
    const line = diagramLine(entry);
    if (line) {
      lines.push(`    ${line.head}: ${escape(maskSecrets(`${formatTime(entry.t)} ${line.text}`, secrets))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function diagramLine(entry: TranscriptEntry): { head: string; text: string } | undefined {
  switch (entry.kind) {
    case 'invoke':
      return arrow('SMA', 'Handler', describeEvent(entry.event, entry.attempt, 'seq '));
    case 'response':
      return { head: 'Handler-->>SMA', text: describeResponse(entry.response, entry.ignored) };
    case 'caller':
      return entry.action === 'meeting-ended' || entry.action === 'attendee-deleted'
        ? arrow('Meeting', 'SMA', describeCaller(entry))
        : arrow('Caller', 'SMA', describeCaller(entry));
    case 'violation':
      return { head: 'Note over SMA,Handler', text: `violation ${entry.section} ${entry.rule}: ${entry.message}` };
    case 'state':
      if (entry.change === 'prompt') {
        return arrow('SMA', 'Caller', describeState(entry));
      }
      if (entry.change === 'joined' || entry.change === 'left-meeting' || (entry.change === 'leg' && entry.leg === 'LEG-B')) {
        return arrow('SMA', 'Meeting', describeState(entry));
      }
      if (entry.change === 'action-started' || entry.change === 'action-succeeded') {
        return undefined; // the responses and events already show them; the diagram stays readable
      }
      return { head: 'Note over SMA', text: describeState(entry) };
  }
}

function arrow(from: Participant, to: Participant, text: string): { head: string; text: string } {
  return { head: `${from}->>${to}`, text };
}

/** Mermaid entity codes for the characters that end a statement or start an entity. */
function escape(text: string): string {
  return text.replace(/[#;<>\n]/g, (character) => character === '\n' ? ' ' : `#${character.charCodeAt(0)};`);
}
