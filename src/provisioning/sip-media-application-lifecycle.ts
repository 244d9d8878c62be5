import {
  ChimeSDKVoiceClient,
  CreateSipMediaApplicationCommand,
  DeleteSipMediaApplicationCommand,
  ListSipMediaApplicationsCommand,
  SipMediaApplication,
  UpdateSipMediaApplicationCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { unlessNotFound } from './not-found';
import { findInPages } from './paging';
import {
  IsCompleteResult,
  OnEventResult,
  ProvisioningEvent,
  ProvisioningLifecycle,
  requiredProperty,
  requirePhysicalId,
} from './provisioning-event';

/** What a SIP media application runs in cannot change in place (UpdateSipMediaApplication has no Region). */
const REPLACEMENT_PROPERTIES = ['AwsRegion'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates, updates and deletes one SIP media application through the Voice API
 * (CreateSipMediaApplication, UpdateSipMediaApplication, DeleteSipMediaApplication), for the
 * Regions where CloudFormation has no `AWS::Chime::SipMediaApplication`. The calls are
 * synchronous, so isComplete only reports the application's ID and ARN.
 *
 * - Create: a repeated delivery finds the application the first one created (same name, Region
 *   and handler) instead of creating a second.
 * - Update: name and handler change in place; a new Region creates a new application.
 * - Delete: deletes the application; a Delete whose physical id CloudFormation made up after a
 *   cancelled create finds the application by name, Region and handler.
 */
export class SipMediaApplicationLifecycle implements ProvisioningLifecycle {
  constructor(private readonly voice: ChimeSDKVoiceClient) {}

  public async onEvent(event: ProvisioningEvent): Promise<OnEventResult> {
    const wanted = desiredApplication(event.ResourceProperties);
    switch (event.RequestType) {
      case 'Create':
        return answer(await this.create(wanted));
      case 'Update':
        if (regionChanged(event)) {
          return answer(await this.create(wanted));
        }
        return answer((await this.voice.send(new UpdateSipMediaApplicationCommand({
          SipMediaApplicationId: requirePhysicalId(event),
          Name: wanted.Name,
          Endpoints: wanted.Endpoints,
        }))).SipMediaApplication);
      case 'Delete':
        await this.delete(event, wanted);
        return { PhysicalResourceId: requirePhysicalId(event) };
    }
  }

  public async isComplete(_event: ProvisioningEvent): Promise<IsCompleteResult> {
    return { IsComplete: true };
  }

  private async create(wanted: DesiredApplication): Promise<SipMediaApplication | undefined> {
    const earlier = await this.find(wanted);
    if (earlier) {
      return earlier;
    }
    return (await this.voice.send(new CreateSipMediaApplicationCommand(wanted))).SipMediaApplication;
  }

  private async delete(event: ProvisioningEvent, wanted: DesiredApplication): Promise<void> {
    const physicalId = requirePhysicalId(event);
    const sipMediaApplicationId = UUID.test(physicalId) ? physicalId : (await this.find(wanted))?.SipMediaApplicationId;
    if (!sipMediaApplicationId) {
      return;
    }
    await unlessNotFound(() => this.voice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: sipMediaApplicationId })));
  }

  private async find(wanted: DesiredApplication): Promise<SipMediaApplication | undefined> {
    return findInPages(async (nextToken) => {
      const page = await this.voice.send(new ListSipMediaApplicationsCommand({ NextToken: nextToken }));
      return { items: page.SipMediaApplications, nextToken: page.NextToken };
    }, (application) => application.Name === wanted.Name
      && application.AwsRegion === wanted.AwsRegion
      && application.Endpoints?.[0]?.LambdaArn === wanted.Endpoints[0].LambdaArn);
  }
}

interface DesiredApplication {
  readonly Name: string;
  readonly AwsRegion: string;
  readonly Endpoints: Array<{ LambdaArn: string }>;
}

function desiredApplication(properties: Readonly<Record<string, unknown>>): DesiredApplication {
  return {
    Name: requiredProperty(properties, 'Name'),
    AwsRegion: requiredProperty(properties, 'AwsRegion'),
    Endpoints: [{ LambdaArn: requiredProperty(properties, 'LambdaArn') }],
  };
}

function answer(application: SipMediaApplication | undefined): OnEventResult {
  if (!application?.SipMediaApplicationId || !application.SipMediaApplicationArn) {
    throw new Error('The Voice API returned no SIP media application ID or ARN.');
  }
  return {
    PhysicalResourceId: application.SipMediaApplicationId,
    Data: { SipMediaApplicationId: application.SipMediaApplicationId, SipMediaApplicationArn: application.SipMediaApplicationArn },
  };
}

function regionChanged(event: ProvisioningEvent): boolean {
  const before = event.OldResourceProperties ?? {};
  return REPLACEMENT_PROPERTIES.some((name) => before[name] !== event.ResourceProperties[name]);
}
