import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { lifecycleFor } from '../../src/provisioning/dispatch';
import { ProvisioningEvent } from '../../src/provisioning/provisioning-event';
import { createVoiceClient } from '../../src/provisioning/voice-client';
import { FakeVoiceService, FakeVoiceServiceOptions } from '../../src/testing/fakes';
import { VirtualClock } from '../../src/testing/fakes/virtual-clock';
import { retriesWithoutDelay } from '../helpers/retries-without-delay';

/** What CloudFormation records for one custom resource request. */
export interface RequestOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalResourceId?: string;
  readonly data: Record<string, string>;
  readonly reason?: string;
  /** isComplete calls made. */
  readonly polls: number;
}

/** The Provider framework's timing, as VoiceProvisioningProvider configures it. */
const QUERY_INTERVAL_MS = 10_000;
const TOTAL_TIMEOUT_MS = 30 * 60_000;

/**
 * Plays the part of CloudFormation and the CDK Provider framework for the provisioning handlers:
 * onEvent, then isComplete every query interval (on the fake services' virtual clock) until it
 * completes, throws or the total timeout passes.
 */
export class CloudFormationDriver {
  private requestCount = 0;

  constructor(private readonly voice: ChimeSDKVoiceClient, private readonly clock: VirtualClock) {}

  /** A request for `resourceType`; pass `requestId` to replay a delivery CloudFormation repeats. */
  public event(
    requestType: ProvisioningEvent['RequestType'],
    resourceType: string,
    properties: Record<string, unknown>,
    extra: Partial<ProvisioningEvent> = {},
  ): ProvisioningEvent {
    return {
      RequestType: requestType,
      RequestId: `request-${++this.requestCount}`,
      StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/DialIn/0c9f0a10-0000-4000-8000-000000000000',
      LogicalResourceId: 'Number',
      ResourceType: resourceType,
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider', ...properties },
      ...extra,
    };
  }

  /** Runs one request to its end, as CloudFormation would see it. */
  public async run(event: ProvisioningEvent): Promise<RequestOutcome> {
    const lifecycle = lifecycleFor(event, this.voice);
    let started;
    try {
      started = await lifecycle.onEvent(event);
    } catch (error) {
      return { status: 'FAILED', data: {}, reason: (error as Error).message, polls: 0, physicalResourceId: event.PhysicalResourceId };
    }
    const pollEvent: ProvisioningEvent = { ...event, PhysicalResourceId: started.PhysicalResourceId, Data: started.Data };
    const deadline = this.clock.now() + TOTAL_TIMEOUT_MS;
    let polls = 0;
    while (this.clock.now() <= deadline) {
      polls++;
      try {
        const result = await lifecycle.isComplete(pollEvent);
        if (result.IsComplete) {
          return { status: 'SUCCESS', physicalResourceId: started.PhysicalResourceId, data: { ...started.Data, ...result.Data }, polls };
        }
      } catch (error) {
        return { status: 'FAILED', physicalResourceId: started.PhysicalResourceId, data: {}, reason: (error as Error).message, polls };
      }
      this.clock.advance(QUERY_INTERVAL_MS);
    }
    return { status: 'FAILED', physicalResourceId: started.PhysicalResourceId, data: {}, reason: 'Operation timed out', polls };
  }
}

/** A fake Voice service, the provisioning handlers' real client pointed at it, and the driver. */
export interface ProvisioningHarness {
  readonly clock: VirtualClock;
  readonly fake: FakeVoiceService;
  readonly cloudFormation: CloudFormationDriver;
  stop(): Promise<void>;
}

/** Starts a fake Voice service on a virtual clock and a driver whose client is built as in production. */
export async function startProvisioningHarness(options: Omit<FakeVoiceServiceOptions, 'clock'> = {}): Promise<ProvisioningHarness> {
  const clock = new VirtualClock();
  const fake = new FakeVoiceService({ ...options, clock });
  await fake.start();
  const voice = createVoiceClient({ CHIME_VOICE_ENDPOINT: fake.endpoint }, {
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // The retry count is what production uses; only the real-time back-off is removed.
    retryStrategy: retriesWithoutDelay(5),
  });
  return {
    clock,
    fake,
    cloudFormation: new CloudFormationDriver(voice, clock),
    stop: async () => {
      voice.destroy();
      await fake.stop();
    },
  };
}
