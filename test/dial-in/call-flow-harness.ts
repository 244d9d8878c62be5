import { ChimeSDKMeetingsClient, CreateMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { registerMeeting } from '../../src/client';
import {
  CallFlowLogger, CallFlowMetrics, createMeetingJoinHandler, DynamoDbMeetingDirectory, MeetingJoinHandlerOptions, SdkMeetingsGateway,
} from '../../src/dial-in';
import {
  FakeMeetingsService, FakeVoiceService, SimulatorSettingsOverrides, SmaSimulator, virtualCallFlowClock, VirtualClock,
  LocalMeetingDirectory,
} from '../../src/testing';
import { retriesWithoutDelay } from '../helpers/retries-without-delay';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Everything a call-flow test drives: the simulator, the fakes, real SDK clients and what the flow reported. */
export interface CallFlowWorld {
  readonly sim: SmaSimulator;
  readonly clock: VirtualClock;
  readonly meetings: FakeMeetingsService;
  readonly voice: FakeVoiceService;
  readonly meetingsClient: ChimeSDKMeetingsClient;
  readonly voiceClient: ChimeSDKVoiceClient;
  /** Every log line the flow wrote, as JSON text. */
  readonly logs: string[];
  /** Metric name → total. */
  readonly metrics: Map<string, number>;
  /** The number the app's users dial (held by the fake Voice account). */
  readonly dialInNumber: string;
  /** Creates a meeting with the real SDK and registers a PIN for it. */
  meetingWithPin(): Promise<{ meetingId: string; pin: string }>;
  stop(): Promise<void>;
}

/**
 * Starts the fakes on one virtual clock, the meeting-join call flow with the real AWS SDK clients
 * pointed at them and at a local DynamoDB-compatible server, and the simulator driving it.
 */
export async function startCallFlowWorld(
  db: LocalMeetingDirectory,
  options: Partial<MeetingJoinHandlerOptions> = {},
  seed = 1,
  settings: SimulatorSettingsOverrides = {},
): Promise<CallFlowWorld> {
  const clock = new VirtualClock();
  const meetings = new FakeMeetingsService({ clock, seed });
  const voice = new FakeVoiceService({ clock, seed });
  await Promise.all([meetings.start(), voice.start()]);
  const meetingsClient = new ChimeSDKMeetingsClient({ endpoint: meetings.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  const voiceClient = new ChimeSDKVoiceClient({ endpoint: voice.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  // The handler's client retries as in production (3 attempts), without the real-time back-off.
  const handlerMeetingsClient = new ChimeSDKMeetingsClient({
    endpoint: meetings.endpoint, region: 'us-east-1', credentials: CREDENTIALS, retryStrategy: retriesWithoutDelay(3),
  });
  const logs: string[] = [];
  const metrics = new Map<string, number>();
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => { logs.push(JSON.stringify({ level, message, ...fields })); };
  const logger: CallFlowLogger = { info: log('info'), warn: log('warn'), error: log('error') };
  const metricSink: CallFlowMetrics = {
    count: (name, value = 1) => metrics.set(name, (metrics.get(name) ?? 0) + value),
    duration: (name) => metrics.set(`${name}Samples`, (metrics.get(`${name}Samples`) ?? 0) + 1),
  };
  const handler = createMeetingJoinHandler({
    directory: new DynamoDbMeetingDirectory({ tableName: db.tableName, clientFactory: async () => db.client, now: () => clock.now() }),
    meetings: new SdkMeetingsGateway({ clientFactory: async () => handlerMeetingsClient }),
    clock: virtualCallFlowClock(clock),
    logger,
    metrics: metricSink,
    ...options,
  });
  const sim = new SmaSimulator({ handler, meetings, voice, clock, seed, settings });
  const dialInNumber = voice.addPhoneNumber('+12065550100').e164PhoneNumber;
  let meetingCount = 0;
  return {
    sim,
    clock,
    meetings,
    voice,
    meetingsClient,
    voiceClient,
    logs,
    metrics,
    dialInNumber,
    meetingWithPin: async () => {
      const { Meeting } = await meetingsClient.send(new CreateMeetingCommand({
        ClientRequestToken: `meeting-${seed}-${++meetingCount}`,
        ExternalMeetingId: `standup-${meetingCount}`,
        MediaRegion: 'us-east-1',
      }));
      const meetingId = Meeting!.MeetingId!;
      const { pin } = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId, now: () => clock.now() });
      return { meetingId, pin };
    },
    stop: async () => {
      sim.dispose();
      for (const client of [meetingsClient, voiceClient, handlerMeetingsClient]) {
        client.destroy();
      }
      await Promise.all([meetings.stop(), voice.stop()]);
    },
  };
}
