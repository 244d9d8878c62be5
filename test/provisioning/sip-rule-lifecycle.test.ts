import { CloudFormationDriver, ProvisioningHarness, startProvisioningHarness } from './cloudformation-driver';
import { PHONE_NUMBER_RESOURCE_TYPE, SIP_RULE_RESOURCE_TYPE } from '../../src/private/resource-types';
import { FakeVoiceService } from '../../src/testing/fakes';

const EAST = { SipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-00000000000e', AwsRegion: 'us-east-1', Priority: '1' };
const WEST = { SipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-00000000000w', AwsRegion: 'us-west-2', Priority: '2' };

let harness: ProvisioningHarness;
let fake: FakeVoiceService;
let cloudFormation: CloudFormationDriver;
let number: string;

beforeEach(async () => {
  harness = await startProvisioningHarness();
  ({ fake, cloudFormation } = harness);
  number = fake.addPhoneNumber('+12065550123').e164PhoneNumber;
});

afterEach(() => harness.stop());

/** Rule properties as CloudFormation hands them over: every scalar a string. */
function ruleProperties(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { Name: 'dial-in', TriggerType: 'ToPhoneNumber', TriggerValue: number, Disabled: 'false', TargetApplications: [EAST], ...overrides };
}

describe('SIP rule provisioning', () => {
  it('creates the rule with its targets, priorities as numbers, enabled', async () => {
    const outcome = await cloudFormation.run(cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, ruleProperties({ TargetApplications: [EAST, WEST] })));

    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { SipRuleId: outcome.physicalResourceId } });
    expect(fake.sipRules()).toEqual([expect.objectContaining({
      sipRuleId: outcome.physicalResourceId,
      name: 'dial-in',
      disabled: false,
      triggerValue: number,
      targetApplications: [
        expect.objectContaining({ awsRegion: 'us-east-1', priority: 1 }),
        expect.objectContaining({ awsRegion: 'us-west-2', priority: 2 }),
      ],
    })]);
  });

  it('creates one rule when CloudFormation delivers the same create twice', async () => {
    const event = cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, ruleProperties());

    const first = await cloudFormation.run(event);
    const second = await cloudFormation.run(event);

    expect(second.physicalResourceId).toBe(first.physicalResourceId);
    expect(fake.sipRules()).toHaveLength(1);
  });

  it('updates name, targets and the disabled flag in place', async () => {
    const created = await cloudFormation.run(cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, ruleProperties()));

    const updated = await cloudFormation.run(cloudFormation.event('Update', SIP_RULE_RESOURCE_TYPE,
      ruleProperties({ Name: 'dial-in-v2', Disabled: 'true', TargetApplications: [EAST, WEST] }),
      { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: ruleProperties() }));

    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(fake.sipRules()).toEqual([expect.objectContaining({ name: 'dial-in-v2', disabled: true, targetApplications: expect.arrayContaining([expect.objectContaining({ awsRegion: 'us-west-2' })]) })]);
  });

  it('creates a new rule for a new trigger, and CloudFormation\'s clean-up removes the old one', async () => {
    const created = await cloudFormation.run(cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, ruleProperties()));
    const otherNumber = fake.addPhoneNumber('+12065550124').e164PhoneNumber;

    const updated = await cloudFormation.run(cloudFormation.event('Update', SIP_RULE_RESOURCE_TYPE, ruleProperties({ TriggerValue: otherNumber }),
      { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: ruleProperties() }));
    const cleanup = await cloudFormation.run(cloudFormation.event('Delete', SIP_RULE_RESOURCE_TYPE, ruleProperties(), { PhysicalResourceId: created.physicalResourceId }));

    expect(updated.physicalResourceId).not.toBe(created.physicalResourceId);
    expect(cleanup.status).toBe('SUCCESS');
    expect(fake.sipRules().map((rule) => rule.triggerValue)).toEqual([otherNumber]);
  });

  it('disables an enabled rule before deleting it, as the service requires', async () => {
    const created = await cloudFormation.run(cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, ruleProperties()));

    const deleted = await cloudFormation.run(cloudFormation.event('Delete', SIP_RULE_RESOURCE_TYPE, ruleProperties(), { PhysicalResourceId: created.physicalResourceId }));

    expect(deleted.status).toBe('SUCCESS');
    expect(fake.sipRules()).toEqual([]);
    expect(fake.requests.entries().map((entry) => entry.operation).slice(-3)).toEqual(['GetSipRule', 'UpdateSipRule', 'DeleteSipRule']);
  });

  it('treats the delete of a rule that is already gone as done', async () => {
    const outcome = await cloudFormation.run(cloudFormation.event('Delete', SIP_RULE_RESOURCE_TYPE, ruleProperties(), {
      PhysicalResourceId: 'a1b2c3d4-0000-4000-8000-0000000000ff',
    }));

    expect(outcome.status).toBe('SUCCESS');
  });

  it('rejects properties it cannot send, naming them', async () => {
    const outcome = await cloudFormation.run(cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE,
      ruleProperties({ TargetApplications: [{ ...EAST, Priority: '0' }] })));

    expect(outcome).toMatchObject({ status: 'FAILED', reason: 'Resource property TargetApplications[0].Priority must be a whole number of at least 1, got "0".' });
  });

  it('tears a whole stack down in dependency order without leaking the number', async () => {
    const numberOutcome = await cloudFormation.run(cloudFormation.event('Create', PHONE_NUMBER_RESOURCE_TYPE,
      { Country: 'US', PhoneNumberType: 'Local', State: 'NY', City: 'New York', RemovalPolicy: 'destroy' }));
    const rule = await cloudFormation.run(cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, ruleProperties({ TriggerValue: numberOutcome.physicalResourceId })));
    expect(fake.inventory({ includeDeletionQueue: false }).find((held) => held.e164PhoneNumber === numberOutcome.physicalResourceId)?.status).toBe('Assigned');

    await cloudFormation.run(cloudFormation.event('Delete', SIP_RULE_RESOURCE_TYPE, ruleProperties(), { PhysicalResourceId: rule.physicalResourceId }));
    const numberDeleted = await cloudFormation.run(cloudFormation.event('Delete', PHONE_NUMBER_RESOURCE_TYPE,
      { Country: 'US', PhoneNumberType: 'Local', RemovalPolicy: 'destroy' }, { PhysicalResourceId: numberOutcome.physicalResourceId }));

    expect(numberDeleted.status).toBe('SUCCESS');
    expect(fake.inventory({ includeDeletionQueue: false }).map((held) => held.e164PhoneNumber)).toEqual([number]);
  });
});

describe('SIP rule rollbacks', () => {
  it('a create cancelled by CloudFormation: the Delete with a made-up physical id deletes the rule the create made', async () => {
    const cancelled = await cloudFormation.cancelledCreate(
      cloudFormation.event('Create', SIP_RULE_RESOURCE_TYPE, ruleProperties(), { LogicalResourceId: 'Rule' }), { afterPolls: 0 });

    expect(cancelled.rollback.status).toBe('SUCCESS');
    expect(fake.sipRules()).toEqual([]);
    expect(fake.inventory()).toEqual([expect.objectContaining({ e164PhoneNumber: number, status: 'Unassigned' })]);
  });
});
