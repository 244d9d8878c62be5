import type { IdStream, SeededIds } from '../ids';
import { FakeServiceError, badRequest, notFound } from '../service-error';
import type { PhoneNumberInventory } from './phone-number-inventory';
import { normalizeE164 } from './phone-number-inventory';
import type { SipRuleSnapshot, SipRuleTargetSnapshot } from './voice-types';

/** A SIP rule target as sent on the wire (every member optional in the model). */
export interface SipRuleTargetParams {
  readonly SipMediaApplicationId?: string;
  readonly Priority?: number;
  readonly AwsRegion?: string;
}

/** CreateSipRule's body. */
export interface CreateSipRuleParams {
  readonly Name: string;
  readonly TriggerType: 'ToPhoneNumber' | 'RequestUriHostname';
  readonly TriggerValue: string;
  readonly Disabled?: boolean;
  readonly TargetApplications?: readonly SipRuleTargetParams[];
}

/** UpdateSipRule's body; absent members stay as they are. */
export interface UpdateSipRuleParams {
  readonly Name: string;
  readonly Disabled?: boolean;
  readonly TargetApplications?: readonly SipRuleTargetParams[];
}

/** Regions with SIP media applications (docs/sma-model.md#voice-regions). */
export const VOICE_REGIONS: readonly string[] = [
  'us-east-1', 'us-west-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2',
];

interface SipRuleRecord {
  readonly sipRuleId: string;
  name: string;
  disabled: boolean;
  readonly triggerType: 'ToPhoneNumber' | 'RequestUriHostname';
  readonly triggerValue: string;
  targetApplications: SipRuleTargetSnapshot[];
  readonly createdAt: number;
  updatedAt: number;
}

/**
 * The account's SIP rules and the rules the service enforces on them: a ToPhoneNumber trigger is
 * a number the account holds with ProductType SipMediaApplicationDialIn; one rule per trigger;
 * targets name an application, a priority of at least 1 and a Region, at most one per Region; a
 * rule must be disabled before it is deleted. An enabled ToPhoneNumber rule is the number's
 * association (status `Assigned`).
 *
 * Not checked: that the target SIP media applications exist (the fake keeps no SIP media applications).
 */
export class SipRuleBook {
  private readonly rules = new Map<string, SipRuleRecord>();
  private readonly ruleIds: IdStream;

  constructor(private readonly now: () => number, ids: SeededIds, private readonly inventory: PhoneNumberInventory) {
    this.ruleIds = ids.stream('sip-rule');
  }

  /** Applies CreateSipRule. */
  public create(params: CreateSipRuleParams): SipRuleSnapshot {
    const triggerValue = params.TriggerType === 'ToPhoneNumber' ? normalizeE164(params.TriggerValue) : params.TriggerValue;
    const clash = [...this.rules.values()].find((rule) => rule.triggerType === params.TriggerType && rule.triggerValue === triggerValue);
    if (clash) {
      throw new FakeServiceError('ConflictException', `SIP rule ${clash.sipRuleId} already has this trigger`);
    }
    const disabled = params.Disabled ?? false;
    if (params.TriggerType === 'ToPhoneNumber') {
      this.checkTriggerNumber(triggerValue);
    }
    const now = this.now();
    const rule: SipRuleRecord = {
      sipRuleId: this.ruleIds.uuid(),
      name: params.Name,
      disabled,
      triggerType: params.TriggerType,
      triggerValue,
      targetApplications: checkTargets(params.TargetApplications ?? []),
      createdAt: now,
      updatedAt: now,
    };
    this.rules.set(rule.sipRuleId, rule);
    this.syncAssociation(rule);
    return snapshot(rule);
  }

  /** A rule, or NotFoundException. */
  public get(sipRuleId: string): SipRuleSnapshot {
    return snapshot(this.require(sipRuleId));
  }

  /** Applies UpdateSipRule. Enabling a ToPhoneNumber rule checks its number again. */
  public update(sipRuleId: string, params: UpdateSipRuleParams): SipRuleSnapshot {
    const rule = this.require(sipRuleId);
    const targets = params.TargetApplications === undefined ? rule.targetApplications : checkTargets(params.TargetApplications);
    const disabled = params.Disabled ?? rule.disabled;
    if (!disabled && rule.disabled && rule.triggerType === 'ToPhoneNumber') {
      this.checkTriggerNumber(rule.triggerValue);
    }
    rule.name = params.Name;
    rule.disabled = disabled;
    rule.targetApplications = targets;
    rule.updatedAt = this.now();
    this.syncAssociation(rule);
    return snapshot(rule);
  }

  /** Applies DeleteSipRule: ConflictException while the rule is enabled. */
  public delete(sipRuleId: string): void {
    const rule = this.require(sipRuleId);
    if (!rule.disabled) {
      throw new FakeServiceError('ConflictException', `SIP rule ${sipRuleId} is enabled; disable it before deleting it`);
    }
    this.rules.delete(sipRuleId);
  }

  /** Every rule, oldest first. */
  public list(): SipRuleSnapshot[] {
    return [...this.rules.values()].map(snapshot);
  }

  private require(sipRuleId: string): SipRuleRecord {
    const rule = this.rules.get(sipRuleId);
    if (!rule) {
      throw notFound(`SIP rule ${sipRuleId} does not exist`);
    }
    return rule;
  }

  private checkTriggerNumber(e164PhoneNumber: string): void {
    const number = this.inventory.findUsableNumber(e164PhoneNumber);
    if (!number) {
      throw badRequest('The ToPhoneNumber trigger must be a phone number this account holds (not on order, not being deleted)');
    }
    if (number.productType !== 'SipMediaApplicationDialIn') {
      throw badRequest(`The ToPhoneNumber trigger must have ProductType SipMediaApplicationDialIn, not ${number.productType}`);
    }
  }

  private syncAssociation(rule: SipRuleRecord): void {
    if (rule.triggerType !== 'ToPhoneNumber') {
      return;
    }
    if (rule.disabled) {
      this.inventory.dissociate(rule.triggerValue, rule.sipRuleId);
    } else {
      this.inventory.associate(rule.triggerValue, rule.sipRuleId);
    }
  }
}

function checkTargets(targets: readonly SipRuleTargetParams[]): SipRuleTargetSnapshot[] {
  const regions = new Set<string>();
  return targets.map((target, index) => {
    const where = `TargetApplications[${index}]`;
    if (target.SipMediaApplicationId === undefined || target.Priority === undefined || target.AwsRegion === undefined) {
      throw badRequest(`${where} needs SipMediaApplicationId, Priority and AwsRegion`);
    }
    if (!VOICE_REGIONS.includes(target.AwsRegion)) {
      throw badRequest(`${where}.AwsRegion ${target.AwsRegion} has no SIP media applications`);
    }
    if (regions.has(target.AwsRegion)) {
      throw badRequest(`${where}.AwsRegion ${target.AwsRegion} repeats a Region: a SIP rule has at most one target per Region`);
    }
    regions.add(target.AwsRegion);
    return { sipMediaApplicationId: target.SipMediaApplicationId, priority: target.Priority, awsRegion: target.AwsRegion };
  });
}

function snapshot(rule: SipRuleRecord): SipRuleSnapshot {
  return { ...rule, targetApplications: rule.targetApplications.map((target) => ({ ...target })) };
}
