import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { lifecycleFor } from '../../src/provisioning/dispatch';
import { ProvisioningEvent, ProvisioningLifecycle } from '../../src/provisioning/provisioning-event';
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
  /** Virtual milliseconds from the request to its answer. */
  readonly elapsedMs: number;
}

/** The Provider framework's timing, as VoiceProvisioningProvider configures it. */
export const QUERY_INTERVAL_MS = 10_000;
export const TOTAL_TIMEOUT_MS = 30 * 60_000;

/**
 * The physical id the CDK Provider framework answers a Create with when onEvent fails, and whose
 * Delete it then answers itself without calling the handlers (aws-cdk-lib custom-resources,
 * provider-framework/runtime/cfn-response.ts, `CREATE_FAILED_PHYSICAL_ID_MARKER`).
 */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

const STACK_NAME = 'DialIn';

/**
 * One request on its way through the Provider framework: onEvent once, then isComplete every
 * query interval until it completes, throws or the total timeout passes. Stepped by the driver, so
 * that two requests CloudFormation has in flight at once (a cancelled create's waiter and the
 * rollback's Delete) interleave on one virtual clock.
 */
class InFlightRequest {
  public outcome?: RequestOutcome;
  private pollEvent?: ProvisioningEvent;
  private polls = 0;
  private readonly startedAt: number;
  private readonly deadline: number;

  constructor(private readonly event: ProvisioningEvent, private readonly lifecycle: ProvisioningLifecycle, private readonly clock: VirtualClock) {
    this.startedAt = clock.now();
    this.deadline = this.startedAt + TOTAL_TIMEOUT_MS;
  }

  /** One framework step: onEvent, or one isComplete. @returns whether the request has its answer */
  public async step(): Promise<boolean> {
    if (this.outcome) {
      return true;
    }
    if (!this.pollEvent) {
      await this.startOnEvent();
      return this.outcome !== undefined;
    }
    if (this.clock.now() > this.deadline) {
      this.finish('FAILED', this.pollEvent.PhysicalResourceId, {}, 'Operation timed out');
      return true;
    }
    this.polls++;
    try {
      const result = await this.lifecycle.isComplete(this.pollEvent);
      if (result.IsComplete) {
        // The framework spreads isComplete's answer over the event: it may name the physical id.
        const physicalResourceId = result.PhysicalResourceId ?? this.pollEvent.PhysicalResourceId;
        this.finish('SUCCESS', physicalResourceId, { ...this.pollEvent.Data, ...result.Data });
      }
    } catch (error) {
      this.finish('FAILED', this.pollEvent.PhysicalResourceId, {}, (error as Error).message);
    }
    return this.outcome !== undefined;
  }

  private async startOnEvent(): Promise<void> {
    if (this.event.RequestType === 'Delete' && this.event.PhysicalResourceId === CREATE_FAILED_MARKER) {
      // The framework answers the Delete of a create it failed itself.
      this.finish('SUCCESS', CREATE_FAILED_MARKER, {});
      return;
    }
    try {
      const started = await this.lifecycle.onEvent(this.event);
      this.pollEvent = { ...this.event, PhysicalResourceId: started.PhysicalResourceId, Data: started.Data };
    } catch (error) {
      const physicalResourceId = this.event.RequestType === 'Create' ? CREATE_FAILED_MARKER : this.event.PhysicalResourceId;
      this.finish('FAILED', physicalResourceId, {}, (error as Error).message);
    }
  }

  private finish(status: RequestOutcome['status'], physicalResourceId: string | undefined, data: Record<string, string>, reason?: string): void {
    this.outcome = { status, physicalResourceId, data, reason, polls: this.polls, elapsedMs: this.clock.now() - this.startedAt };
  }
}

/** How a cancelled create went: the rollback's Delete, and the create's own waiter, which the framework runs on. */
export interface CancelledCreate {
  /** The physical id CloudFormation made up for the Delete. */
  readonly madeUpPhysicalId: string;
  /** The rollback's Delete. */
  readonly rollback: RequestOutcome;
  /** The abandoned create's waiter, run to its end (CloudFormation ignores its answer). */
  readonly abandonedCreate: RequestOutcome;
}

/** When CloudFormation cancels a create. */
export interface CancelOptions {
  /**
   * isComplete calls of the create before CloudFormation cancels it (a sibling failed).
   * `'before-on-event'`: the Delete arrives while the create's onEvent has not placed anything yet.
   */
  readonly afterPolls: number | 'before-on-event';
}

/**
 * Plays the part of CloudFormation and the CDK Provider framework for the provisioning handlers,
 * on the fake services' virtual clock, including the sequences CloudFormation really plays:
 * - a create the framework times out after the total timeout ("Operation timed out");
 * - a create that CloudFormation cancels because a sibling failed ("Resource creation
 *   cancelled"), followed by a Delete with a physical id CloudFormation made up
 *   (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1814) while the
 *   framework's waiter for the create runs on;
 * - a create whose onEvent failed, whose Delete the framework answers itself;
 * - a create delivered twice (same RequestId);
 * - updates, their rollback (an Update back to the old properties, then the Delete of a
 *   replacement's new physical id) and deletes.
 */
export class CloudFormationDriver {
  private requestCount = 0;
  private madeUpCount = 0;

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
      StackId: `arn:aws:cloudformation:us-east-1:111122223333:stack/${STACK_NAME}/0c9f0a10-0000-4000-8000-000000000000`,
      LogicalResourceId: 'Number',
      ResourceType: resourceType,
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider', ...properties },
      ...extra,
    };
  }

  /** The Delete CloudFormation sends when it rolls back `request`'s create or update: same resource, same properties. */
  public deleteFor(request: ProvisioningEvent, physicalResourceId: string | undefined): ProvisioningEvent {
    return this.event('Delete', request.ResourceType, request.ResourceProperties as Record<string, unknown>, {
      StackId: request.StackId, LogicalResourceId: request.LogicalResourceId, PhysicalResourceId: physicalResourceId,
    });
  }

  /** A physical id as CloudFormation makes them up: stack name, logical id and a random suffix. */
  public madeUpPhysicalId(event: ProvisioningEvent): string {
    return `${STACK_NAME}-${event.LogicalResourceId}-${(++this.madeUpCount).toString(36).toUpperCase().padStart(12, 'X')}`;
  }

  /** Runs one request to its end, as CloudFormation would see it. */
  public async run(event: ProvisioningEvent): Promise<RequestOutcome> {
    const [outcome] = await this.runTogether([event]);
    return outcome;
  }

  /**
   * Runs a create that CloudFormation cancels, then the rollback's Delete with a made-up physical
   * id, while the framework's waiter for the create keeps polling in the background.
   */
  public async cancelledCreate(create: ProvisioningEvent, options: CancelOptions): Promise<CancelledCreate> {
    const createRequest = this.inFlight(create);
    const madeUpPhysicalId = this.madeUpPhysicalId(create);
    const deleteRequest = this.inFlight(this.deleteFor(create, madeUpPhysicalId));
    if (options.afterPolls === 'before-on-event') {
      // The Delete's onEvent runs first; the create's onEvent places its order after it.
      await deleteRequest.step();
      await createRequest.step();
    } else {
      await createRequest.step();
      for (let poll = 0; poll < options.afterPolls && !createRequest.outcome; poll++) {
        await createRequest.step();
        this.clock.advance(QUERY_INTERVAL_MS);
      }
    }
    await this.drive([deleteRequest, createRequest]);
    return { madeUpPhysicalId, rollback: deleteRequest.outcome!, abandonedCreate: createRequest.outcome! };
  }

  /** Runs requests that CloudFormation has in flight at the same time, each to its end. */
  public async runTogether(events: ProvisioningEvent[]): Promise<RequestOutcome[]> {
    const requests = events.map((event) => this.inFlight(event));
    await this.drive(requests);
    return requests.map((request) => request.outcome!);
  }

  private inFlight(event: ProvisioningEvent): InFlightRequest {
    return new InFlightRequest(event, lifecycleFor(event, this.voice, () => this.clock.now()), this.clock);
  }

  private async drive(requests: InFlightRequest[]): Promise<void> {
    for (;;) {
      let allDone = true;
      for (const request of requests) {
        allDone = await request.step() && allDone;
      }
      if (allDone) {
        return;
      }
      this.clock.advance(QUERY_INTERVAL_MS);
    }
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
