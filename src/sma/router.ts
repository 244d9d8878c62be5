import { isSmaActionType, smaActionType } from './action-types';
import { CALL_ID_PATTERN } from './actions/fields';
import { hangup } from './actions/hangup';
import { speak } from './actions/speak';
import { mergeAttributes, TransactionAttributesUpdate } from './attributes-update';
import { findLeg, invokingLeg, isBridged, isLive, liveLegs } from './call-details';
import { parseSmaEvent, smaEventType } from './parse-event';
import { checkSmaResponse, composeSmaResponse, SmaResponse, SmaResponseOptions } from './response';
import { TOLERANT_ACTION_RULES } from './rules';
import { SmaAction, SmaActionType } from './types/actions';
import {
  ActionFailedEvent, ActionSuccessfulEvent, SmaEvent, SmaEventOf, SmaEventType, SmaParticipant, TransactionAttributes,
} from './types/events';
import { fail, isRecord, ownValue } from './validate';

/** What a handler returns: a full response (e.g. from `context.respond`) or just the actions (attributes kept). */
export type SmaHandlerResult = SmaResponse | readonly SmaAction[];

/** Handles one event type. It may be async; whatever it throws or returns invalid becomes an apology. */
export type SmaEventHandler<E extends SmaEvent = SmaEvent> = (event: E, context: SmaHandlerContext) => SmaHandlerResult | Promise<SmaHandlerResult>;

/** Helpers handed to every handler, computed from the event being handled. */
export interface SmaHandlerContext {
  /** The call's current TransactionAttributes; `{}` before any were stored. */
  readonly attributes: TransactionAttributes;
  /** The first leg (the caller, or the callee of an API-placed call). */
  readonly legA?: SmaParticipant;
  /** The second leg (bridge or meeting), once there is one. */
  readonly legB?: SmaParticipant;
  /** The leg that caused this invocation (see `invokingLeg`). */
  readonly invokingLeg?: SmaParticipant;
  /** Whether LEG-B is live: the call is bridged or joined to a meeting. */
  readonly bridged: boolean;
  /**
   * A response with these actions and attribute update, computed from the current attributes so that
   * merge and replace mean what they say (see `TransactionAttributesUpdate`). The router checks it, with
   * its limits, when the handler returns it.
   */
  respond(actions?: readonly SmaAction[], attributes?: TransactionAttributesUpdate): SmaResponse;
}

/** What the router apologizes with (a Speak on LEG-A) before hanging up after an error. */
export interface SmaApologyOptions {
  /** The words, 1 to 1000 characters. */
  readonly text: string;
  /** Polly voice (service default Joanna). */
  readonly voiceId?: string;
  /** Polly engine (service default standard). */
  readonly engine?: 'standard' | 'neural';
  /** Polly language code. */
  readonly languageCode?: string;
  /** `text` (default) or `ssml`. */
  readonly textType?: 'text' | 'ssml';
}

/** Where an error reported to `onError` happened. */
export interface SmaRouterErrorInfo {
  /** `parse`: the event was invalid; `handler`: a handler threw; `response`: a handler's response failed the check. */
  readonly stage: 'parse' | 'handler' | 'response';
  /** The event type, once known. */
  readonly eventType?: SmaEventType;
  /** The type of `ActionData`, when the event has one. */
  readonly actionType?: SmaActionType;
  /** The event's Sequence, once known. */
  readonly sequence?: number;
  /** The call's TransactionId, once known. */
  readonly transactionId?: string;
}

/**
 * Options of {@link createSmaRouter}. The inherited `validateAction` chooses how each returned action is
 * checked: the cheap `checkActionShape` by default, or every rule with `validateAction`.
 */
export interface SmaRouterOptions extends SmaResponseOptions {
  /**
   * Spoken on LEG-A before the router hangs up after an error or an unhandled event; `false` hangs up
   * without speaking. Default: a short apology in the service's default voice.
   */
  readonly apology?: SmaApologyOptions | false;
  /**
   * Called with every error the router absorbs. It receives the error and where it happened, never the
   * raw event (which holds join tokens and phone numbers). Default: `console.error` of the stage, the
   * event type and the error's message. An `onError` that throws is ignored.
   */
  readonly onError?: (error: unknown, info: SmaRouterErrorInfo) => void;
  /**
   * TransactionAttributes merged into the call's with every apology the router sends, e.g.
   * `{ flow: 'ending' }`, so that the handler knows, at the next event (a call update that replaces the
   * queued Hangup, say), that the call is ending and must not be revived. Default: none (the attributes stay).
   */
  readonly apologyAttributes?: TransactionAttributes;
}

/** The apology used when none is configured. */
export const DEFAULT_APOLOGY: SmaApologyOptions = {
  text: 'Sorry, something went wrong. Please try again later. Goodbye.',
};

type LegState = Pick<SmaParticipant, 'CallId' | 'ParticipantTag' | 'Status'>;

/**
 * Routes SMA invocation events to handlers, by event type and, for ACTION_SUCCESSFUL and ACTION_FAILED,
 * by action type. Create one with {@link createSmaRouter}.
 */
export interface SmaRouter {
  /** The Lambda handler (`export const handler = router.handler;`); never rejects. */
  readonly handler: (event: unknown) => Promise<SmaResponse>;
  /**
   * Registers the handler of one event type. For ACTION_SUCCESSFUL and ACTION_FAILED it runs when no
   * handler is registered for the action type.
   * @throws SmaValidationError for an unknown event type or a second handler of the same type
   */
  on<T extends SmaEventType>(eventType: T, handler: SmaEventHandler<SmaEventOf<T>>): SmaRouter;
  /**
   * Registers the ACTION_SUCCESSFUL handler of one action type (the last action of the list).
   * @throws SmaValidationError for an unknown action type or a second handler of the same type
   */
  onActionSuccessful<A extends SmaActionType>(actionType: A, handler: SmaEventHandler<ActionSuccessfulEvent<A>>): SmaRouter;
  /**
   * Registers the ACTION_FAILED handler of one action type.
   * @throws SmaValidationError for an unknown action type or a second handler of the same type
   */
  onActionFailed<A extends SmaActionType>(actionType: A, handler: SmaEventHandler<ActionFailedEvent<A>>): SmaRouter;
  /** Handles one invocation, like `handler`. */
  handle(event: unknown): Promise<SmaResponse>;
}

/**
 * Creates a router. It never throws to the SMA and never leaves a caller in silence:
 *
 * - an invalid event, a handler that throws and a handler whose response fails the check all get the
 *   apology (a Speak on LEG-A if it is live) and a Hangup of a live leg, or `[]` when no leg is live;
 * - unhandled events get a safe default: `[]` where the SMA ignores the response (NEW_OUTBOUND_CALL,
 *   RINGING, ACTION_INTERRUPTED); on HANGUP, a Hangup of every other leg still live (the SMA never hangs
 *   up the other leg itself, docs/sma-model.md#join-chime-meeting-after-join); on every other event,
 *   `[]` when the call is bridged (the caller is talking to someone, e.g. in the meeting, so a failed
 *   mute must not drop them) and the apology and Hangup otherwise, because `[]` would leave a lone
 *   caller on a silent line (docs/sma-model.md#action-list-semantics) and an unanswered
 *   NEW_INBOUND_CALL ringing for 30 s.
 *
 * Every response is built fresh for each invocation; nothing returned is shared with a later one.
 * @example
 * export const handler = createSmaRouter()
 *   .on('NEW_INBOUND_CALL', (event, ctx) => [joinChimeMeeting({ joinToken, callId: ctx.legA!.CallId, meetingId })])
 *   .handler;
 * @throws SmaValidationError when the apology is invalid (checked now, not during a call)
 */
export function createSmaRouter(options: SmaRouterOptions = {}): SmaRouter {
  // A copy, checked now: changing the options object later cannot break the apology during a call.
  const apology = options.apology === false ? false : { ...options.apology ?? DEFAULT_APOLOGY };
  if (apology) {
    speak({ ...apology, callId: 'apology-check' });
  }
  // Keys: an event type, or `ACTION_SUCCESSFUL Speak` for a handler of one action type.
  const handlers = new Map<string, SmaEventHandler>();

  const register = (key: string, handler: unknown): SmaRouter => {
    if (typeof handler !== 'function' || handlers.has(key)) {
      fail(key, handler, 'needs one handler function');
    }
    handlers.set(key, handler as SmaEventHandler);
    return router;
  };
  const actionKey = (eventType: string, actionType: unknown): string => `${eventType} ${smaActionType(actionType, 'actionType', TOLERANT_ACTION_RULES)}`;

  const report = (error: unknown, info: SmaRouterErrorInfo): void => {
    try {
      (options.onError ?? logError)(error, info);
    } catch {
      // A failing logger must not change what the caller hears.
    }
  };

  const apologyAttributes = options.apologyAttributes ? { ...options.apologyAttributes } : undefined;
  /**
   * The apology on LEG-A if it is live, then a Hangup of LEG-A, or of another live leg; `[]` if none is
   * live. With `apologyAttributes` and a parsed event, the response also marks the call as ending.
   */
  const apologize = (legs: readonly LegState[], event?: SmaEvent): SmaResponse => {
    const legA = legs.find((leg) => leg.ParticipantTag === 'LEG-A' && isLive(leg));
    const target = legA ?? legs.find(isLive);
    const speech = legA && apology ? [speak({ ...apology, callId: legA.CallId })] : [];
    const actions = target ? [...speech, hangup({ callId: target.CallId })] : [];
    if (!apologyAttributes || !event || !target) {
      return respondWith(actions);
    }
    try {
      const currentAttributes = event.CallDetails.TransactionAttributes ?? {};
      return composeSmaResponse({ actions, attributes: mergeAttributes(apologyAttributes), currentAttributes });
    } catch {
      // Stored attributes that cannot take one more key must not cost the caller the apology.
      return respondWith(actions);
    }
  };

  const defaultResponse = (event: SmaEvent): SmaResponse => {
    switch (event.InvocationEventType) {
      case 'NEW_OUTBOUND_CALL':
      case 'RINGING':
      case 'ACTION_INTERRUPTED':
        return respondWith([]);
      case 'HANGUP': {
        const ended = invokingLeg(event)?.CallId;
        return respondWith(liveLegs(event).filter((leg) => leg.CallId !== ended).map((leg) => hangup({ callId: leg.CallId })));
      }
      default:
        return isBridged(event) ? respondWith([]) : apologize(event.CallDetails.Participants, event);
    }
  };

  const contextFor = (event: SmaEvent): SmaHandlerContext => {
    const attributes = event.CallDetails.TransactionAttributes ?? {};
    return {
      attributes,
      legA: findLeg(event, 'LEG-A'),
      legB: findLeg(event, 'LEG-B'),
      invokingLeg: invokingLeg(event),
      bridged: isBridged(event),
      respond: (actions, update) => composeSmaResponse({ actions, attributes: update, currentAttributes: attributes }),
    };
  };

  const handle = async (input: unknown): Promise<SmaResponse> => {
    let event: SmaEvent | undefined;
    let actionType: string | undefined;
    let stage: SmaRouterErrorInfo['stage'] = 'parse';
    try {
      event = parseSmaEvent(input);
      actionType = 'ActionData' in event ? event.ActionData?.Type : undefined;
      const handler = handlers.get(`${event.InvocationEventType} ${actionType}`) ?? handlers.get(event.InvocationEventType);
      if (handler === undefined) {
        return defaultResponse(event);
      }
      stage = 'handler';
      const result: unknown = await handler(event, contextFor(event));
      stage = 'response';
      return checkSmaResponse(Array.isArray(result) ? { SchemaVersion: '1.0', Actions: result } : result, options);
    } catch (error) {
      report(error, {
        stage,
        eventType: event?.InvocationEventType,
        actionType: isSmaActionType(actionType) ? actionType : undefined,
        sequence: event?.Sequence,
        transactionId: event?.CallDetails.TransactionId,
      });
      try {
        return apologize(event?.CallDetails.Participants ?? salvageLegs(input), event);
      } catch {
        return respondWith([]);
      }
    }
  };

  const router: SmaRouter = {
    handler: handle,
    handle,
    on: (eventType, handler) => register(smaEventType(eventType, 'eventType', TOLERANT_ACTION_RULES), handler),
    onActionSuccessful: (actionType, handler) => register(actionKey('ACTION_SUCCESSFUL', actionType), handler),
    onActionFailed: (actionType, handler) => register(actionKey('ACTION_FAILED', actionType), handler),
  };
  return router;
}

function respondWith(actions: SmaAction[]): SmaResponse {
  return { SchemaVersion: '1.0', Actions: actions };
}

function logError(error: unknown, info: SmaRouterErrorInfo): void {
  console.error('[sma-router]', info.stage, info.eventType, error instanceof Error ? error.message : typeof error);
}

/**
 * The legs of an event that failed to parse, read defensively: the apology needs LEG-A's CallId (Speak
 * requires one) even when something else in the event is wrong.
 */
function salvageLegs(input: unknown): LegState[] {
  const field = (record: unknown, key: string): unknown => isRecord(record) ? ownValue(record, key) : undefined;
  const participants = field(field(input, 'CallDetails'), 'Participants');
  return (Array.isArray(participants) ? participants : []).flatMap((participant): LegState[] => {
    const tag = String(field(participant, 'ParticipantTag')).toUpperCase();
    const callId = field(participant, 'CallId');
    const disconnected = /^disconnected$/i.test(String(field(participant, 'Status')));
    return (tag === 'LEG-A' || tag === 'LEG-B') && typeof callId === 'string' && CALL_ID_PATTERN.test(callId)
      ? [{ CallId: callId, ParticipantTag: tag, Status: disconnected ? 'Disconnected' : undefined }]
      : [];
  });
}
