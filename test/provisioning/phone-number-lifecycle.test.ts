import { CloudFormationDriver, ProvisioningHarness, startProvisioningHarness } from './cloudformation-driver';
import { PHONE_NUMBER_RESOURCE_TYPE } from '../../src/private/resource-types';
import { FakeVoiceService } from '../../src/testing/fakes';

const SEATTLE = { Country: 'US', PhoneNumberType: 'Local', AreaCode: '206', RemovalPolicy: 'destroy' };

let harness: ProvisioningHarness;
let fake: FakeVoiceService;
let cloudFormation: CloudFormationDriver;

beforeEach(async () => {
  harness = await startProvisioningHarness({ orderProcessingMs: 45_000 });
  ({ fake, cloudFormation } = harness);
});

afterEach(() => harness.stop());

/** The numbers the account holds, outside the deletion queue: the judge of leaks. */
function heldNumbers(): string[] {
  return fake.inventory({ includeDeletionQueue: false }).map((number) => number.e164PhoneNumber);
}

function create(properties: Record<string, unknown> = SEATTLE) {
  return cloudFormation.event('Create', PHONE_NUMBER_RESOURCE_TYPE, properties);
}

function deleteOf(physicalResourceId: string, properties: Record<string, unknown> = SEATTLE) {
  return cloudFormation.event('Delete', PHONE_NUMBER_RESOURCE_TYPE, properties, { PhysicalResourceId: physicalResourceId });
}

describe('phone number provisioning', () => {
  it('orders a number matching the criteria and reports it once the order succeeds', async () => {
    const outcome = await cloudFormation.run(create());

    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: expect.stringMatching(/^\+1206\d{7}$/) });
    expect(outcome.data.PhoneNumberId).toBe(outcome.physicalResourceId);
    expect(outcome.polls).toBeGreaterThan(1);
    expect(heldNumbers()).toEqual([outcome.physicalResourceId]);
    expect(fake.inventory()[0]).toMatchObject({ productType: 'SipMediaApplicationDialIn', status: 'Unassigned' });
  });

  it('orders only once when CloudFormation delivers the same create twice', async () => {
    const event = create();

    const first = await cloudFormation.run(event);
    const second = await cloudFormation.run(event);

    expect(second.physicalResourceId).toBe(first.physicalResourceId);
    expect(fake.phoneNumberOrders()).toHaveLength(1);
    expect(heldNumbers()).toHaveLength(1);
  });

  it('orders a second number for a second resource', async () => {
    await cloudFormation.run(create());
    await cloudFormation.run(cloudFormation.event('Create', PHONE_NUMBER_RESOURCE_TYPE, SEATTLE, { LogicalResourceId: 'OtherNumber' }));

    expect(heldNumbers()).toHaveLength(2);
  });

  it('fails the create with the order status when the order fails, and the rollback leaks nothing', async () => {
    fake.queueOrderOutcome({ kind: 'failed' });

    const outcome = await cloudFormation.run(create());
    const rollback = await cloudFormation.run(deleteOf(outcome.physicalResourceId!));

    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/ended with status Failed: the number was not provisioned/);
    expect(rollback.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([]);
  });

  it('times out on an order stuck in processing instead of waiting forever', async () => {
    fake.queueOrderOutcome({ kind: 'stuck' });

    const outcome = await cloudFormation.run(create());

    expect(outcome).toMatchObject({ status: 'FAILED', reason: 'Operation timed out' });
  });

  it('releases a number whose slow order completes only after the create timed out, whatever an earlier template asked', async () => {
    fake.queueOrderOutcome({ kind: 'successful', processingMs: 40 * 60_000 });
    const outcome = await cloudFormation.run(create({ ...SEATTLE, RemovalPolicy: 'retain' }));

    const rollback = await cloudFormation.run(deleteOf(outcome.physicalResourceId!, { ...SEATTLE, RemovalPolicy: 'retain' }));

    expect(outcome).toMatchObject({ status: 'FAILED', reason: 'Operation timed out' });
    expect(rollback.polls).toBeGreaterThan(1);
    expect(rollback.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([]);
  });

  it('fails clearly when no number matches the criteria', async () => {
    const outcome = await cloudFormation.run(create({ ...SEATTLE, AreaCode: '999' }));

    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('No phone number is available for');
    expect(outcome.reason).toContain('"AreaCode":"999"');
    expect(heldNumbers()).toEqual([]);
  });

  it('rides out throttling and server errors within the retry budget', async () => {
    fake.faults.inject('SearchAvailablePhoneNumbers', { kind: 'throttle', times: 2 });
    fake.faults.inject('CreatePhoneNumberOrder', { kind: 'server-error', times: 1 });
    fake.faults.inject('GetPhoneNumberOrder', { kind: 'unavailable', times: 3 });

    const outcome = await cloudFormation.run(create());

    expect(outcome.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([outcome.physicalResourceId]);
    expect(fake.phoneNumberOrders()).toHaveLength(1);
  });

  it('surfaces an error that outlasts the retries and leaves no number behind', async () => {
    fake.faults.inject('CreatePhoneNumberOrder', { kind: 'throttle' });

    const outcome = await cloudFormation.run(create());

    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toBeTruthy();
    expect(heldNumbers()).toEqual([]);
  });

  it('keeps the number on an update that changes nothing it was ordered by', async () => {
    const created = await cloudFormation.run(create());

    const updated = await cloudFormation.run(cloudFormation.event('Update', PHONE_NUMBER_RESOURCE_TYPE, { ...SEATTLE, RemovalPolicy: 'retain' }, {
      PhysicalResourceId: created.physicalResourceId, OldResourceProperties: SEATTLE,
    }));

    expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: created.physicalResourceId });
    expect(fake.phoneNumberOrders()).toHaveLength(1);
  });

  it('replaces the number when the criteria change, and CloudFormation\'s clean-up releases the old one', async () => {
    const created = await cloudFormation.run(create());
    const newYork = { ...SEATTLE, AreaCode: '212' };

    const updated = await cloudFormation.run(cloudFormation.event('Update', PHONE_NUMBER_RESOURCE_TYPE, newYork, {
      PhysicalResourceId: created.physicalResourceId, OldResourceProperties: SEATTLE,
    }));
    await cloudFormation.run(deleteOf(created.physicalResourceId!, SEATTLE));

    expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: expect.stringMatching(/^\+1212/) });
    expect(heldNumbers()).toEqual([updated.physicalResourceId]);
  });

  it('keeps a number in service when a template of an earlier version asks the handler to retain it', async () => {
    const retained = { ...SEATTLE, RemovalPolicy: 'retain' };
    const created = await cloudFormation.run(create(retained));

    const deleted = await cloudFormation.run(deleteOf(created.physicalResourceId!, retained));

    expect(deleted.status).toBe('SUCCESS');
    expect(fake.inventory({ includeDeletionQueue: false })).toEqual([expect.objectContaining({ e164PhoneNumber: created.physicalResourceId, status: 'Unassigned' })]);
  });

  it('moves the number to the deletion queue when its removal policy is destroy', async () => {
    const created = await cloudFormation.run(create());

    const deleted = await cloudFormation.run(deleteOf(created.physicalResourceId!));

    expect(deleted.status).toBe('SUCCESS');
    expect(heldNumbers()).toEqual([]);
    expect(fake.inventory({ includeDeletionQueue: true })).toEqual([
      expect.objectContaining({ e164PhoneNumber: created.physicalResourceId, status: 'DeleteInProgress' }),
    ]);
  });

  it('treats the delete of a number that is already gone as done', async () => {
    const outcome = await cloudFormation.run(deleteOf('+12065550199'));

    expect(outcome.status).toBe('SUCCESS');
  });
});
