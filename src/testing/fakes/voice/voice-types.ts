/** What a phone number is provisioned for. */
export type PhoneNumberProductType = 'VoiceConnector' | 'SipMediaApplicationDialIn';

/** Local or toll-free. */
export type PhoneNumberType = 'Local' | 'TollFree';

/** The phone-number statuses the fake uses (a subset of the service's). */
export type PhoneNumberStatus = 'AcquireInProgress' | 'Unassigned' | 'Assigned' | 'DeleteInProgress';

/**
 * Order statuses that wait on a person (the account owner, AWS Support or a carrier), never on the
 * order itself: PendingDocuments (the owner must upload documents), ChangeRequested (the owner
 * must change the order), FOC (a carrier's firm order commitment date), Submitted, Exception.
 * They are members of `PhoneNumberOrderStatus` in the Voice API reference
 * (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_PhoneNumberOrder.html).
 */
export type WaitingOrderStatus = 'PendingDocuments' | 'ChangeRequested' | 'FOC' | 'Submitted' | 'Exception';

/** The order statuses the fake uses (a subset of the service's). */
export type PhoneNumberOrderStatus = 'Processing' | 'Successful' | 'Failed' | 'Partial' | WaitingOrderStatus;

/** The status of one number in an order. */
export type OrderedPhoneNumberStatus = 'Processing' | 'Acquired' | 'Failed';

/** A link from a phone number to what routes its calls (for SIP media application numbers: a SIP rule). */
export interface PhoneNumberAssociationSnapshot {
  /** `SipRuleId` (the fake has no Voice Connectors). */
  readonly name: 'SipRuleId';
  /** The SIP rule ID. */
  readonly value: string;
  /** When the association was made (fake clock). */
  readonly associatedAt: number;
}

/** A phone number the account holds. */
export interface PhoneNumberSnapshot {
  /** The phone number ID; the service uses the E.164 number itself. */
  readonly phoneNumberId: string;
  /** The number in E.164 form, with `+`. */
  readonly e164PhoneNumber: string;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
  /** Local or toll-free. */
  readonly type: PhoneNumberType;
  /** What the number is provisioned for. */
  readonly productType: PhoneNumberProductType;
  /** `AcquireInProgress` while its order runs, `Unassigned`/`Assigned` once held, `DeleteInProgress` in the deletion queue. */
  readonly status: PhoneNumberStatus;
  /** The SIP rules whose (enabled) trigger is this number. */
  readonly associations: readonly PhoneNumberAssociationSnapshot[];
  /** The order that brought the number in; absent for numbers added with `addPhoneNumber`. */
  readonly orderId?: string;
  /** The number's name. */
  readonly name?: string;
  /** The outbound calling name. */
  readonly callingName?: string;
  /** When the number entered the inventory (fake clock). */
  readonly createdAt: number;
  /** When it last changed (fake clock). */
  readonly updatedAt: number;
  /** When DeletePhoneNumber moved it to the deletion queue (fake clock). */
  readonly deletionRequestedAt?: number;
}

/** One number in an order. */
export interface OrderedPhoneNumberSnapshot {
  /** The number in E.164 form. */
  readonly e164PhoneNumber: string;
  /** Where its acquisition stands. */
  readonly status: OrderedPhoneNumberStatus;
}

/** A phone number order. */
export interface PhoneNumberOrderSnapshot {
  /** The order ID (UUID). */
  readonly phoneNumberOrderId: string;
  /** What the numbers are ordered for. */
  readonly productType: PhoneNumberProductType;
  /** Where the order stands. */
  readonly status: PhoneNumberOrderStatus;
  /** Its numbers. */
  readonly orderedPhoneNumbers: readonly OrderedPhoneNumberSnapshot[];
  /** When it was created (fake clock). */
  readonly createdAt: number;
  /** When it last changed (fake clock). */
  readonly updatedAt: number;
}

/**
 * How the next phone-number order ends:
 * - `successful`: every orderable number is acquired;
 * - `failed`: no number is acquired;
 * - `partial`: the numbers in `failedNumbers` fail (default: all but the first), the rest are acquired;
 * - `stuck`: the order stays `Processing` for ever;
 * - `waiting`: after `processingMs`, the order moves to `status`, a status only a person moves on,
 *   and stays there (its numbers stay `AcquireInProgress`).
 *
 * Numbers that are not available when ordered fail whatever the outcome.
 */
export type PhoneNumberOrderOutcome =
  | { readonly kind: 'successful'; readonly processingMs?: number }
  | { readonly kind: 'failed'; readonly processingMs?: number }
  | { readonly kind: 'partial'; readonly failedNumbers?: readonly string[]; readonly processingMs?: number }
  | { readonly kind: 'stuck' }
  | { readonly kind: 'waiting'; readonly status: WaitingOrderStatus; readonly processingMs?: number };

/** One target of a SIP rule. */
export interface SipRuleTargetSnapshot {
  /** The SIP media application ID. */
  readonly sipMediaApplicationId: string;
  /** Lower runs first. */
  readonly priority: number;
  /** The SIP media application's Region. */
  readonly awsRegion: string;
}

/** A SIP rule. */
export interface SipRuleSnapshot {
  /** The SIP rule ID (UUID). */
  readonly sipRuleId: string;
  /** Its name. */
  readonly name: string;
  /** Whether it is disabled; only a disabled rule can be deleted. */
  readonly disabled: boolean;
  /** What triggers it. */
  readonly triggerType: 'ToPhoneNumber' | 'RequestUriHostname';
  /** The E.164 number or the Request-URI host name. */
  readonly triggerValue: string;
  /** The SIP media applications it routes to. */
  readonly targetApplications: readonly SipRuleTargetSnapshot[];
  /** When it was created (fake clock). */
  readonly createdAt: number;
  /** When it last changed (fake clock). */
  readonly updatedAt: number;
}

/** A CreateSipMediaApplicationCall request, as a hook receives it. */
export interface SipMediaApplicationCallRequest {
  /** The SIP media application. */
  readonly sipMediaApplicationId: string;
  /** The calling number (one the account holds). */
  readonly fromPhoneNumber: string;
  /** The called number. */
  readonly toPhoneNumber: string;
  /** SIP headers to send. */
  readonly sipHeaders: Readonly<Record<string, string>>;
  /** Arguments for the SIP media application's NEW_OUTBOUND_CALL event. */
  readonly argumentsMap: Readonly<Record<string, string>>;
  /** The transaction ID the fake drew for this call; a hook may answer with its own instead. */
  readonly transactionId: string;
}

/** An UpdateSipMediaApplicationCall request, as a hook receives it. */
export interface SipMediaApplicationCallUpdate {
  /** The SIP media application. */
  readonly sipMediaApplicationId: string;
  /** The call's transaction. */
  readonly transactionId: string;
  /** Arguments for the CALL_UPDATE_REQUESTED event. */
  readonly arguments: Readonly<Record<string, string>>;
}

/** What a `createCall` hook may answer. */
export interface SipMediaApplicationCallAnswer {
  /** The call's transaction ID, in place of the one the fake proposed. */
  readonly transactionId?: string;
}

/**
 * How the simulator takes over the two call operations. A hook throws `FakeServiceError`
 * (e.g. `NotFoundException`) to answer with an error.
 */
export interface SipMediaApplicationCallHooks {
  /** Places the call. May return a different transaction ID than the one proposed. */
  createCall?(request: SipMediaApplicationCallRequest): void | SipMediaApplicationCallAnswer | Promise<void | SipMediaApplicationCallAnswer>;
  /** Delivers the update to the call. */
  updateCall?(update: SipMediaApplicationCallUpdate): void | Promise<void>;
}

/** A call placed through CreateSipMediaApplicationCall. */
export interface SipMediaApplicationCallSnapshot {
  /** The call's transaction ID. */
  readonly transactionId: string;
  /** The SIP media application. */
  readonly sipMediaApplicationId: string;
  /** The calling number. */
  readonly fromPhoneNumber: string;
  /** The called number. */
  readonly toPhoneNumber: string;
  /** The arguments it was created with. */
  readonly argumentsMap: Readonly<Record<string, string>>;
  /** The arguments of every UpdateSipMediaApplicationCall, in order. */
  readonly updates: readonly Readonly<Record<string, string>>[];
  /** Whether `endCall` ended it (updates then get NotFoundException). */
  readonly ended: boolean;
}

/** A SIP media application, as CreateSipMediaApplication made it. */
export interface SipMediaApplicationSnapshot {
  /** Its ID (UUID). */
  readonly sipMediaApplicationId: string;
  /** `arn:aws:chime:<region>:<account>:sma/<id>`. */
  readonly sipMediaApplicationArn: string;
  /** The Region it runs in. */
  readonly awsRegion: string;
  /** Its name. */
  readonly name: string;
  /** The Lambda function ARNs it invokes (one, as the service allows). */
  readonly endpoints: readonly string[];
  /** When it was created (fake clock). */
  readonly createdAt: number;
  /** When it last changed (fake clock). */
  readonly updatedAt: number;
}
