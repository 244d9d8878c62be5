import { describeCaller, describeEvent, describeResponse, describeState, formatTime, maskSecrets, secretsOf } from './describe-entry';
import type { TranscriptEntry, TranscriptJson } from './transcript';

/**
 * The readable form of a transcript: a header, then one line per entry, e.g.
 *
 * ```text
 * call 3c1e… Inbound +15105550101 → +12065550100 at 2025-01-01T00:00:00.000Z
 * +0.000s ☎ call +15105550101 → +12065550100
 * +0.000s → NEW_INBOUND_CALL #1
 * +0.000s ← SpeakAndGetDigits "Please enter your meeting PIN"
 * +0.000s ✗ §2 max-actions: ...
 * ```
 *
 * `→` is an event sent to the handler, `←` its response, `·` a state change, `☎` something the caller
 * or the outside world did, `✗` a violation. Join tokens are replaced by `****`.
 */
export function renderText(transcript: TranscriptJson): string {
  const secrets = secretsOf(transcript);
  const header = `call ${transcript.transactionId} ${transcript.direction} ${transcript.from} → ${transcript.to} at ${transcript.startTime}`;
  const lines = [header, ...transcript.entries.map((entry) => `${formatTime(entry.t)} ${describeLine(entry)}`)];
  return `${maskSecrets(lines.join('\n'), secrets)}\n`;
}

function describeLine(entry: TranscriptEntry): string {
  switch (entry.kind) {
    case 'invoke':
      return `→ ${describeEvent(entry.event, entry.attempt)}`;
    case 'response':
      return `← ${describeResponse(entry.response, entry.ignored)}${entry.tookMs > 0 ? ` [took ${entry.tookMs}ms]` : ''}`;
    case 'state':
      return `· ${describeState(entry)}`;
    case 'violation':
      return `✗ ${entry.section} ${entry.rule}: ${entry.message}`;
    case 'caller':
      return `☎ ${describeCaller(entry)}`;
  }
}
