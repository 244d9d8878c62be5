import type { SimulatorSettings } from './settings';
import type { SmaEvent, SmaEventType, SmaParticipant, TransactionAttributes } from '../../sma';

/** Who the events say handles the call (`CallDetails`, docs/sma-model.md#event-envelope). */
export interface EnvelopeIdentity {
  /** `CallDetails.AwsAccountId`. */
  readonly accountId: string;
  /** `CallDetails.AwsRegion`. */
  readonly region: string;
  /** `CallDetails.SipMediaApplicationId`. */
  readonly sipMediaApplicationId: string;
}

/**
 * An event waiting to be sent: what happened, and the legs as they were at that moment. Sequence and
 * TransactionAttributes are filled in when it is sent.
 */
export interface PendingEvent {
  /** The event type. */
  readonly type: SmaEventType;
  /** The participants at the moment the event happened, in the order to emit. */
  readonly participants: readonly SmaParticipant[];
  /** `ActionData`, when the event has one. */
  readonly actionData?: Readonly<Record<string, unknown>>;
  /** The error of INVALID_LAMBDA_RESPONSE, or of an ACTION_FAILED that carries it outside ActionData. */
  readonly error?: { readonly ErrorType: string; readonly ErrorMessage: string };
  /** Where `error` goes. Default: `settings.invalidResponseErrorLocation`. */
  readonly errorLocation?: 'top-level' | 'action-data';
  /** `CallDetails.SipRuleId`: present for calls that came in through a SIP rule. */
  readonly sipRuleId?: string;
}

/**
 * The event as the SMA sends it (docs/sma-model.md#event-envelope, docs/sma-model.md#event-fixtures):
 * canonical field names, `TransactionAttributes` only once the handler stored some, the INVALID_LAMBDA_RESPONSE error where the settings put it,
 * and the documented field-name variants when `settings.docVariants` asks for them (the object then
 * has those keys instead of the typed ones).
 */
export function buildEvent(
  pending: PendingEvent, sequence: number, transactionId: string, attributes: TransactionAttributes | undefined,
  identity: EnvelopeIdentity, settings: SimulatorSettings,
): SmaEvent {
  const variants = settings.docVariants;
  const details: Record<string, unknown> = { TransactionId: transactionId };
  if (attributes !== undefined) {
    details.TransactionAttributes = { ...attributes };
  }
  details.AwsAccountId = identity.accountId;
  details.AwsRegion = identity.region;
  if (pending.sipRuleId !== undefined) {
    details.SipRuleId = pending.sipRuleId;
  }
  details[variants.sipApplicationId ? 'SipApplicationId' : 'SipMediaApplicationId'] = identity.sipMediaApplicationId;
  details.Participants = pending.participants.map((participant) => ({ ...participant }));

  const event: Record<string, unknown> = { SchemaVersion: '1.0', Sequence: sequence };
  event[variants.invocationEvent ? 'InvocationEvent' : 'InvocationEventType'] = pending.type;
  const errorInActionData = pending.error !== undefined && (pending.errorLocation ?? settings.invalidResponseErrorLocation) === 'action-data';
  if (pending.actionData !== undefined || errorInActionData) {
    event.ActionData = { ...pending.actionData, ...(errorInActionData ? pending.error : {}) };
  }
  event.CallDetails = details;
  if (pending.error !== undefined && !errorInActionData) {
    event.ErrorType = pending.error.ErrorType;
    event.ErrorMessage = pending.error.ErrorMessage;
  }
  return event as unknown as SmaEvent;
}
