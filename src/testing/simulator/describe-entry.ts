import type { SmaEvent } from '../../sma';
import type { JsonValue } from '../fakes';
import type { CallerEntry, StateEntry, TranscriptJson } from './transcript';

// One-line descriptions of transcript entries, shared by the text and Mermaid forms. Responses are
// described as received, so every read is defensive: a wrong handler may return anything.

const MASK = '****';
const SECRET_ARGUMENT = /token/i;

/**
 * The join tokens (and token-like arguments) a transcript contains, so that the readable forms can
 * mask them wherever they appear, even inside an error message.
 * @internal
 */
export function secretsOf(transcript: TranscriptJson): string[] {
  const secrets = new Set<string>();
  const addToken = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 2) {
      secrets.add(value);
    }
  };
  const addArguments = (map: unknown) => {
    for (const [key, value] of Object.entries(asObject(map))) {
      if (SECRET_ARGUMENT.test(key)) {
        addToken(value);
      }
    }
  };
  for (const entry of transcript.entries) {
    if (entry.kind === 'invoke') {
      const data = asObject((entry.event as unknown as Record<string, unknown>).ActionData);
      const parameters = asObject(data.Parameters);
      addToken(parameters.JoinToken);
      addArguments(parameters.Arguments);
    } else if (entry.kind === 'response') {
      for (const action of asArray(asObject(entry.response).Actions)) {
        addToken(asObject(asObject(action).Parameters).JoinToken);
      }
    } else if (entry.kind === 'caller') {
      addArguments(entry.arguments);
    }
  }
  // Longest first, so that a token containing another is masked whole.
  return [...secrets].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every secret replaced by `****`.
 * @internal
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (masked.includes(secret)) {
      masked = masked.split(secret).join(MASK);
    }
  }
  return masked;
}

/**
 * `+1.234s`: virtual seconds since the call started.
 * @internal
 */
export function formatTime(t: number): string {
  return `+${(t / 1000).toFixed(3)}s`;
}

/**
 * An event: type, sequence and what it is about.
 * @internal
 */
export function describeEvent(event: SmaEvent, attempt: number, sequenceMark = '#'): string {
  const record = event as unknown as Record<string, unknown>;
  const type = String(record.InvocationEventType ?? record.InvocationEvent);
  const data = asObject(record.ActionData);
  const parameters = asObject(data.Parameters);
  const parts = [`${type} ${sequenceMark}${String(record.Sequence)}`];
  switch (type) {
    case 'ACTION_SUCCESSFUL':
      parts.push(String(data.Type));
      if (typeof data.ReceivedDigits === 'string' && data.ReceivedDigits !== '') {
        parts.push(`digits ${data.ReceivedDigits}`);
      }
      break;
    case 'ACTION_FAILED':
    case 'ACTION_INTERRUPTED':
      parts.push(String(data.Type));
      if (data.ErrorType !== undefined || data.Error !== undefined) {
        parts.push(`(${String(data.ErrorType ?? data.Error)}${typeof data.ErrorMessage === 'string' ? `: ${data.ErrorMessage}` : ''})`);
      }
      break;
    case 'HANGUP':
      parts.push(`${String(parameters.ParticipantTag ?? '')} SIP ${String(parameters.SipResponseCode ?? '-')}`.trim());
      break;
    case 'DIGITS_RECEIVED':
      parts.push(`digits ${String(data.ReceivedDigits)}`);
      break;
    case 'NEW_OUTBOUND_CALL':
    case 'CALL_UPDATE_REQUESTED':
      parts.push(describeMap(parameters.Arguments));
      break;
    case 'INVALID_LAMBDA_RESPONSE':
      parts.push(`(${String(record.ErrorType ?? data.ErrorType)})`);
      break;
    default:
      break;
  }
  if (attempt > 1) {
    parts.push(`(retry, attempt ${attempt})`);
  }
  return parts.join(' ');
}

/**
 * A response: its actions separated by ` ; `, or what an empty or absent list means.
 * @internal
 */
export function describeResponse(response: JsonValue, ignored: boolean): string {
  const record = asObject(response);
  const actions = record.Actions;
  const text = !isObject(response) ? `invalid response (${response === null ? 'null' : typeof response})`
    : actions === undefined || actions === null ? '(no action list: keep the queued actions)'
      : !Array.isArray(actions) ? 'invalid Actions'
        : actions.length === 0 ? '[] (nothing more)'
          : actions.map(describeAction).join(' ; ');
  const attributes = record.TransactionAttributes === undefined ? '' : ` + TransactionAttributes ${describeMap(record.TransactionAttributes)}`;
  return `${text}${attributes}${ignored ? ' (ignored by the SMA)' : ''}`;
}

/**
 * One action, with the parameter that says most about it.
 * @internal
 */
export function describeAction(action: unknown): string {
  const record = asObject(action);
  const parameters = asObject(record.Parameters);
  const type = typeof record.Type === 'string' ? record.Type : '?';
  switch (type) {
    case 'Speak':
      return `Speak ${quote(parameters.Text)}`;
    case 'SpeakAndGetDigits':
      return `SpeakAndGetDigits ${quote(asObject(parameters.SpeechParameters).Text)}`;
    case 'PlayAudio':
    case 'PlayAudioAndGetDigits':
      return `${type} ${audioKey(parameters.AudioSource)}`;
    case 'Pause':
      return `Pause ${String(parameters.DurationInMilliseconds)}ms`;
    case 'JoinChimeMeeting':
      return `JoinChimeMeeting meeting ${String(parameters.MeetingId ?? '(none)')}${parameters.ParticipantTag ? ` ${String(parameters.ParticipantTag)}` : ''}`;
    case 'Hangup':
      return `Hangup ${String(parameters.ParticipantTag ?? parameters.CallId ?? '(invoking leg)')}`;
    case 'ModifyChimeMeetingAttendees':
      return `ModifyChimeMeetingAttendees ${String(parameters.Operation)} ${asArray(parameters.AttendeeList).length} attendee(s)`;
    case 'CallAndBridge':
      return `CallAndBridge ${String(asObject(asArray(parameters.Endpoints)[0]).Uri)}`;
    case 'ReceiveDigits':
      return `ReceiveDigits /${String(parameters.InputDigitsRegex)}/`;
    default:
      return type;
  }
}

/**
 * A state change.
 * @internal
 */
export function describeState(entry: StateEntry): string {
  switch (entry.change) {
    case 'leg':
      return `${entry.leg} ${entry.status}`;
    case 'action-started':
      return `${entry.action} started${entry.leg ? ` on ${entry.leg}` : ''}`;
    case 'action-succeeded':
      return `${entry.action} done`;
    case 'action-failed':
      return `${entry.action} failed: ${entry.errorType}`;
    case 'action-interrupted':
      return `${entry.action} interrupted`;
    case 'actions-dropped':
      return `${entry.count} queued action(s) dropped`;
    case 'prompt':
      return `caller hears ${quote(entry.text)}`;
    case 'attributes':
      return `TransactionAttributes ${describeMap(entry.attributes)}`;
    case 'joined':
      return `joined meeting ${entry.meetingId} as attendee ${entry.attendeeId}`;
    case 'left-meeting':
      return `left meeting ${entry.meetingId} (${entry.reason})`;
    case 'mute':
      return `${entry.reason} ${entry.count} attendee(s)`;
    case 'silence':
      return 'caller left in silence';
    case 'call-ended':
      return `call ended: ${entry.reason}${entry.sipResponseCode === undefined ? '' : ` (SIP ${entry.sipResponseCode})`}`;
    default:
      return `${entry.change}${entry.reason ? `: ${entry.reason}` : ''}`;
  }
}

/**
 * Something the caller or the outside world did.
 * @internal
 */
export function describeCaller(entry: CallerEntry): string {
  switch (entry.action) {
    case 'dial':
      return `call ${entry.from} → ${entry.to}`;
    case 'digits':
      return `presses ${entry.digits}`;
    case 'hangup':
      return `${entry.leg === 'LEG-B' ? 'far end hangs up' : 'hangs up'}`;
    case 'reject':
      return `rejects (SIP ${entry.sipResponseCode})`;
    case 'update':
      return `UpdateSipMediaApplicationCall ${describeMap(entry.arguments)}`;
    case 'answer':
      return 'callee answers';
    case 'no-answer':
      return 'callee does not answer';
    case 'meeting-ended':
      return 'the meeting ended';
    default:
      return 'the caller\'s attendee was deleted';
  }
}

function describeMap(map: unknown): string {
  const entries = Object.entries(asObject(map));
  return `{${entries.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ')}}`;
}

function audioKey(source: unknown): string {
  const record = asObject(source);
  return `s3://${String(record.BucketName)}/${String(record.Key)}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value) : String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
