import { ActionRules } from '../rules';
import { CallAndBridgeAction } from '../types/actions';
import { arrayOf, Check, integer, matching, objectOf, oneOf, required, stringMap } from '../validate';
import { ActionDefinition, buildAction, eachPascal, pascalKeys, s3Option } from './action-reader';
import { e164, s3AudioSource } from './fields';
import { S3ObjectOptions } from './play-audio';

/** Options of {@link callAndBridge}. */
export interface CallAndBridgeOptions {
  /** E.164 caller id: a number of the account, or LEG-A's `From`. */
  readonly callerIdNumber: string;
  /** Exactly one endpoint to call. */
  readonly endpoints: readonly [BridgeEndpointOptions];
  /** Seconds to wait for an answer, 1 to 120 for the builder (service default 30). */
  readonly callTimeoutSeconds?: number;
  /** Played to the caller while the B-leg rings. */
  readonly ringbackTone?: S3ObjectOptions;
  /** SIP headers: `x-...` (no reserved prefix), `User-to-User` or `Diversion`; values up to 2048 characters. Keys are kept as given. */
  readonly sipHeaders?: Readonly<Record<string, string>>;
}

/** The endpoint of {@link callAndBridge}. */
export interface BridgeEndpointOptions {
  /** `PSTN` for a phone number, `AWS` for a Voice Connector (group). */
  readonly bridgeEndpointType: 'PSTN' | 'AWS';
  /** PSTN: an E.164 number; AWS: 1 to 36 characters of the Request-URI user part. */
  readonly uri: string;
  /** AWS only (required there): the Voice Connector or Voice Connector group ARN. */
  readonly arn?: string;
}

const RESERVED_SIP_HEADER = /^x-(amzn|vine|vc|canary|voice)/i;

function sipHeaderKeyRule(key: string): string | undefined {
  if (/^(user-to-user|diversion)$/i.test(key)) {
    return undefined;
  }
  if (!/^x-/i.test(key)) {
    return 'must start with "x-", or be User-to-User or Diversion';
  }
  return RESERVED_SIP_HEADER.test(key) ? 'must not use a reserved prefix (x-amzn, x-vine, x-vc, x-canary, x-voice)' : undefined;
}

// docs/sma-model.md#call-and-bridge: 1 to 120 on the action page, 0 to 120 (as MaxCallTimeout) in the troubleshooting table.
const callTimeoutSeconds: Check<number> = (value, path, rules) =>
  integer(rules.callTimeoutSeconds === '0-120' ? 0 : 1, 120)(value, path, rules);

/**
 * The parameters of CallAndBridge (docs/sma-model.md#call-and-bridge).
 * @internal
 */
export function callAndBridgeSpec(): ActionDefinition {
  const endpoint = objectOf({
    BridgeEndpointType: required(oneOf('PSTN', 'AWS')),
    // An E.164 number also fits this; the PSTN rule is checked below, once the type is known.
    Uri: required(matching(/^[a-zA-Z0-9&=+$/%_!~*().-]{1,36}$/, 'must be 1 to 36 of a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .')),
    Arn: matching(/^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:(vc|vcg|vc-group)\/[A-Za-z0-9-]+$/, 'must be a Voice Connector (group) ARN'),
  }, (fields) => fields.BridgeEndpointType === 'AWS'
    ? fields.Arn === undefined && ['Arn', 'is required for an AWS endpoint']
    : fields.Arn !== undefined ? ['Arn', 'must not be set for a PSTN endpoint']
      : !/^\+[1-9]\d{1,14}$/.test(fields.Uri as string) && ['Uri', 'must be an E.164 number for a PSTN endpoint']);
  return {
    spec: {
      CallTimeoutSeconds: callTimeoutSeconds,
      CallerIdNumber: required(e164),
      Endpoints: required(arrayOf(endpoint, 1, 1)),
      RingbackTone: objectOf(s3AudioSource()),
      SipHeaders: stringMap(2048, sipHeaderKeyRule),
    },
  };
}

/**
 * Builds a `CallAndBridge` action, which calls a phone number or Voice Connector and bridges it to the
 * caller as LEG-B. Each bridged call counts twice toward the active-call quota.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function callAndBridge(options: CallAndBridgeOptions, rules?: Partial<ActionRules>): CallAndBridgeAction {
  return buildAction('CallAndBridge', callAndBridgeSpec(), pascalKeys(options, { endpoints: eachPascal, ringbackTone: s3Option }), rules);
}
