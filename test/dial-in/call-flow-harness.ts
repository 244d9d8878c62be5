import { ChimeSDKMeetingsClient, CreateMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { registerMeeting } from '../../src/client';
import {
  CallFlowLogger, CallFlowMetrics, createMeetingJoinHandler, DynamoDbCallRecords, DynamoDbMeetingDirectory, DynamoDbPendingCleanUps,
  DynamoDbPinGuessCounters, MeetingJoinHandlerOptions, SdkMeetingsGateway,
  DEFAULT_PROMPTS, DynamoDbWaitingRoom,
} from '../../src/dial-in';
import {
  FakeMeetingsService, FakeVoiceService, ScheduledInvocation, SimulatorSettingsOverrides, SmaSimulator, virtualCallFlowClock, VirtualClock,
  LocalMeetingDirectory, SimulatedCall, startLocalMeetingDirectory,
} from '../../src/testing';
import { retriesWithoutDelay } from '../helpers/retries-without-delay';

/** Long enough for the prompts and actions the handler just returned to play out, shorter than any input timeout. */
export const PROMPTS_PLAY = 9_000;

/** How often MeetingDialIn's EventBridge rule invokes the handler to sweep the pending clean-ups: rate(1 minute). */
export const CLEAN_UP_SWEEP_MS = 60_000;

/** The default words of a prompt. */
export function promptText(prompt: keyof typeof DEFAULT_PROMPTS): string {
  return (DEFAULT_PROMPTS[prompt] as { text: string }).text;
}

/** The attendees a world's fake meeting still has (none once it has ended): the judge of orphans. */
export function attendeesOf(world: CallFlowWorld, meetingId: string) {
  return world.meetings.liveMeetings().some((meeting) => meeting.meetingId === meetingId) ? world.meetings.attendees(meetingId) : [];
}

/**
 * 0 violations, 0 orphan attendees, 0 callers in silence, and every answer within `answerWithinMs`
 * (default: the SMA's 5 s retry window, docs/sma-model.md#invocation-timing).
 */
export function expectCleanCall(call: SimulatedCall, answerWithinMs = 5_000): void {
  expect(call.violations).toEqual([]);
  expect(call.silentSince).toBeUndefined();
  expect(call.orphanAttendees).toEqual([]);
  const slowest = Math.max(0, ...call.transcript.entries.flatMap((entry) => (entry.kind === 'response' ? [entry.tookMs] : [])));
  expect(slowest).toBeLessThan(answerWithinMs);
}

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Everything a call-flow test drives: the simulator, the fakes, real SDK clients and what the flow reported. */
export interface CallFlowWorld {
  readonly sim: SmaSimulator;
  readonly clock: VirtualClock;
  readonly meetings: FakeMeetingsService;
  readonly voice: FakeVoiceService;
  readonly meetingsClient: ChimeSDKMeetingsClient;
  readonly voiceClient: ChimeSDKVoiceClient;
  /** The handler's DynamoDB client (2 attempts, as in production, without the real-time back-off), through the local directory's faults. */
  readonly dynamodb: DynamoDBClient;
  /** Every log line the flow wrote, as JSON text. */
  readonly logs: string[];
  /** Metric name → total. */
  readonly metrics: Map<string, number>;
  /** The control Regions whose handler clients were created, in order: one client per Region. */
  readonly handlerClientRegions: Array<string | undefined>;
  /** The number the app's users dial (held by the fake Voice account). */
  readonly dialInNumber: string;
  /** The clean-up sweep's schedule, with `cleanUpSweep`. */
  readonly cleanUpSweep?: ScheduledInvocation;
  /**
   * Creates a meeting with the real SDK, through the Meetings endpoint of `region` (default
   * us-east-1), and registers a PIN for it with the CreateMeeting response.
   */
  meetingWithPin(region?: string): Promise<{ meetingId: string; pin: string }>;
  stop(): Promise<void>;
}

/**
 * Starts the fakes on one virtual clock, the meeting-join call flow with the real AWS SDK clients
 * pointed at them and at a local DynamoDB-compatible server, and the simulator driving it.
 */
/** Where a world's dial-in runs, and what it shares with another (a primary and its standby). */
export interface CallFlowWorldPlacement {
  /** The Region of the SIP media application and its handler (the handler's default meetings Region). Default: us-east-1. */
  readonly region?: string;
  /** The Meetings fake to share (one service, many control Regions). Default: a new one. */
  readonly meetings?: FakeMeetingsService;
  /** The clock to share with that fake. Default: a new one. */
  readonly clock?: VirtualClock;
}

/**
 * The flow's options, plus PIN-guess counters in the directory table (off unless given, as tests
 * share one table) and a waiting room in it (off unless given).
 */
export type CallFlowWorldOptions = Partial<Omit<MeetingJoinHandlerOptions, 'waitingRoom'>> & {
  readonly pinGuessCounters?: { readonly maxFailures: number; readonly windowSeconds: number };
  readonly waitingRoom?: { readonly lobbyTimeoutMs?: number };
  /**
   * Pending clean-ups in the directory table, swept every minute of virtual time by a scheduled
   * invocation, as MeetingDialIn deploys the handler. Default: off (no pending clean-ups, no sweep).
   */
  readonly cleanUpSweep?: boolean;
};

export async function startCallFlowWorld(
  db: LocalMeetingDirectory,
  worldOptions: CallFlowWorldOptions = {},
  seed = 1,
  settings: SimulatorSettingsOverrides = {},
  placement: CallFlowWorldPlacement = {},
): Promise<CallFlowWorld> {
  const region = placement.region ?? 'us-east-1';
  const clock = placement.clock ?? new VirtualClock();
  const meetings = placement.meetings ?? new FakeMeetingsService({ clock, seed });
  const voice = new FakeVoiceService({ clock, seed, region });
  await Promise.all([meetings.start(), voice.start()]);
  const appMeetingsClients = new Map<string, ChimeSDKMeetingsClient>();
  const appMeetingsClient = (meetingRegion: string) => {
    let client = appMeetingsClients.get(meetingRegion);
    if (!client) {
      client = new ChimeSDKMeetingsClient({ endpoint: meetings.endpoint, region: meetingRegion, credentials: CREDENTIALS, maxAttempts: 1 });
      appMeetingsClients.set(meetingRegion, client);
    }
    return client;
  };
  const meetingsClient = appMeetingsClient('us-east-1');
  const voiceClient = new ChimeSDKVoiceClient({ endpoint: voice.endpoint, region, credentials: CREDENTIALS, maxAttempts: 1 });
  // The handler's clients, one per control Region, retry as in production (3 attempts), without the real-time back-off.
  const handlerMeetingsClients: ChimeSDKMeetingsClient[] = [];
  const handlerClientRegions: Array<string | undefined> = [];
  const handlerMeetingsClient = async (meetingRegion: string | undefined) => {
    handlerClientRegions.push(meetingRegion);
    const client = new ChimeSDKMeetingsClient({
      endpoint: meetings.endpoint, region: meetingRegion ?? region, credentials: CREDENTIALS, retryStrategy: retriesWithoutDelay(3),
    });
    handlerMeetingsClients.push(client);
    return client;
  };
  const logs: string[] = [];
  const metrics = new Map<string, number>();
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => { logs.push(JSON.stringify({ level, message, ...fields })); };
  const logger: CallFlowLogger = { info: log('info'), warn: log('warn'), error: log('error') };
  const metricSink: CallFlowMetrics = {
    count: (name, value = 1) => metrics.set(name, (metrics.get(name) ?? 0) + value),
    duration: (name) => metrics.set(`${name}Samples`, (metrics.get(`${name}Samples`) ?? 0) + 1),
  };
  const dynamodb = new DynamoDBClient({ endpoint: db.endpoint, region, credentials: CREDENTIALS, retryStrategy: retriesWithoutDelay(2) });
  const { pinGuessCounters, waitingRoom, cleanUpSweep, ...options } = worldOptions;
  const pinGuesses = pinGuessCounters && new DynamoDbPinGuessCounters({
    tableName: db.tableName, clientFactory: async () => dynamodb, now: () => clock.now(), hashKey: `test-deployment-${seed}`, ...pinGuessCounters,
  });
  const handler = createMeetingJoinHandler({
    pinGuesses,
    waitingRoom: waitingRoom && { ...waitingRoom, store: new DynamoDbWaitingRoom({ tableName: db.tableName, clientFactory: async () => dynamodb }) },
    directory: new DynamoDbMeetingDirectory({ tableName: db.tableName, clientFactory: async () => dynamodb, now: () => clock.now() }),
    callRecords: new DynamoDbCallRecords({ tableName: db.tableName, clientFactory: async () => dynamodb }),
    pendingCleanUps: cleanUpSweep
      ? new DynamoDbPendingCleanUps({ tableName: db.tableName, clientFactory: async () => dynamodb, now: () => clock.now() })
      : undefined,
    meetings: new SdkMeetingsGateway({ region, clientFactory: handlerMeetingsClient }),
    clock: virtualCallFlowClock(clock),
    logger,
    metrics: metricSink,
    ...options,
  });
  // DynamoDB faults held on this world's clock move it, as the fakes' do.
  db.faults.useClock(clock);
  const sim = new SmaSimulator({ handler, meetings, voice, clock, seed, settings, region, heldRequestSources: [db.faults] });
  const dialInNumber = voice.addPhoneNumber('+12065550100').e164PhoneNumber;
  const sweep = cleanUpSweep ? sim.schedule({ everyMs: CLEAN_UP_SWEEP_MS }) : undefined;
  let meetingCount = 0;
  return {
    sim,
    clock,
    meetings,
    voice,
    meetingsClient,
    voiceClient,
    dynamodb,
    logs,
    metrics,
    dialInNumber,
    cleanUpSweep: sweep,
    handlerClientRegions,
    meetingWithPin: async (meetingRegion = 'us-east-1') => {
      const { Meeting } = await appMeetingsClient(meetingRegion).send(new CreateMeetingCommand({
        ClientRequestToken: `meeting-${seed}-${region}-${++meetingCount}`,
        ExternalMeetingId: `standup-${meetingCount}`,
        MediaRegion: meetingRegion,
      }));
      const { pin, meetingId } = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meeting: Meeting!, now: () => clock.now() });
      return { meetingId, pin };
    },
    stop: async () => {
      sim.dispose();
      db.faults.clear();
      for (const client of [...appMeetingsClients.values(), voiceClient, dynamodb, ...handlerMeetingsClients]) {
        client.destroy();
      }
      await Promise.all([placement.meetings ? undefined : meetings.stop(), voice.stop()]);
    },
  };
}

/** A suite's local meeting directory (started once for the suite) and the world of its running test (stopped after each test). */
export interface CallFlowSuite {
  /** The directory, once the suite has started. */
  db: LocalMeetingDirectory;
  /** The world the running test started, if any. */
  world?: CallFlowWorld;
}

/** Registers the suite's hooks: one local meeting directory for all its tests, each test's world stopped after it. */
export function callFlowSuite(): CallFlowSuite {
  const suite = {} as CallFlowSuite;
  beforeAll(async () => {
    suite.db = await startLocalMeetingDirectory();
  });
  afterAll(() => suite.db.stop());
  afterEach(async () => {
    await suite.world?.stop();
    suite.world = undefined;
  });
  return suite;
}
