import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudFormationDriver, ProvisioningHarness, RequestOutcome, startProvisioningHarness, TOTAL_TIMEOUT_MS } from './cloudformation-driver';
import { MeetingDialIn, PhoneNumber, PhoneNumberProps } from '../../src';
import { PHONE_NUMBER_RESOURCE_TYPE, SIP_RULE_RESOURCE_TYPE } from '../../src/private/resource-types';
import { FakeVoiceService, WaitingOrderStatus } from '../../src/testing/fakes';

let harness: ProvisioningHarness;
let fake: FakeVoiceService;
let cloudFormation: CloudFormationDriver;

afterEach(() => harness?.stop());

async function start(options: Parameters<typeof startProvisioningHarness>[0] = {}): Promise<void> {
  harness = await startProvisioningHarness({ orderProcessingMs: 45_000, ...options });
  ({ fake, cloudFormation } = harness);
}

/** A synthesized number resource: the properties and policies CloudFormation would work with. */
interface SynthesizedNumber {
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

function synthesized(build: (stack: Stack) => void): SynthesizedNumber {
  const stack = new Stack(new App(), 'DialIn', { env: { account: '111122223333', region: 'us-east-1' } });
  build(stack);
  const [resource] = Object.values(Template.fromStack(stack).findResources(PHONE_NUMBER_RESOURCE_TYPE));
  const { ServiceToken: _token, ...properties } = resource.Properties as Record<string, unknown>;
  return { properties, deletionPolicy: resource.DeletionPolicy, updateReplacePolicy: resource.UpdateReplacePolicy };
}

function synthesizedNumber(props?: PhoneNumberProps): SynthesizedNumber {
  return synthesized((stack) => new PhoneNumber(stack, 'Number', props));
}

/** Numbers the account holds or has bought, outside the deletion queue. */
function heldNumbers(): string[] {
  return fake.inventory({ includeDeletionQueue: false }).filter((number) => number.status !== 'AcquireInProgress').map((number) => number.e164PhoneNumber);
}

function create(properties: Record<string, unknown>, logicalResourceId = 'Number', stackSuffix = '') {
  const event = cloudFormation.event('Create', PHONE_NUMBER_RESOURCE_TYPE, properties, { LogicalResourceId: logicalResourceId });
  return stackSuffix ? { ...event, StackId: `${event.StackId}${stackSuffix}` } : event;
}

function expectWithinTimeout(...outcomes: RequestOutcome[]): void {
  for (const outcome of outcomes) {
    expect(outcome.elapsedMs).toBeLessThanOrEqual(TOTAL_TIMEOUT_MS);
  }
}

const SEATTLE = { phoneNumberOptionsAreaCode: '206' };

describe('the documented search rule', () => {
  it('the zero-config MeetingDialIn orders a number with a search the service accepts', async () => {
    await start();
    const { properties } = synthesized((stack) => new MeetingDialIn(stack, 'DialIn'));

    const outcome = await cloudFormation.run(create(properties));

    expect(outcome).toMatchObject({ status: 'SUCCESS' });
    expect(heldNumbers()).toEqual([outcome.physicalResourceId]);
  });

  it('searches a Canadian number by PhoneNumberType only, whatever else the properties carry', async () => {
    await start();

    const outcome = await cloudFormation.run(create({ Country: 'CA', PhoneNumberType: 'Local', AreaCode: '416' }));

    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: expect.stringMatching(/^\+1416/) });
    expect(fake.requests.forOperation('SearchAvailablePhoneNumbers').map((entry) => entry.input)).toEqual([
      expect.not.objectContaining({ AreaCode: expect.anything() }),
    ]);
    expect(fake.requests.forOperation('SearchAvailablePhoneNumbers')[0].input).toMatchObject({ Country: 'CA', PhoneNumberType: 'Local' });
  });
});

describe('rollbacks release what they bought', () => {
  it('a create cancelled while its order runs: the Delete with a made-up physical id releases the number, and a retry holds exactly one', async () => {
    await start();
    const { properties } = synthesizedNumber({ areaCode: SEATTLE.phoneNumberOptionsAreaCode });

    const cancelled = await cloudFormation.cancelledCreate(create(properties), { afterPolls: 1 });
    expect(fake.inventory().map((number) => number.status)).toEqual(['DeleteInProgress']);
    const retry = await cloudFormation.run(create(properties, 'Number', '-retry'));

    expect(cancelled.rollback).toMatchObject({ status: 'SUCCESS' });
    expectWithinTimeout(cancelled.rollback);
    expect(retry.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([retry.physicalResourceId]);
  });

  it('a create cancelled before its onEvent placed the order: the Delete waits it out and releases the number', async () => {
    await start();
    const { properties } = synthesizedNumber({ areaCode: '206' });

    const cancelled = await cloudFormation.cancelledCreate(create(properties), { afterPolls: 'before-on-event' });

    expect(cancelled.rollback).toMatchObject({ status: 'SUCCESS' });
    expectWithinTimeout(cancelled.rollback);
    expect(heldNumbers()).toEqual([]);
  });

  it('a create that completed and is rolled back (a sibling failed) releases the number under the default removal policy', async () => {
    await start();
    const number = synthesizedNumber({ areaCode: '206' });
    // RetainExceptOnCreate: CloudFormation deletes the resource when the operation that created it rolls back.
    expect(number.deletionPolicy).toBe('RetainExceptOnCreate');
    expect(number.updateReplacePolicy).toBe('Retain');
    const event = create(number.properties);

    const created = await cloudFormation.run(event);
    const rollback = await cloudFormation.run(cloudFormation.deleteFor(event, created.physicalResourceId));
    const retry = await cloudFormation.run(create(number.properties, 'Number', '-retry'));

    expect(rollback.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([retry.physicalResourceId]);
  });

  it('a replacement rolled back: the Update back finds the first number, and the Delete of the new one releases it', async () => {
    await start();
    const seattle = synthesizedNumber({ areaCode: '206' }).properties;
    const newYork = synthesizedNumber({ areaCode: '212' }).properties;
    const first = await cloudFormation.run(create(seattle));

    const replaced = await cloudFormation.run(cloudFormation.event('Update', PHONE_NUMBER_RESOURCE_TYPE, newYork, {
      PhysicalResourceId: first.physicalResourceId, OldResourceProperties: seattle,
    }));
    const rolledBack = await cloudFormation.run(cloudFormation.event('Update', PHONE_NUMBER_RESOURCE_TYPE, seattle, {
      PhysicalResourceId: replaced.physicalResourceId, OldResourceProperties: newYork,
    }));
    const cleanup = await cloudFormation.run(cloudFormation.event('Delete', PHONE_NUMBER_RESOURCE_TYPE, newYork, {
      PhysicalResourceId: replaced.physicalResourceId,
    }));

    expect(replaced.physicalResourceId).toMatch(/^\+1212/);
    expect(rolledBack).toMatchObject({ status: 'SUCCESS', physicalResourceId: first.physicalResourceId });
    expect(cleanup.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([first.physicalResourceId]);
    expect(fake.phoneNumberOrders()).toHaveLength(2);
  });

  it('an update rolled back that kept the number keeps it', async () => {
    await start();
    const seattle = synthesizedNumber({ areaCode: '206' }).properties;
    const first = await cloudFormation.run(create(seattle));
    const renamed = { ...seattle, Unrelated: 'x' };

    await cloudFormation.run(cloudFormation.event('Update', PHONE_NUMBER_RESOURCE_TYPE, renamed, {
      PhysicalResourceId: first.physicalResourceId, OldResourceProperties: seattle,
    }));
    const rolledBack = await cloudFormation.run(cloudFormation.event('Update', PHONE_NUMBER_RESOURCE_TYPE, seattle, {
      PhysicalResourceId: first.physicalResourceId, OldResourceProperties: renamed,
    }));

    expect(rolledBack).toMatchObject({ status: 'SUCCESS', physicalResourceId: first.physicalResourceId });
    expect(heldNumbers()).toEqual([first.physicalResourceId]);
  });
});

describe('orders that wait on people', () => {
  it.each<WaitingOrderStatus>(['PendingDocuments', 'ChangeRequested', 'FOC'])(
    'an order in %s fails the create within minutes, saying what to do, and the rollback completes',
    async (status) => {
      await start();
      fake.queueOrderOutcome({ kind: 'waiting', status });
      const event = create(synthesizedNumber({ areaCode: '206' }).properties);

      const created = await cloudFormation.run(event);
      const rollback = await cloudFormation.run(cloudFormation.deleteFor(event, created.physicalResourceId));

      expect(created.status).toBe('FAILED');
      expect(created.elapsedMs).toBeLessThanOrEqual(5 * 60_000);
      expect(created.reason).toContain(status);
      expect(created.reason).toMatch(/AWS Support|documents/);
      expect(rollback.status).toBe('SUCCESS');
      expectWithinTimeout(rollback);
      expect(heldNumbers()).toEqual([]);
    },
  );

  it('a rollback whose order never finishes completes within the timeout instead of failing', async () => {
    await start();
    fake.queueOrderOutcome({ kind: 'stuck' });
    const event = create(synthesizedNumber({ areaCode: '206' }).properties);

    const created = await cloudFormation.run(event);
    const rollback = await cloudFormation.run(cloudFormation.deleteFor(event, created.physicalResourceId));

    expect(created).toMatchObject({ status: 'FAILED', reason: 'Operation timed out' });
    expect(rollback.status).toBe('SUCCESS');
    expectWithinTimeout(rollback);
    expect(heldNumbers()).toEqual([]);
  });
});

describe('an order that outlasts the rollback', () => {
  /** A create whose order takes longer than the create's timeout and the rollback's wait together. */
  async function firstDeployRolledBackBeforeItsNumberArrives(properties: Record<string, unknown>): Promise<string> {
    fake.queueOrderOutcome({ kind: 'successful', processingMs: 70 * 60_000 });
    const event = create(properties);
    const created = await cloudFormation.run(event);
    const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const rollback = await cloudFormation.run(cloudFormation.deleteFor(event, created.physicalResourceId));
    const logged = warnings.mock.calls.flat().join('\n');
    warnings.mockRestore();
    expect(created).toMatchObject({ status: 'FAILED', reason: 'Operation timed out' });
    expect(rollback.status).toBe('SUCCESS');
    expectWithinTimeout(rollback);
    const [late] = fake.inventory().filter((number) => number.status === 'AcquireInProgress');
    expect(late).toBeDefined();
    // The provisioning function's log says what happens to the number, and how to release it.
    expect(logged).toContain(`The next deployment of stack DialIn takes it over; to release it instead, once it has arrived: aws chime-sdk-voice delete-phone-number --phone-number-id ${late.e164PhoneNumber}`);
    return late.e164PhoneNumber;
  }

  it('the next deployment of the stack takes over the number that arrived late, and buys none', async () => {
    await start();
    const { properties } = synthesizedNumber({ areaCode: '206' });
    const late = await firstDeployRolledBackBeforeItsNumberArrives(properties);
    harness.clock.advance(60 * 60_000);

    // After a failed first deploy the stack is deleted and deployed again: a new StackId, the same name.
    const retry = await cloudFormation.run(create(properties, 'Number', '-second-deployment'));
    const cleanUp = await cloudFormation.run(cloudFormation.deleteFor(create(properties, 'Number', '-second-deployment'), retry.physicalResourceId));

    expect(retry).toMatchObject({ status: 'SUCCESS', physicalResourceId: late });
    expect(fake.phoneNumberOrders()).toHaveLength(1);
    expect(cleanUp.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([]);
  });

  it('a deployment while that number is still on order fails fast, buys none, and says what to do', async () => {
    await start();
    const { properties } = synthesizedNumber({ areaCode: '206' });
    const late = await firstDeployRolledBackBeforeItsNumberArrives(properties);

    const retry = await cloudFormation.run(create(properties, 'Number', '-second-deployment'));

    expect(retry.status).toBe('FAILED');
    expect(retry.reason).toContain(`${late}, ordered by an earlier deployment of this stack, is still being acquired`);
    expect(retry.elapsedMs).toBeLessThan(5 * 60_000);
    expect(fake.phoneNumberOrders()).toHaveLength(1);
  });

  it('a stack deployed again after its deletion kept the number takes that number back', async () => {
    await start();
    const { properties, deletionPolicy } = synthesizedNumber({ areaCode: '206' });
    const first = await cloudFormation.run(create(properties));
    // Deleting the stack sends no Delete for the number: its DeletionPolicy keeps it.
    expect(deletionPolicy).toBe('RetainExceptOnCreate');

    const again = await cloudFormation.run(create(properties, 'Number', '-second-deployment'));

    expect(again).toMatchObject({ status: 'SUCCESS', physicalResourceId: first.physicalResourceId });
    expect(fake.phoneNumberOrders()).toHaveLength(1);
  });

  it('a stack of another name, or other search criteria, does not take the number over', async () => {
    await start();
    const { properties } = synthesizedNumber({ areaCode: '206' });
    const late = await firstDeployRolledBackBeforeItsNumberArrives(properties);
    harness.clock.advance(60 * 60_000);

    const otherStack = create(properties);
    const renamed = await cloudFormation.run({ ...otherStack, StackId: otherStack.StackId.replace('/DialIn/', '/OtherStack/') });
    const otherCriteria = await cloudFormation.run(create(synthesizedNumber({ areaCode: '212' }).properties, 'Number', '-second-deployment'));

    expect(renamed.status).toBe('SUCCESS');
    expect(otherCriteria.status).toBe('SUCCESS');
    expect([renamed.physicalResourceId, otherCriteria.physicalResourceId]).not.toContain(late);
  });
});

describe('races, throttles and slow associations', () => {
  it('orders another number when the first one is taken between search and order', async () => {
    await start();
    fake.loseFirstSearchResults(1);

    const outcome = await cloudFormation.run(create(synthesizedNumber({ areaCode: '206' }).properties));

    expect(outcome.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([outcome.physicalResourceId]);
  });

  it('gives up after a bounded number of numbers taken from under it', async () => {
    await start();
    fake.loseFirstSearchResults(20);

    const outcome = await cloudFormation.run(create(synthesizedNumber({ areaCode: '206' }).properties));

    expect(outcome.status).toBe('FAILED');
    expect(fake.requests.count('CreatePhoneNumberOrder')).toBeLessThanOrEqual(3);
    expect(heldNumbers()).toEqual([]);
  });

  it('polls again when throttling and server errors outlast the client\'s retries inside isComplete', async () => {
    await start();
    fake.faults.inject('GetPhoneNumberOrder', { kind: 'throttle', times: 6 });
    fake.faults.inject('GetPhoneNumberOrder', { kind: 'server-error', times: 6 });

    const outcome = await cloudFormation.run(create(synthesizedNumber({ areaCode: '206' }).properties));

    expect(outcome.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([outcome.physicalResourceId]);
  });

  it('waits for a SIP rule association to clear before releasing the number', async () => {
    await start({ associationClearingMs: 60_000 });
    const properties = synthesizedNumber({ areaCode: '206', removalPolicy: undefined }).properties;
    const number = await cloudFormation.run(create(properties));
    const rule = {
      Name: 'dial-in',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: number.physicalResourceId,
      Disabled: 'false',
      TargetApplications: [{ SipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-00000000000e', AwsRegion: 'us-east-1', Priority: '1' }],
    };
    const created = await cloudFormation.run(cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, rule, { LogicalResourceId: 'Rule' }));

    await cloudFormation.run(cloudFormation.event('Delete', SIP_RULE_RESOURCE_TYPE, rule, { LogicalResourceId: 'Rule', PhysicalResourceId: created.physicalResourceId }));
    const released = await cloudFormation.run(cloudFormation.event('Delete', PHONE_NUMBER_RESOURCE_TYPE, properties, { PhysicalResourceId: number.physicalResourceId }));

    expect(released.status).toBe('SUCCESS');
    expect(released.polls).toBeGreaterThan(1);
    expect(heldNumbers()).toEqual([]);
  });
});
