import { ChimeSDKMeetingsClient } from '@aws-sdk/client-chime-sdk-meetings';
import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { FakeVoiceService, VirtualClock } from '../../../src/testing/fakes';

const CREDENTIALS = { accessKeyId: 'x', secretAccessKey: 'x' };

/** The real Meetings client pointed at a fake. `maxAttempts: 1` shows raw faults; the SDK default (3) retries. */
export function meetingsClient(endpoint: string, maxAttempts = 1, region = 'us-east-1'): ChimeSDKMeetingsClient {
  return new ChimeSDKMeetingsClient({ endpoint, region, credentials: CREDENTIALS, maxAttempts });
}

/** The real Voice client pointed at a fake. */
export function voiceClient(endpoint: string, maxAttempts = 1): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({ endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts });
}

/** A fake Voice service on a virtual clock, and the real client pointed at it. */
export interface FakeVoiceFixture {
  clock: VirtualClock;
  fake: FakeVoiceService;
  client: ChimeSDKVoiceClient;
}

/** A new fake Voice service and client for every test of the calling file, stopped after each. */
export function fakeVoiceServicePerTest(): FakeVoiceFixture {
  const fixture = {} as FakeVoiceFixture;
  beforeEach(async () => {
    fixture.clock = new VirtualClock();
    fixture.fake = new FakeVoiceService({ clock: fixture.clock });
    fixture.client = voiceClient(await fixture.fake.start());
  });
  afterEach(async () => {
    fixture.client.destroy();
    await fixture.fake.stop();
  });
  return fixture;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Lets pending I/O run, without advancing any virtual clock. */
export async function realPause(ms = 20): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `condition` holds (real time), for waiting on a request to reach a fake. */
export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await realPause(5);
  }
}

/** The UUID shape the Chime APIs use (GuidString). */
export const GUID = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;
