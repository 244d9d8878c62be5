import { CustomResource, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PHONE_NUMBER_RESOURCE_TYPE } from './private/resource-types';
import { VoiceProvisioningProvider } from './private/voice-provisioning-provider';

/** A phone number the account holds for SIP media application dial-in. */
export interface IPhoneNumber extends IResource {
  /**
   * The number in E.164 format, e.g. `+12065550100`.
   * @attribute
   */
  readonly e164PhoneNumber: string;
}

/** The kind of number to order. */
export enum PhoneNumberType {
  /** A local (geographic) number. */
  LOCAL = 'Local',
  /** A toll-free number. */
  TOLL_FREE = 'TollFree',
}

/** Properties of a `PhoneNumber`: what to search the available numbers by. */
export interface PhoneNumberProps {
  /**
   * The kind of number.
   * @default - `TOLL_FREE` when `tollFreePrefix` is set, otherwise `LOCAL`
   */
  readonly phoneNumberType?: PhoneNumberType;

  /**
   * The ISO 3166-1 alpha-2 country code of the number.
   * @default 'US'
   */
  readonly country?: string;

  /**
   * The area code of a local US number (three digits). US numbers only: the Voice API searches
   * numbers outside the US by `phoneNumberType` alone.
   * @default - any area code
   */
  readonly areaCode?: string;

  /**
   * The state of a local US number (two capitals, e.g. `NY`). US numbers only.
   * @default - 'WA' when neither `areaCode` nor `state` is given: the Voice API needs one of them to
   * search local US numbers
   */
  readonly state?: string;

  /**
   * The city of a local US number; needs `state`. US numbers only.
   * @default - any city
   */
  readonly city?: string;

  /**
   * The prefix of a US toll-free number: 800, 833, 844, 855, 866, 877 or 888. Required for a US
   * toll-free number; not allowed outside the US.
   * @default - none (required for a US toll-free number)
   */
  readonly tollFreePrefix?: string;

  /**
   * What happens to the number when CloudFormation deletes or replaces this resource.
   * `RETAIN` (or `RETAIN_ON_UPDATE_OR_DELETE`, the same) keeps the number in the account (it stays
   * billed and counts against the phone number quota) so that a stack change never loses a number
   * callers know; `DESTROY` releases it to the deletion queue, where it can be restored for 7 days.
   * Either way, a number ordered by a deployment that rolls back is released: it never served a
   * caller (CloudFormation's `RetainExceptOnCreate` deletion policy). A kept number that no SIP
   * rule routes is taken back by the next deployment of a stack with the same name, region,
   * logical id and search criteria, which then orders none.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A phone number ordered for SIP media application dial-in (`SipMediaApplicationDialIn`).
 * Ordering is asynchronous: the deployment waits for the order and fails with its status if it
 * does not succeed. Phone numbers can only be ordered from stacks in us-east-1 or us-west-2.
 */
export class PhoneNumber extends Resource implements IPhoneNumber {
  /** Uses a number the account already holds, e.g. `+12065550100`. */
  public static fromE164(scope: Construct, id: string, e164: string): IPhoneNumber {
    validateE164(e164);
    class Import extends Resource implements IPhoneNumber {
      public readonly e164PhoneNumber = e164;
    }
    return new Import(scope, id);
  }

  public readonly e164PhoneNumber: string;

  constructor(scope: Construct, id: string, props: PhoneNumberProps = {}) {
    super(scope, id);
    const phoneNumberType = props.phoneNumberType
      ?? (props.tollFreePrefix !== undefined ? PhoneNumberType.TOLL_FREE : PhoneNumberType.LOCAL);
    const country = props.country ?? 'US';
    validateRegion(Stack.of(this).region);
    validateCriteria(props, phoneNumberType, country);

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: VoiceProvisioningProvider.of(this).serviceToken,
      resourceType: PHONE_NUMBER_RESOURCE_TYPE,
      properties: {
        Country: country,
        PhoneNumberType: phoneNumberType,
        AreaCode: props.areaCode,
        State: props.state ?? defaultState(props, phoneNumberType, country),
        City: props.city,
        TollFreePrefix: props.tollFreePrefix,
      },
    });
    // CloudFormation, not the handler, decides whether a Delete comes: RetainExceptOnCreate keeps
    // the number on stack deletion and removal, and still deletes it when the deployment that
    // created it rolls back (DeletionPolicy attribute,
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
    resource.applyRemovalPolicy(cloudFormationRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN));
    this.e164PhoneNumber = resource.ref;
  }
}

const PHONE_NUMBER_REGIONS = ['us-east-1', 'us-west-2'];
const E164 = /^\+[1-9]\d{1,14}$/;
const US = 'US';

/** The state searched for a local US number when no area code or state narrows the search. */
const DEFAULT_US_STATE = 'WA';

function defaultState(props: PhoneNumberProps, type: PhoneNumberType, country: string): string | undefined {
  const narrowed = props.areaCode !== undefined || props.state !== undefined;
  return country === US && type === PhoneNumberType.LOCAL && !narrowed ? DEFAULT_US_STATE : undefined;
}

function validateE164(e164: string): void {
  if (!Token.isUnresolved(e164) && !E164.test(e164)) {
    throw new Error(`phone number "${e164}" is not in E.164 format: write it as + and up to 15 digits, e.g. +12065550100.`);
  }
}

function validateRegion(region: string): void {
  if (!Token.isUnresolved(region) && !PHONE_NUMBER_REGIONS.includes(region)) {
    throw new Error(
      `PhoneNumber cannot be ordered in region "${region}": phone numbers are provisioned only in us-east-1 and us-west-2. `
      + 'Order it from a stack there, or use PhoneNumber.fromE164() with a number the account holds.',
    );
  }
}

/**
 * The Voice API's rule for SearchAvailablePhoneNumbers
 * (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_SearchAvailablePhoneNumbers.html):
 * "For US numbers, provide at least one of the following search filters: AreaCode, City, State, or
 * TollFreePrefix. If you provide City, you must also provide State. Numbers outside the US only
 * support the PhoneNumberType filter, which you must use."
 */
function validateCriteria(props: PhoneNumberProps, type: PhoneNumberType, country: string): void {
  check('country', country, /^[A-Z]{2}$/, 'use an ISO 3166-1 alpha-2 code in capitals, e.g. US');
  if (!Token.isUnresolved(country) && country !== US) {
    const usOnly = (['areaCode', 'state', 'city', 'tollFreePrefix'] as const).filter((name) => props[name] !== undefined);
    if (usOnly.length > 0) {
      throw new Error(
        `${usOnly.join(', ')} cannot narrow the search for a number in country "${country}": the Voice API searches numbers `
        + 'outside the US by phoneNumberType only. Remove them, or set country to US.',
      );
    }
    return;
  }
  if (type === PhoneNumberType.TOLL_FREE) {
    for (const [name, value] of [['areaCode', props.areaCode], ['state', props.state], ['city', props.city]] as const) {
      if (value !== undefined) {
        throw new Error(`${name} "${value}" does not apply to a toll-free number: remove it, or order a LOCAL number.`);
      }
    }
    if (props.tollFreePrefix === undefined) {
      throw new Error('tollFreePrefix is required for a US toll-free number (the Voice API searches them by prefix): '
        + 'set it to 800, 833, 844, 855, 866, 877 or 888.');
    }
    check('tollFreePrefix', props.tollFreePrefix, /^8(00|33|44|55|66|77|88)$/, 'use 800, 833, 844, 855, 866, 877 or 888');
    return;
  }
  if (props.tollFreePrefix !== undefined) {
    throw new Error(`tollFreePrefix "${props.tollFreePrefix}" only applies to a TOLL_FREE number: remove it, or set phoneNumberType to TOLL_FREE.`);
  }
  check('areaCode', props.areaCode, /^[2-9]\d{2}$/, 'use the three digits of a US area code, e.g. 206');
  check('state', props.state, /^[A-Z]{2}$/, 'use the two-letter state code in capitals, e.g. WA');
  check('city', props.city, /^\S(.{0,62}\S)?$/, 'use the city name');
  if (props.city !== undefined && props.state === undefined) {
    throw new Error(`city "${props.city}" needs a state: set state too (numbers are searched by state and city).`);
  }
}

function check(field: string, value: string | undefined, pattern: RegExp, advice: string): void {
  if (value !== undefined && !Token.isUnresolved(value) && !pattern.test(value)) {
    throw new Error(`${field} "${value}" is invalid: ${advice}.`);
  }
}

function cloudFormationRemovalPolicy(policy: RemovalPolicy): RemovalPolicy {
  switch (policy) {
    case RemovalPolicy.RETAIN:
    case RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE:
      return RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    case RemovalPolicy.DESTROY:
      return RemovalPolicy.DESTROY;
    default:
      throw new Error(`removalPolicy "${policy}" is not supported for a phone number: use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY.`);
  }
}
