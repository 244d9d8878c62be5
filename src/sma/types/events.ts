// The 11 invocation events, as `parseSmaEvent` returns them: normalized from every variant AWS's pages
// show (docs/sma-model.md#field-name-variants, docs/sma-model.md#error-shapes), so handlers see one shape.
import { LegTarget, ParticipantTag, SmaActionParameters, SmaActionType } from './actions';

/** The type of an invocation event (docs/sma-model.md#event-types). */
export type SmaEventType =
  | 'NEW_INBOUND_CALL'
  | 'NEW_OUTBOUND_CALL'
  | 'RINGING'
  | 'CALL_ANSWERED'
  | 'ACTION_SUCCESSFUL'
  | 'ACTION_FAILED'
  | 'ACTION_INTERRUPTED'
  | 'HANGUP'
  | 'DIGITS_RECEIVED'
  | 'CALL_UPDATE_REQUESTED'
  | 'INVALID_LAMBDA_RESPONSE';

/** The TransactionAttributes stored for a call: string keys and string values. */
export type TransactionAttributes = Readonly<Record<string, string>>;

/** One call leg in `CallDetails.Participants` (docs/sma-model.md#participants). */
export interface SmaParticipant {
  /** Unique per leg, stable until its HANGUP. */
  readonly CallId: string;
  /** `LEG-A` or `LEG-B`, upper case whatever the event wrote (`Leg-A` is normalized). */
  readonly ParticipantTag: ParticipantTag;
  /** E.164 for PSTN legs; the meeting leg shows `SMA` or the meeting-bridge number. */
  readonly To?: string;
  /** E.164 for PSTN legs; the meeting leg shows `SMA` or the meeting-bridge number. */
  readonly From?: string;
  /** `Inbound`: a call to PSTN Audio; `Outbound`: a call placed by it (API call, bridge B-leg, meeting leg). */
  readonly Direction?: 'Inbound' | 'Outbound';
  /** Epoch milliseconds, as a string of digits (numbers are converted). */
  readonly StartTimeInMilliseconds?: string;
  /** Absent on the first NEW_INBOUND_CALL; `Disconnected` on the leg that hung up. */
  readonly Status?: 'Connected' | 'Disconnected';
  /** Custom `X-...`, `User-to-User` and `Diversion` headers of the inbound INVITE. */
  readonly SipHeaders?: Readonly<Record<string, string>>;
}

/** `CallDetails` of an event (docs/sma-model.md#event-envelope). */
export interface SmaCallDetails {
  /** The call's transaction id. */
  readonly TransactionId: string;
  /** What the handler stored; absent until it stores something (docs/sma-model.md#transaction-attributes). */
  readonly TransactionAttributes?: TransactionAttributes;
  /** The AWS account of the SMA. */
  readonly AwsAccountId?: string;
  /** The Region of the SMA that handles the call. */
  readonly AwsRegion?: string;
  /** The SIP rule an inbound call arrived through. */
  readonly SipRuleId?: string;
  /** The SMA's id; `SipApplicationId`, as some doc pages write it, is normalized to this key. */
  readonly SipMediaApplicationId?: string;
  /** The call legs, in no reliable order: find them by tag or CallId. */
  readonly Participants: readonly SmaParticipant[];
}

/** One error shape for all failure reports (ActionData fields, top-level fields, or an `Error: "Type: message"` string). */
export interface SmaErrorInfo {
  /** E.g. `InvalidActionParameter`, `SystemException`, `ErrorJoiningMeeting`; `UnknownError` when the event gave none. */
  readonly ErrorType: string;
  /** Human-readable detail; empty when the event gave none. */
  readonly ErrorMessage: string;
}

/**
 * The parameters the service echoes back for an action: what was sent plus service-filled defaults
 * (docs/sma-model.md#echoed-parameters), in whatever form the service wrote them (`"5"` or `5`). Only the leg fields are
 * checked and normalized; check the type of any other field before using it.
 */
export type EchoedParameters<T extends SmaActionType> = LegTarget & {
  readonly [K in Exclude<keyof SmaActionParameters[T], keyof LegTarget>]?: unknown;
};

/** An action echoed in `ActionData`, for one action type or a union of them. */
export type EchoedActionData<T extends SmaActionType = SmaActionType> = {
  readonly [K in T]: {
    /** The action type. */
    readonly Type: K;
    /** The echoed parameters. */
    readonly Parameters: EchoedParameters<K>;
  };
}[T];

/** Result fields the service adds to `ActionData` of ACTION_SUCCESSFUL, per action type (docs/sma-model.md#event-types, docs/sma-model.md#actions). */
export interface SmaActionResults {
  /** No result fields. */
  readonly CallAndBridge: {};
  /** No result fields. */
  readonly Hangup: {};
  /** No result fields. */
  readonly JoinChimeMeeting: {};
  /** No result fields. */
  readonly ModifyChimeMeetingAttendees: {};
  /** No result fields. */
  readonly Pause: {};
  /** No result fields. */
  readonly PlayAudio: {};
  /** The collected digits. */
  readonly PlayAudioAndGetDigits: DigitsResult;
  /** Empty when the action is armed; DIGITS_RECEIVED carries the matches. */
  readonly ReceiveDigits: DigitsResult;
  /** Where the recording went, and the key that stopped it (absent when duration or silence did). */
  readonly RecordAudio: {
    /** The stored file. */
    readonly RecordingDestination?: { readonly Type?: string; readonly BucketName?: string; readonly Key?: string };
    /** The key that ended the recording. */
    readonly RecordingTerminatorUsed?: string;
  };
  /** No result fields. */
  readonly SendDigits: {};
  /** No result fields. */
  readonly Speak: {};
  /** The collected digits. */
  readonly SpeakAndGetDigits: DigitsResult;
  /** The Lex result: `{ SessionId, SessionState, Interpretations }`, kept as JSON. */
  readonly StartBotConversation: { readonly IntentResult?: Readonly<Record<string, unknown>> };
  /** Where the recording goes. */
  readonly StartCallRecording: { readonly CallRecordingDestination?: { readonly Type?: string; readonly Location?: string } };
  /** No result fields. */
  readonly StopCallRecording: {};
  /** No result fields. */
  readonly PauseCallRecording: {};
  /** No result fields. */
  readonly ResumeCallRecording: {};
  /** No result fields. */
  readonly VoiceFocus: {};
}

/** The digits a *GetDigits or ReceiveDigits action collected. */
export interface DigitsResult {
  /** The digits, as a string (numbers are converted). */
  readonly ReceivedDigits?: string;
}

/** `ActionData` of ACTION_SUCCESSFUL: the last action of the list, echoed, with its result fields. */
export type SuccessfulActionData<T extends SmaActionType = SmaActionType> = {
  readonly [K in T]: EchoedActionData<K> & SmaActionResults[K];
}[T];

/** `ActionData` of ACTION_FAILED: the failed action, echoed, with the normalized error. */
export type FailedActionData<T extends SmaActionType = SmaActionType> = {
  readonly [K in T]: EchoedActionData<K> & SmaErrorInfo & {
    /** Per-attendee errors of ModifyChimeMeetingAttendees, kept as JSON. */
    readonly ErrorList?: readonly unknown[];
  };
}[T];

/** What every event has. */
export interface SmaEventBase<T extends SmaEventType> {
  /** Always `1.0`. */
  readonly SchemaVersion: '1.0';
  /** +1 per invocation within the call, from 1. */
  readonly Sequence: number;
  /** The event type; `InvocationEvent`, as the JoinChimeMeeting page writes it, is normalized to this key. */
  readonly InvocationEventType: T;
  /** The call and its legs. */
  readonly CallDetails: SmaCallDetails;
}

/** A call reached a number whose SIP rule targets this SMA. Unanswered until a media action or a hangup. */
export interface NewInboundCallEvent extends SmaEventBase<'NEW_INBOUND_CALL'> {}

/** A CreateSipMediaApplicationCall was accepted; the response is ignored (docs/sma-model.md#ignored-responses). */
export interface NewOutboundCallEvent extends SmaEventBase<'NEW_OUTBOUND_CALL'> {
  /** Carries the API's ArgumentsMap; `{}` when the event had none. */
  readonly ActionData: {
    /** Not documented; kept when present. */
    readonly Type?: string;
    /** The call's arguments. */
    readonly Parameters: { readonly Arguments: Readonly<Record<string, string>> };
  };
}

/** An outbound leg is ringing; the response is ignored. */
export interface RingingEvent extends SmaEventBase<'RINGING'> {}

/** The outbound leg of a CreateSipMediaApplicationCall answered: the first actions go here. */
export interface CallAnsweredEvent extends SmaEventBase<'CALL_ANSWERED'> {}

/** The whole returned action list succeeded; `ActionData` is its last action. */
export interface ActionSuccessfulEvent<T extends SmaActionType = SmaActionType> extends SmaEventBase<'ACTION_SUCCESSFUL'> {
  /** The last action of the list, with its result fields. */
  readonly ActionData: SuccessfulActionData<T>;
}

/** An action failed; the rest of its list was dropped. */
export interface ActionFailedEvent<T extends SmaActionType = SmaActionType> extends SmaEventBase<'ACTION_FAILED'> {
  /** The failed action with the normalized error. */
  readonly ActionData: FailedActionData<T>;
}

/** An interruptible action (PlayAudio, RecordAudio, Pause) was cut short; the response is ignored. */
export interface ActionInterruptedEvent extends SmaEventBase<'ACTION_INTERRUPTED'> {
  /** The interrupted action. */
  readonly ActionData: EchoedActionData;
}

/**
 * A leg hung up. `ActionData.Parameters` tells which leg; `ActionData.Type` is usually `Hangup` but can
 * be the action that was running on that leg (docs/sma-model.md#hangup-events, case 5). The response is used only if
 * another leg is still connected.
 */
export interface HangupEvent extends SmaEventBase<'HANGUP'> {
  /** Identifies the leg that hung up; absent if the event carried none. */
  readonly ActionData?: EchoedActionData;
}

/** Digits matching an armed ReceiveDigits' regex were entered. */
export interface DigitsReceivedEvent extends SmaEventBase<'DIGITS_RECEIVED'> {
  /** The ReceiveDigits action and the digits. */
  readonly ActionData: EchoedActionData<'ReceiveDigits'> & { readonly ReceivedDigits: string };
}

/** UpdateSipMediaApplicationCall was called; the new list replaces the queued actions. */
export interface CallUpdateRequestedEvent extends SmaEventBase<'CALL_UPDATE_REQUESTED'> {
  /** The update's arguments (`{}` when the event had none). */
  readonly ActionData: {
    /** Always `CallUpdateRequest`. */
    readonly Type: 'CallUpdateRequest';
    /** The arguments given to UpdateSipMediaApplicationCall. */
    readonly Parameters: { readonly Arguments: Readonly<Record<string, string>> };
  };
}

/** The previous response was malformed or broke a limit; the error is normalized to the top level. */
export interface InvalidLambdaResponseEvent extends SmaEventBase<'INVALID_LAMBDA_RESPONSE'>, SmaErrorInfo {}

/** Any invocation event, discriminated on `InvocationEventType`. */
export type SmaEvent =
  | NewInboundCallEvent
  | NewOutboundCallEvent
  | RingingEvent
  | CallAnsweredEvent
  | ActionSuccessfulEvent
  | ActionFailedEvent
  | ActionInterruptedEvent
  | HangupEvent
  | DigitsReceivedEvent
  | CallUpdateRequestedEvent
  | InvalidLambdaResponseEvent;

/** The event of type `T`. */
export type SmaEventOf<T extends SmaEventType> = Extract<SmaEvent, { readonly InvocationEventType: T }>;
