import * as path from 'node:path';
import { directoryItem } from '../../dial-in/meeting-directory';
import { HANDLER_CONFIG_VARIABLE } from '../../private/handler-environment';
import { FakeMeetingsService, FakeVoiceService, SeededIds, VirtualClock } from '../fakes';
import type { FaultSpec } from '../fakes';
import { withEnvironmentAsync } from './environment';
import { loadHandler } from './handler-loader';
import type { SmaHandlerFunction } from './handler-loader';
import { LocalDirectoryTable } from './local-directory-table';
import { ScenarioError } from './scenario';
import type { ScenarioExpectations, ScenarioStep, SimulationScenario } from './scenario';
import type { SimulatedCall } from './simulated-call';
import { SmaSimulator } from './sma-simulator';

/** A meeting the runner created for a scenario. */
export interface ScenarioMeetingRecord {
  /** The scenario's name for it. */
  readonly alias: string;
  /** Its MeetingId in the fake Meetings service. */
  readonly meetingId: string;
  /** Its ExternalMeetingId. */
  readonly externalMeetingId: string;
}

/**
 * Where the runner registers the scenario's meeting PINs, for handlers that look meetings up by PIN.
 * Plug in the directory your handler reads (a DynamoDB table, say); the default is an
 * {@link InMemoryPinDirectory}, which the handler reads from the `SIMULATOR_PIN_DIRECTORY` variable.
 */
export interface PinDirectory {
  /** Makes `pin` lead to `meeting`. */
  registerPin(pin: string, meeting: ScenarioMeetingRecord): void | Promise<void>;
  /** Environment variables that tell the handler where the directory is; set for the whole run. */
  environment?(): Readonly<Record<string, string>>;
}

/**
 * The default PIN directory: a map, given to the handler as JSON in the environment variable
 * `SIMULATOR_PIN_DIRECTORY`: `{ "<pin>": { "alias", "meetingId", "externalMeetingId" } }`.
 */
export class InMemoryPinDirectory implements PinDirectory {
  private readonly entries = new Map<string, ScenarioMeetingRecord>();

  /** @inheritdoc */
  public registerPin(pin: string, meeting: ScenarioMeetingRecord): void {
    this.entries.set(pin, { ...meeting });
  }

  /** The meeting of a PIN. */
  public lookup(pin: string): ScenarioMeetingRecord | undefined {
    return this.entries.get(pin);
  }

  /** @inheritdoc */
  public environment(): Readonly<Record<string, string>> {
    return { SIMULATOR_PIN_DIRECTORY: JSON.stringify(Object.fromEntries(this.entries)) };
  }
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** The handler, overriding `scenario.handler`: a function or a path (relative to the working directory). */
  readonly handler?: SmaHandlerFunction | string;
  /** The directory `scenario.handler` is relative to (the scenario file's directory). Default: the working directory. */
  readonly baseDir?: string;
  /** Where PINs are registered. Default: a new {@link InMemoryPinDirectory}. */
  readonly directory?: PinDirectory;
}

/** How a scenario went. */
export interface ScenarioResult {
  /** Whether every expectation held. */
  readonly passed: boolean;
  /** The expectations that did not hold (or why the steps could not all run), one sentence each. */
  readonly failures: readonly string[];
  /** The call, with its transcript. */
  readonly call: SimulatedCall;
  /** The meetings created, by alias. */
  readonly meetings: Readonly<Record<string, ScenarioMeetingRecord>>;
}

/**
 * Runs a checked scenario: starts the fake Meetings and Voice services on 127.0.0.1 (one virtual
 * clock, the scenario's seed), creates its meetings and registers their PINs, loads the handler with
 * the environment below, places the call, plays the steps and checks the expectations; then stops
 * the fakes and restores the environment.
 *
 * The handler's environment, set for the whole run: `AWS_REGION`, dummy `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY`, `SIMULATOR_MEETINGS_ENDPOINT` and `SIMULATOR_VOICE_ENDPOINT` (point the SDK
 * clients' `endpoint` there), `SIMULATOR_SIP_MEDIA_APPLICATION_ID`, `CDK_CHIME_DIALIN_CONFIG`, the directory's
 * variables (`SIMULATOR_PIN_DIRECTORY` by default), then `scenario.env`.
 *
 * `CDK_CHIME_DIALIN_CONFIG` is the configuration `MeetingDialIn` gives its bundled handler, pointed
 * at the fake Meetings service and at a local meeting directory table ({@link LocalDirectoryTable})
 * that holds the scenario's PINs: the bundled handler runs from the scenario file alone. Settings
 * given in `scenario.env.CDK_CHIME_DIALIN_CONFIG` (e.g. `{"pinLength":8}`) are kept; the endpoints
 * and the table name are always the local ones, the meetings region unless given.
 * @throws ScenarioError for a problem of the scenario found while running (an unknown fault operation, a missing handler)
 */
export async function runScenario(scenario: SimulationScenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const handler = options.handler ?? (scenario.handler === undefined ? undefined : path.resolve(options.baseDir ?? '.', scenario.handler));
  if (handler === undefined) {
    throw new ScenarioError('scenario.handler', 'is missing: give the handler in the scenario or with --handler');
  }
  const seed = scenario.seed ?? 1;
  const clock = new VirtualClock();
  const meetings = new FakeMeetingsService({ clock, seed });
  const voice = new FakeVoiceService({ clock, seed });
  const directory = options.directory ?? new InMemoryPinDirectory();
  const sipMediaApplicationId = new SeededIds(seed).stream('scenario-sip-media-application').uuid();
  const table = new LocalDirectoryTable();
  let simulator: SmaSimulator | undefined;
  try {
    const [meetingsEndpoint, voiceEndpoint, directoryEndpoint] = await Promise.all([meetings.start(), voice.start(), table.start()]);
    const records: Record<string, ScenarioMeetingRecord> = {};
    for (const meeting of scenario.meetings ?? []) {
      const externalMeetingId = meeting.externalMeetingId ?? meeting.alias.padEnd(2, '-');
      const created = meetings.createMeeting({ externalMeetingId });
      records[meeting.alias] = { alias: meeting.alias, meetingId: created.meetingId, externalMeetingId };
      if (meeting.pin !== undefined) {
        await directory.registerPin(meeting.pin, records[meeting.alias]);
        // The bundled handler compares expiresAt with the system clock: a day from now, in its terms.
        table.put(directoryItem(meeting.pin, { meetingId: created.meetingId, expiresAt: Math.floor(Date.now() / 1000) + 86_400 }));
      }
    }
    const env: Record<string, string> = {
      AWS_REGION: meetings.region,
      AWS_ACCESS_KEY_ID: 'SIMULATOR',
      AWS_SECRET_ACCESS_KEY: 'SIMULATOR',
      SIMULATOR_MEETINGS_ENDPOINT: meetingsEndpoint,
      SIMULATOR_VOICE_ENDPOINT: voiceEndpoint,
      SIMULATOR_SIP_MEDIA_APPLICATION_ID: sipMediaApplicationId,
      ...directory.environment?.(),
      ...scenario.env,
      [HANDLER_CONFIG_VARIABLE]: JSON.stringify(bundledHandlerConfig(scenario.env?.[HANDLER_CONFIG_VARIABLE], {
        directoryTableName: table.tableName,
        meetingsEndpoint,
        dynamoDbEndpoint: directoryEndpoint,
        meetingsRegion: meetings.region,
      })),
    };
    return await withEnvironmentAsync(env, async () => {
      const loaded = typeof handler === 'string' ? loadHandler(handler) : handler;
      simulator = new SmaSimulator({ handler: loaded, meetings, voice, clock, seed, settings: scenario.settings, sipMediaApplicationId });
      const call = await placeCall(scenario, simulator, records);
      const failures = await playSteps(scenario.steps, call, simulator, records);
      failures.push(...checkExpectations(scenario.expect, call, records));
      return { passed: failures.length === 0, failures, call, meetings: records };
    });
  } finally {
    simulator?.dispose();
    await Promise.all([meetings.stop(), voice.stop(), table.stop()]);
  }
}

/** The bundled handler's configuration: the scenario's settings, on the local endpoints and table. */
function bundledHandlerConfig(given: string | undefined, local: Readonly<Record<string, string>>): Record<string, unknown> {
  let settings: Record<string, unknown> = {};
  if (given !== undefined) {
    try {
      settings = JSON.parse(given) as Record<string, unknown>;
    } catch {
      throw new ScenarioError(`scenario.env.${HANDLER_CONFIG_VARIABLE}`, 'is not valid JSON: give the handler settings as a JSON object, e.g. "{\\"pinLength\\":8}"');
    }
  }
  return { ...settings, ...local, ...(typeof settings.meetingsRegion === 'string' ? { meetingsRegion: settings.meetingsRegion } : {}) };
}

async function placeCall(
  scenario: SimulationScenario, simulator: SmaSimulator, meetings: Readonly<Record<string, ScenarioMeetingRecord>>,
): Promise<SimulatedCall> {
  if (scenario.outbound) {
    const { from, to } = scenario.outbound;
    if (!simulator.voice.inventory().some((number) => number.e164PhoneNumber === from)) {
      simulator.voice.addPhoneNumber(from);
    }
    const args = Object.fromEntries(Object.entries(scenario.outbound.arguments ?? {}).map(([key, value]) => [key, resolveAlias(value, meetings)]));
    return simulator.outboundCall({ from, to, arguments: args });
  }
  return simulator.inboundCall({ from: scenario.caller!.from, to: scenario.number!.to });
}

/** `"@alias"` becomes that meeting's MeetingId, so dial-out arguments can name scenario meetings. */
function resolveAlias(value: string, meetings: Readonly<Record<string, ScenarioMeetingRecord>>): string {
  return value.startsWith('@') && Object.hasOwn(meetings, value.slice(1)) ? meetings[value.slice(1)].meetingId : value;
}

async function playSteps(
  steps: readonly ScenarioStep[], call: SimulatedCall, simulator: SmaSimulator, meetings: Readonly<Record<string, ScenarioMeetingRecord>>,
): Promise<string[]> {
  for (const [index, step] of steps.entries()) {
    const at = `scenario.steps[${index}]`;
    if ('wait' in step) {
      await call.wait(step.wait);
      continue;
    }
    if ('fault' in step) {
      const { service, operation, ...spec } = step.fault;
      try {
        (service === 'meetings' ? simulator.meetings : simulator.voice).faults.inject(operation, spec as FaultSpec);
      } catch (error) {
        throw new ScenarioError(`${at}.fault`, error instanceof Error ? error.message : String(error));
      }
      continue;
    }
    if (call.status === 'ended') {
      return [`${at}: the call had already ended (${call.endReason}) before this step`];
    }
    if ('digits' in step) {
      await call.pressDigits(step.digits);
    } else if ('hangup' in step) {
      await call.hangUp();
    } else if ('endMeeting' in step) {
      simulator.meetings.endMeeting(meetings[step.endMeeting].meetingId);
      await simulator.settle();
    } else if ('deleteAttendee' in step) {
      const joined = call.inMeeting ? call.joinedMeeting : undefined;
      if (!joined) {
        return [`${at}: the call is not in a meeting, so there is no attendee to delete`];
      }
      simulator.meetings.deleteAttendee(joined.meetingId, joined.attendeeId);
      await simulator.settle();
    } else if ('update' in step) {
      await call.update(step.update);
    } else if ('answer' in step) {
      await call.answer();
    } else if ('reject' in step) {
      await call.reject(step.reject);
    } else {
      await call.noAnswer();
    }
  }
  return [];
}

function checkExpectations(
  expectations: ScenarioExpectations | undefined, call: SimulatedCall, meetings: Readonly<Record<string, ScenarioMeetingRecord>>,
): string[] {
  const failures: string[] = [];
  if (!expectations) {
    return failures;
  }
  if (expectations.status !== undefined && call.status !== expectations.status) {
    failures.push(`expected status ${expectations.status}, got ${call.status}`);
  }
  if (expectations.endReason !== undefined && call.endReason !== expectations.endReason) {
    failures.push(`expected endReason ${expectations.endReason}, got ${call.endReason ?? 'none (the call is still up)'}`);
  }
  if (expectations.joinedMeeting !== undefined && call.joinedMeeting?.meetingId !== meetings[expectations.joinedMeeting].meetingId) {
    const joined = Object.values(meetings).find((meeting) => meeting.meetingId === call.joinedMeeting?.meetingId);
    failures.push(`expected the call to join meeting "${expectations.joinedMeeting}", it ${joined ? `joined "${joined.alias}"` : call.joinedMeeting ? 'joined another meeting' : 'joined none'}`);
  }
  for (const expected of expectations.promptsInclude ?? []) {
    if (!call.prompts.some((prompt) => prompt.includes(expected))) {
      failures.push(`expected the caller to hear "${expected}"; heard ${call.prompts.length === 0 ? 'nothing' : call.prompts.map((prompt) => JSON.stringify(prompt)).join(', ')}`);
    }
  }
  if (expectations.violations !== undefined && call.violations.length !== expectations.violations) {
    failures.push(`expected ${expectations.violations} violation(s), got ${call.violations.length}${call.violations.length > 0 ? `: ${call.violations.map((violation) => `${violation.section} ${violation.rule}`).join(', ')}` : ''}`);
  }
  if (expectations.muted !== undefined && call.muted !== expectations.muted) {
    failures.push(`expected the caller ${expectations.muted ? '' : 'not '}to be muted`);
  }
  return failures;
}
