import {
  ChimeSDKVoiceClient,
  CreateSipRuleCommand,
  DeleteSipRuleCommand,
  GetSipRuleCommand,
  ListSipRulesCommand,
  SipRule,
  SipRuleTargetApplication,
  SipRuleTriggerType,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { unlessNotFound } from './not-found';
import { findInPages } from './paging';
import {
  IsCompleteResult,
  OnEventResult,
  optionalProperty,
  ProvisioningEvent,
  ProvisioningLifecycle,
  requiredProperty,
  requirePhysicalId,
} from './provisioning-event';

/** What a rule triggers on cannot change in place (UpdateSipRule has no trigger fields). */
const REPLACEMENT_PROPERTIES = ['TriggerType', 'TriggerValue'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates, updates and deletes one SIP rule. SIP rules change synchronously, so isComplete only
 * reports the rule's ID.
 *
 * - Create: a CloudFormation retry finds the rule the first delivery created (same name and
 *   trigger) instead of failing on the duplicate.
 * - Update: name, targets and the disabled flag change in place; a new trigger creates a new rule.
 * - Delete: disables the rule first, as the service requires; a Delete whose physical id
 *   CloudFormation made up after a cancelled create finds the rule by name and trigger.
 */
export class SipRuleLifecycle implements ProvisioningLifecycle {
  constructor(private readonly voice: ChimeSDKVoiceClient) {}

  public async onEvent(event: ProvisioningEvent): Promise<OnEventResult> {
    const wanted = desiredRule(event.ResourceProperties);
    switch (event.RequestType) {
      case 'Create':
        return { PhysicalResourceId: await this.create(wanted) };
      case 'Update':
        if (triggerChanged(event)) {
          return { PhysicalResourceId: await this.create(wanted) };
        }
        await this.voice.send(new UpdateSipRuleCommand({
          SipRuleId: requirePhysicalId(event),
          Name: wanted.Name,
          Disabled: wanted.Disabled,
          TargetApplications: wanted.TargetApplications,
        }));
        return { PhysicalResourceId: requirePhysicalId(event) };
      case 'Delete': {
        // After a cancelled create, CloudFormation sends a physical id it made up
        // (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1814): find the rule instead.
        const physicalId = requirePhysicalId(event);
        const sipRuleId = UUID.test(physicalId) ? physicalId : (await this.findRule(wanted))?.SipRuleId;
        if (sipRuleId) {
          await this.delete(sipRuleId);
        }
        return { PhysicalResourceId: physicalId };
      }
    }
  }

  public async isComplete(event: ProvisioningEvent): Promise<IsCompleteResult> {
    return { IsComplete: true, Data: event.RequestType === 'Delete' ? {} : { SipRuleId: requirePhysicalId(event) } };
  }

  private async create(wanted: DesiredRule): Promise<string> {
    const earlier = await this.findRule(wanted);
    if (earlier?.SipRuleId) {
      return earlier.SipRuleId;
    }
    const created = await this.voice.send(new CreateSipRuleCommand(wanted));
    if (!created.SipRule?.SipRuleId) {
      throw new Error(`CreateSipRule for ${wanted.Name} returned no rule ID.`);
    }
    return created.SipRule.SipRuleId;
  }

  private async delete(sipRuleId: string): Promise<void> {
    const found = await unlessNotFound(() => this.voice.send(new GetSipRuleCommand({ SipRuleId: sipRuleId })));
    if (!found) {
      return;
    }
    const rule = found.SipRule;
    if (rule && !rule.Disabled) {
      await this.voice.send(new UpdateSipRuleCommand({
        SipRuleId: sipRuleId,
        Name: rule.Name,
        Disabled: true,
        TargetApplications: rule.TargetApplications,
      }));
    }
    await unlessNotFound(() => this.voice.send(new DeleteSipRuleCommand({ SipRuleId: sipRuleId })));
  }

  private async findRule(wanted: DesiredRule): Promise<SipRule | undefined> {
    return findInPages(async (nextToken) => {
      const page = await this.voice.send(new ListSipRulesCommand({ NextToken: nextToken }));
      return { items: page.SipRules, nextToken: page.NextToken };
    }, (rule) => rule.Name === wanted.Name && rule.TriggerType === wanted.TriggerType && rule.TriggerValue === wanted.TriggerValue);
  }
}

interface DesiredRule {
  readonly Name: string;
  readonly TriggerType: SipRuleTriggerType;
  readonly TriggerValue: string;
  readonly Disabled: boolean;
  readonly TargetApplications: SipRuleTargetApplication[];
}

function desiredRule(properties: Readonly<Record<string, unknown>>): DesiredRule {
  const triggerType = requiredProperty(properties, 'TriggerType');
  if (triggerType !== 'ToPhoneNumber' && triggerType !== 'RequestUriHostname') {
    throw new Error(`Resource property TriggerType must be ToPhoneNumber or RequestUriHostname, got "${triggerType}".`);
  }
  const targets = properties.TargetApplications;
  if (!Array.isArray(targets) || targets.length === 0) {
    throw new Error(`Resource property TargetApplications must list at least one target, got ${JSON.stringify(targets)}.`);
  }
  return {
    Name: requiredProperty(properties, 'Name'),
    TriggerType: triggerType,
    TriggerValue: requiredProperty(properties, 'TriggerValue'),
    Disabled: optionalProperty(properties, 'Disabled') === 'true',
    TargetApplications: targets.map((target: Record<string, unknown>, index) => ({
      SipMediaApplicationId: requiredProperty(target, 'SipMediaApplicationId'),
      AwsRegion: requiredProperty(target, 'AwsRegion'),
      // CloudFormation hands custom resources every number as a string.
      Priority: parsePriority(target.Priority, index),
    })),
  };
}

function parsePriority(value: unknown, index: number): number {
  const priority = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(priority) || priority < 1) {
    throw new Error(`Resource property TargetApplications[${index}].Priority must be a whole number of at least 1, got ${JSON.stringify(value)}.`);
  }
  return priority;
}

function triggerChanged(event: ProvisioningEvent): boolean {
  const before = event.OldResourceProperties ?? {};
  return REPLACEMENT_PROPERTIES.some((name) => before[name] !== event.ResourceProperties[name]);
}
