import { readFileSync } from 'node:fs';
import type { FaultKind } from '../fakes';
import type { CallEndReason, CallStatus } from './call-engine';
import { resolveSimulatorSettings } from './settings';
import type { SimulatorSettingsOverrides } from './settings';

/**
 * A scripted call, as a JSON file (documented in `docs/simulator-scenarios.md`). Exactly one of
 * `caller` + `number` (an inbound call) or `outbound` (CreateSipMediaApplicationCall) says how the
 * call starts; `steps` say what happens next, in order; `expect` says how it must turn out.
 * @example
 * {
 *   "name": "dial in with a PIN",
 *   "seed": 7,
 *   "handler": "../assets/handler/meeting-join.lambda",
 *   "caller": { "from": "+15105550101" },
 *   "number": { "to": "+12065550100" },
 *   "meetings": [{ "alias": "standup", "pin": "123456" }],
 *   "steps": [{ "wait": 2000 }, { "digits": "123456#" }, { "wait": 1000 }, { "endMeeting": "standup" }, { "wait": 5000 }],
 *   "expect": { "joinedMeeting": "standup", "endReason": "handler-hangup", "violations": 0 }
 * }
 */
export interface SimulationScenario {
  /** A name for reports. */
  readonly name?: string;
  /** What the scenario shows. */
  readonly description?: string;
  /** The seed of every ID (simulator and fakes). Default 1. */
  readonly seed?: number | string;
  /** The handler: a directory with `index.js` or a `.js` file, relative to the scenario file. `--handler` overrides it. */
  readonly handler?: string;
  /** Environment variables for the handler, set for the whole run. */
  readonly env?: Readonly<Record<string, string>>;
  /** Simulator settings to change (see `SimulatorSettings`). */
  readonly settings?: SimulatorSettingsOverrides;
  /** Inbound: who calls. */
  readonly caller?: { readonly from: string };
  /** Inbound: the number dialled. */
  readonly number?: { readonly to: string };
  /** Outbound: the call CreateSipMediaApplicationCall places. */
  readonly outbound?: ScenarioOutboundCall;
  /** Meetings to create in the fake Meetings service before the call, with their PINs. */
  readonly meetings?: readonly ScenarioMeeting[];
  /** What happens, in order. */
  readonly steps: readonly ScenarioStep[];
  /** How the call must turn out. */
  readonly expect?: ScenarioExpectations;
}

/** An outbound call of a scenario. */
export interface ScenarioOutboundCall {
  /** The SMA's number (E.164); the runner adds it to the fake Voice inventory. */
  readonly from: string;
  /** The callee (E.164). */
  readonly to: string;
  /** ArgumentsMap (0 to 20 string pairs); a value `"@alias"` is replaced by that meeting's MeetingId. */
  readonly arguments?: Readonly<Record<string, string>>;
}

/** A meeting a scenario creates. */
export interface ScenarioMeeting {
  /** The name steps and expectations use for it. */
  readonly alias: string;
  /** Its ExternalMeetingId (2 to 64 characters). Default: the alias (padded to 2 characters). */
  readonly externalMeetingId?: string;
  /** A PIN (digits) to register in the meeting directory for it. */
  readonly pin?: string;
}

/** A fault to inject into a fake service from this point of the call on. */
export interface ScenarioFault {
  /** `meetings` or `voice`. */
  readonly service: 'meetings' | 'voice';
  /** The operation, e.g. `CreateAttendee`. */
  readonly operation: string;
  /** `throttle`, `server-error`, `unavailable`, `latency` or `error`. */
  readonly kind: FaultKind;
  /** How many requests it hits (default: all). */
  readonly times?: number;
  /** `latency`: virtual milliseconds the answer is held. */
  readonly latencyMs?: number;
  /** `error`: the exception name the operation declares. */
  readonly errorType?: string;
}

/**
 * One step; each object has exactly one of these keys:
 * - `digits`: the caller presses these keys (`0-9 * #`);
 * - `wait`: virtual milliseconds pass;
 * - `hangup`: `true`, the caller hangs up;
 * - `endMeeting`: the meeting with this alias ends (as if deleted);
 * - `deleteAttendee`: `true`, the caller's attendee is deleted from its meeting;
 * - `update`: UpdateSipMediaApplicationCall with these arguments;
 * - `fault`: inject a {@link ScenarioFault};
 * - `answer` (`true`), `reject` (486 or 480) or `noAnswer` (`true`): the callee of an outbound call.
 */
export type ScenarioStep =
  | { readonly digits: string }
  | { readonly wait: number }
  | { readonly hangup: true }
  | { readonly endMeeting: string }
  | { readonly deleteAttendee: true }
  | { readonly update: Readonly<Record<string, string>> }
  | { readonly fault: ScenarioFault }
  | { readonly answer: true }
  | { readonly reject: 480 | 486 }
  | { readonly noAnswer: true };

/** How the call must turn out; every field given is checked after the last step. */
export interface ScenarioExpectations {
  /** The call's status at the end. */
  readonly status?: CallStatus;
  /** Why the call ended. */
  readonly endReason?: CallEndReason;
  /** The alias of the meeting the call joined. */
  readonly joinedMeeting?: string;
  /** Texts (or `s3://` keys) the caller must have heard; each matches a prompt that contains it. */
  readonly promptsInclude?: readonly string[];
  /** How many violations the handler may commit (usually 0). */
  readonly violations?: number;
  /** Whether the caller ends muted. */
  readonly muted?: boolean;
}

/** A scenario file that does not follow the format; `path` names the field, e.g. `scenario.steps[2].digits`. */
export class ScenarioError extends Error {
  /**
   * @param path where the problem is
   * @param problem what is wrong and how to fix it
   */
  constructor(public readonly path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

const STEP_KEYS = ['digits', 'wait', 'hangup', 'endMeeting', 'deleteAttendee', 'update', 'fault', 'answer', 'reject', 'noAnswer'] as const;
const OUTBOUND_STEPS: ReadonlySet<string> = new Set(['answer', 'reject', 'noAnswer']);
const TOP_KEYS = ['$schema', 'name', 'description', 'seed', 'handler', 'env', 'settings', 'caller', 'number', 'outbound', 'meetings', 'steps', 'expect'];
const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'unavailable', 'latency', 'error'];
const END_REASONS: readonly CallEndReason[] = [
  'caller-hangup', 'handler-hangup', 'rejected', 'unanswered-timeout', 'busy', 'no-answer', 'far-end-hangup', 'lambda-error', 'lambda-timeout', 'invocation-limit',
];
const STATUSES: readonly CallStatus[] = ['ringing', 'connected', 'ended'];
const E164 = /^\+[1-9]\d{1,14}$/;
const DTMF = /^[0-9*#]+$/;

/** Reads and checks a scenario file. @throws ScenarioError naming the field */
export function loadScenarioFile(file: string): SimulationScenario {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError('scenario', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new ScenarioError('scenario', `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseScenario(value);
}

/**
 * Checks a scenario (parsed JSON) and returns it typed. Every problem names its JSON path, e.g.
 * `scenario.steps[2].digits: "12a" is invalid: use 0-9, * and #`.
 * @throws ScenarioError at the first problem found
 */
export function parseScenario(value: unknown): SimulationScenario {
  const scenario = object(value, 'scenario');
  onlyKeys(scenario, 'scenario', TOP_KEYS);
  optional(scenario, 'name', 'scenario', text);
  optional(scenario, 'description', 'scenario', text);
  optional(scenario, 'seed', 'scenario', (seed, at) => typeof seed === 'string' || Number.isFinite(seed) ? seed : fail(at, seed, 'must be a number or a string'));
  optional(scenario, 'handler', 'scenario', text);
  optional(scenario, 'env', 'scenario', stringMap);
  if (scenario.settings !== undefined) {
    object(scenario.settings, 'scenario.settings');
    try {
      resolveSimulatorSettings(scenario.settings as SimulatorSettingsOverrides);
    } catch (error) {
      throw new ScenarioError('scenario.settings', error instanceof Error ? error.message : String(error));
    }
  }
  const inbound = scenario.caller !== undefined || scenario.number !== undefined;
  const outbound = scenario.outbound !== undefined;
  if (inbound === outbound) {
    throw new ScenarioError('scenario', outbound
      ? 'give either caller and number (an inbound call) or outbound (a dial-out), not both'
      : 'says nothing about the call: give caller and number (an inbound call) or outbound (a dial-out)');
  }
  if (inbound) {
    e164(object(scenario.caller, 'scenario.caller').from, 'scenario.caller.from');
    e164(object(scenario.number, 'scenario.number').to, 'scenario.number.to');
    onlyKeys(scenario.caller as Record<string, unknown>, 'scenario.caller', ['from']);
    onlyKeys(scenario.number as Record<string, unknown>, 'scenario.number', ['to']);
  } else {
    const call = object(scenario.outbound, 'scenario.outbound');
    onlyKeys(call, 'scenario.outbound', ['from', 'to', 'arguments']);
    e164(call.from, 'scenario.outbound.from');
    e164(call.to, 'scenario.outbound.to');
    optional(call, 'arguments', 'scenario.outbound', stringMap);
  }
  const aliases = checkMeetings(scenario.meetings);
  checkSteps(scenario.steps, aliases, outbound);
  checkExpectations(scenario.expect, aliases);
  return scenario as unknown as SimulationScenario;
}

function checkMeetings(value: unknown): Set<string> {
  const aliases = new Set<string>();
  const pins = new Set<string>();
  if (value === undefined) {
    return aliases;
  }
  array(value, 'scenario.meetings').forEach((item, index) => {
    const at = `scenario.meetings[${index}]`;
    const meeting = object(item, at);
    onlyKeys(meeting, at, ['alias', 'externalMeetingId', 'pin']);
    const alias = text(meeting.alias, `${at}.alias`);
    if (aliases.has(alias)) {
      fail(`${at}.alias`, alias, 'is used twice: aliases must be unique');
    }
    aliases.add(alias);
    optional(meeting, 'externalMeetingId', at, (id, path) => typeof id === 'string' && id.length >= 2 && id.length <= 64 ? id : fail(path, id, 'must be 2 to 64 characters'));
    optional(meeting, 'pin', at, (pin, path) => {
      if (typeof pin !== 'string' || !/^\d{1,32}$/.test(pin)) {
        return fail(path, pin, 'must be a string of digits');
      }
      if (pins.has(pin)) {
        return fail(path, pin, 'is used by another meeting');
      }
      pins.add(pin);
      return pin;
    });
  });
  return aliases;
}

function checkSteps(value: unknown, aliases: ReadonlySet<string>, outbound: boolean): void {
  array(value, 'scenario.steps').forEach((item, index) => {
    const at = `scenario.steps[${index}]`;
    const step = object(item, at);
    const keys = Object.keys(step);
    if (keys.length !== 1 || !(STEP_KEYS as readonly string[]).includes(keys[0])) {
      throw new ScenarioError(at, `must have exactly one of ${STEP_KEYS.join(', ')}; has ${keys.length === 0 ? 'none' : keys.join(', ')}`);
    }
    const [key] = keys;
    const path = `${at}.${key}`;
    const argument = step[key];
    if (OUTBOUND_STEPS.has(key) && !outbound) {
      throw new ScenarioError(path, 'only an outbound call can be answered, rejected or left unanswered');
    }
    switch (key) {
      case 'digits':
        if (typeof argument !== 'string' || !DTMF.test(argument)) {
          fail(path, argument, 'use 0-9, * and #');
        }
        break;
      case 'wait':
        if (!Number.isInteger(argument) || (argument as number) < 0) {
          fail(path, argument, 'must be a whole number of milliseconds, 0 or more');
        }
        break;
      case 'hangup':
      case 'deleteAttendee':
      case 'answer':
      case 'noAnswer':
        if (argument !== true) {
          fail(path, argument, 'must be true');
        }
        break;
      case 'endMeeting':
        if (typeof argument !== 'string' || !aliases.has(argument)) {
          fail(path, argument, `must be the alias of a meeting in scenario.meetings (${[...aliases].join(', ') || 'none'})`);
        }
        break;
      case 'update':
        stringMap(argument, path);
        break;
      case 'reject':
        if (argument !== 480 && argument !== 486) {
          fail(path, argument, 'must be 486 (busy) or 480 (unavailable)');
        }
        break;
      default:
        checkFault(argument, path);
    }
  });
}

function checkFault(value: unknown, at: string): void {
  const fault = object(value, at);
  onlyKeys(fault, at, ['service', 'operation', 'kind', 'times', 'latencyMs', 'errorType']);
  if (fault.service !== 'meetings' && fault.service !== 'voice') {
    fail(`${at}.service`, fault.service, 'must be "meetings" or "voice"');
  }
  text(fault.operation, `${at}.operation`);
  if (!FAULT_KINDS.includes(fault.kind as FaultKind)) {
    fail(`${at}.kind`, fault.kind, `must be ${FAULT_KINDS.map((kind) => `"${kind}"`).join(', ')}`);
  }
  optional(fault, 'times', at, (times, path) => Number.isInteger(times) && (times as number) >= 1 ? times : fail(path, times, 'must be a whole number of at least 1'));
  optional(fault, 'latencyMs', at, (ms, path) => Number.isInteger(ms) && (ms as number) >= 0 ? ms : fail(path, ms, 'must be a whole number of milliseconds'));
  optional(fault, 'errorType', at, text);
  if (fault.kind === 'latency' && fault.latencyMs === undefined) {
    throw new ScenarioError(`${at}.latencyMs`, 'is missing: a latency fault needs latencyMs');
  }
  if (fault.kind === 'error' && fault.errorType === undefined) {
    throw new ScenarioError(`${at}.errorType`, 'is missing: an error fault needs errorType');
  }
}

function checkExpectations(value: unknown, aliases: ReadonlySet<string>): void {
  if (value === undefined) {
    return;
  }
  const at = 'scenario.expect';
  const expectations = object(value, at);
  onlyKeys(expectations, at, ['status', 'endReason', 'joinedMeeting', 'promptsInclude', 'violations', 'muted']);
  optional(expectations, 'status', at, (status, path) => STATUSES.includes(status as CallStatus) ? status : fail(path, status, `must be ${STATUSES.join(', ')}`));
  optional(expectations, 'endReason', at, (reason, path) => END_REASONS.includes(reason as CallEndReason) ? reason : fail(path, reason, `must be one of ${END_REASONS.join(', ')}`));
  optional(expectations, 'joinedMeeting', at, (alias, path) => typeof alias === 'string' && aliases.has(alias) ? alias : fail(path, alias, 'must be the alias of a meeting in scenario.meetings'));
  optional(expectations, 'promptsInclude', at, (prompts, path) => array(prompts, path).map((prompt, index) => text(prompt, `${path}[${index}]`)));
  optional(expectations, 'violations', at, (count, path) => Number.isInteger(count) && (count as number) >= 0 ? count : fail(path, count, 'must be a whole number'));
  optional(expectations, 'muted', at, (muted, path) => typeof muted === 'boolean' ? muted : fail(path, muted, 'must be true or false'));
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(at, value, 'must be an object');
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, at: string): unknown[] {
  return Array.isArray(value) ? value : fail(at, value, 'must be an array');
}

function text(value: unknown, at: string): string {
  return typeof value === 'string' && value !== '' ? value : fail(at, value, 'must be a non-empty string');
}

function stringMap(value: unknown, at: string): Record<string, string> {
  const map = object(value, at);
  for (const [key, item] of Object.entries(map)) {
    if (typeof item !== 'string') {
      fail(`${at}.${key}`, item, 'must be a string');
    }
  }
  return map as Record<string, string>;
}

function e164(value: unknown, at: string): string {
  return typeof value === 'string' && E164.test(value) ? value : fail(at, value, 'must be an E.164 number such as +12065550100');
}

function onlyKeys(record: Record<string, unknown>, at: string, allowed: readonly string[]): void {
  const unknown = Object.keys(record).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new ScenarioError(`${at}.${unknown}`, `is not a known field; known: ${allowed.join(', ')}`);
  }
}

function optional(record: Record<string, unknown>, key: string, at: string, check: (value: unknown, path: string) => unknown): void {
  if (record[key] !== undefined) {
    check(record[key], `${at}.${key}`);
  }
}

function fail(at: string, value: unknown, rule: string): never {
  throw new ScenarioError(at, value === undefined ? `is missing: ${rule}` : `${JSON.stringify(value)} is invalid: ${rule}`);
}
