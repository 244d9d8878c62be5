import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CloudFormationDriver, ProvisioningHarness, startProvisioningHarness } from './cloudformation-driver';
import { SipMediaApplication } from '../../src';
import { SIP_MEDIA_APPLICATION_RESOURCE_TYPE } from '../../src/private/resource-types';
import { FakeVoiceService } from '../../src/testing/fakes';

const HANDLER = 'arn:aws:lambda:us-west-2:111122223333:function:dial-in';

let harness: ProvisioningHarness;
let fake: FakeVoiceService;
let cloudFormation: CloudFormationDriver;

beforeEach(async () => {
  harness = await startProvisioningHarness({ region: 'us-west-2' });
  ({ fake, cloudFormation } = harness);
});

afterEach(() => harness.stop());

/** The properties a us-west-2 SipMediaApplication synthesizes, with the handler's ARN as CloudFormation resolves it. */
function synthesizedProperties(): Record<string, unknown> {
  const stack = new Stack(new App(), 'DialIn', { env: { account: '111122223333', region: 'us-west-2' } });
  const handler = lambda.Function.fromFunctionAttributes(stack, 'Handler', { functionArn: HANDLER, sameEnvironment: true });
  new SipMediaApplication(stack, 'Sma', { handler, sipMediaApplicationName: 'dial-in' });
  const [resource] = Object.values(Template.fromStack(stack).findResources(SIP_MEDIA_APPLICATION_RESOURCE_TYPE));
  const { ServiceToken: _token, ...properties } = resource.Properties as Record<string, unknown>;
  return properties;
}

function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, extra = {}) {
  return cloudFormation.event(requestType, SIP_MEDIA_APPLICATION_RESOURCE_TYPE, properties, { LogicalResourceId: 'Sma', ...extra });
}

describe('SIP media application provisioning through the Voice API', () => {
  it('creates, updates the endpoint of, and deletes the application', async () => {
    const properties = synthesizedProperties();

    const created = await cloudFormation.run(event('Create', properties));
    expect(created).toMatchObject({
      status: 'SUCCESS',
      data: { SipMediaApplicationArn: `arn:aws:chime:us-west-2:111122223333:sma/${created.physicalResourceId}` },
    });
    expect(fake.sipMediaApplications()).toEqual([expect.objectContaining({ name: 'dial-in', awsRegion: 'us-west-2', endpoints: [HANDLER] })]);

    const moved = { ...properties, LambdaArn: `${HANDLER}-v2` };
    const updated = await cloudFormation.run(event('Update', moved, { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: properties }));
    expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: created.physicalResourceId });
    expect(fake.sipMediaApplications()).toEqual([expect.objectContaining({ endpoints: [`${HANDLER}-v2`] })]);

    const deleted = await cloudFormation.run(event('Delete', moved, { PhysicalResourceId: created.physicalResourceId }));
    expect(deleted.status).toBe('SUCCESS');
    expect(fake.sipMediaApplications()).toEqual([]);
  });

  it('creates one application when CloudFormation delivers the create twice', async () => {
    const create = event('Create', synthesizedProperties());

    const first = await cloudFormation.run(create);
    const second = await cloudFormation.run(create);

    expect(second.physicalResourceId).toBe(first.physicalResourceId);
    expect(fake.sipMediaApplications()).toHaveLength(1);
  });

  it('deletes the application of a cancelled create, whose Delete carries a made-up physical id', async () => {
    const cancelled = await cloudFormation.cancelledCreate(event('Create', synthesizedProperties()), { afterPolls: 0 });

    expect(cancelled.rollback.status).toBe('SUCCESS');
    expect(fake.sipMediaApplications()).toEqual([]);
  });

  it('treats the delete of an application that is already gone as done', async () => {
    const outcome = await cloudFormation.run(event('Delete', synthesizedProperties(), { PhysicalResourceId: 'a1b2c3d4-0000-4000-8000-000000000009' }));

    expect(outcome.status).toBe('SUCCESS');
  });
});
