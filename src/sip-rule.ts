import { CustomResource, IResource, Names, Resource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IPhoneNumber } from './phone-number';
import { SIP_RULE_RESOURCE_TYPE } from './private/resource-types';
import { VoiceProvisioningProvider } from './private/voice-provisioning-provider';
import { ISipMediaApplication } from './sip-media-application';

/** A SIP rule: routes calls that match its trigger to SIP media applications. */
export interface ISipRule extends IResource {
  /**
   * The ID of the SIP rule.
   * @attribute
   */
  readonly sipRuleId: string;
}

/** What a SIP rule matches on. */
export class SipRuleTrigger {
  /** Calls to this phone number. The number must be held by the account for SIP media application dial-in. */
  public static toPhoneNumber(phoneNumber: IPhoneNumber): SipRuleTrigger {
    return new SipRuleTrigger('ToPhoneNumber', phoneNumber.e164PhoneNumber);
  }

  /** Calls to this phone number in E.164 format, e.g. `+12065550100`. */
  public static toE164(e164: string): SipRuleTrigger {
    if (!Token.isUnresolved(e164) && !/^\+[1-9]\d{1,14}$/.test(e164)) {
      throw new Error(`trigger phone number "${e164}" is not in E.164 format: write it as + and up to 15 digits, e.g. +12065550100.`);
    }
    return new SipRuleTrigger('ToPhoneNumber', e164);
  }

  /** Calls whose request URI has this host name: a Voice Connector's outbound host name. */
  public static toRequestUriHostname(hostname: string): SipRuleTrigger {
    if (!Token.isUnresolved(hostname) && !/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+$/.test(hostname)) {
      throw new Error(`trigger host name "${hostname}" is invalid: use a Voice Connector host name such as abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws.`);
    }
    return new SipRuleTrigger('RequestUriHostname', hostname);
  }

  private constructor(
    /** `ToPhoneNumber` or `RequestUriHostname`. */
    public readonly triggerType: string,
    /** The phone number or host name. */
    public readonly triggerValue: string,
  ) {}
}

/** One SIP media application a SIP rule sends calls to. */
export interface SipRuleTargetApplication {
  /** The SIP media application; the target's region is the application's `env.region`. */
  readonly sipMediaApplication: ISipMediaApplication;

  /**
   * The order in which targets are tried (lowest first); a whole number of at least 1.
   * @default - the target's position in `targets`, counting from 1
   */
  readonly priority?: number;
}

/** Properties of a `SipRule`. */
export interface SipRuleProps {
  /** What the rule matches on. */
  readonly trigger: SipRuleTrigger;

  /**
   * The SIP media applications calls go to: 1 to 25, each in a different region. The service
   * tries them by priority and fails over to the next when it cannot invoke one.
   */
  readonly targets: SipRuleTargetApplication[];

  /**
   * The name of the rule: 1 to 256 letters, digits, spaces, `_`, `.` and `-`.
   * @default - a name derived from the construct path
   */
  readonly sipRuleName?: string;

  /**
   * Whether the rule is created disabled (calls are not routed).
   * @default false
   */
  readonly disabled?: boolean;
}

/**
 * A SIP rule, provisioned through the shared Voice custom resource provider. Name, targets and
 * the disabled flag change in place; a new trigger creates a new rule. On deletion the rule is
 * disabled first, as the service requires.
 */
export class SipRule extends Resource implements ISipRule {
  /** Refers to an existing SIP rule by ID. */
  public static fromSipRuleId(scope: Construct, id: string, sipRuleId: string): ISipRule {
    class Import extends Resource implements ISipRule {
      public readonly sipRuleId = sipRuleId;
    }
    return new Import(scope, id);
  }

  public readonly sipRuleId: string;

  constructor(scope: Construct, id: string, props: SipRuleProps) {
    super(scope, id);
    const name = props.sipRuleName
      ?? Names.uniqueResourceName(this, { maxLength: 256, separator: '-', allowedSpecialCharacters: '_.-' });
    validateName(name);
    const targets = resolveTargets(props.targets);

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: VoiceProvisioningProvider.of(this).serviceToken,
      resourceType: SIP_RULE_RESOURCE_TYPE,
      properties: {
        Name: name,
        TriggerType: props.trigger.triggerType,
        TriggerValue: props.trigger.triggerValue,
        Disabled: props.disabled ?? false,
        TargetApplications: targets.map((target) => ({
          SipMediaApplicationId: target.application.sipMediaApplicationId,
          AwsRegion: target.application.env.region,
          Priority: target.priority,
        })),
      },
    });
    this.sipRuleId = resource.ref;
  }
}

const MAX_TARGETS = 25;

interface ResolvedTarget {
  readonly application: ISipMediaApplication;
  readonly priority: number;
}

function resolveTargets(targets: SipRuleTargetApplication[]): ResolvedTarget[] {
  if (targets.length < 1 || targets.length > MAX_TARGETS) {
    throw new Error(`targets has ${targets.length} entries: a SIP rule needs 1 to ${MAX_TARGETS} target SIP media applications.`);
  }
  const resolved = targets.map((target, index) => ({
    application: target.sipMediaApplication,
    priority: target.priority ?? index + 1,
  }));
  const regions = new Map<string, number>();
  const priorities = new Map<number, number>();
  resolved.forEach((target, index) => {
    const { priority } = target;
    if (!Token.isUnresolved(priority) && (!Number.isInteger(priority) || priority < 1)) {
      throw new Error(`targets[${index}].priority ${priority} is invalid: use a whole number of at least 1.`);
    }
    if (priorities.has(priority)) {
      throw new Error(`targets[${index}].priority ${priority} is already used by targets[${priorities.get(priority)}]: give each target its own priority so the failover order is clear.`);
    }
    priorities.set(priority, index);
    const region = target.application.env.region;
    if (!Token.isUnresolved(region)) {
      if (regions.has(region)) {
        throw new Error(`targets[${index}] is in region "${region}" like targets[${regions.get(region)}]: a SIP rule can target only one SIP media application per region.`);
      }
      regions.set(region, index);
    }
  });
  return resolved;
}

function validateName(name: string): void {
  if (!Token.isUnresolved(name) && !/^[a-zA-Z0-9 _.-]{1,256}$/.test(name)) {
    throw new Error(`sipRuleName "${name}" is invalid: use 1 to 256 letters, digits, spaces, '_', '.' or '-'.`);
  }
}
