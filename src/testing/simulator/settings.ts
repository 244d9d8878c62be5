import { ActionRules, TOLERANT_ACTION_RULES } from '../../sma';

/**
 * Every knob of the simulator: the service limits it enforces, the virtual durations it gives
 * actions, and one setting for each place where AWS's own pages disagree
 * (docs/sma-model.md#disagreements), with the section each comes from. Defaults follow the reading
 * docs/sma-model.md recommends or the one real logs support; the other readings are there so a
 * handler can be tested against them too.
 */
export interface SimulatorSettings {
  // --- Limits and timing of the invocation model (docs/sma-model.md#invocation-model) ----------------

  /** Lambda invocations per call, retries included; the next one ends the call instead (docs/sma-model.md#invocation-limits). Default 1000. */
  readonly maxInvocationsPerCall: number;
  /** Virtual time the SMA waits for a response before it invokes again with the same event (docs/sma-model.md#invocation-timing). Default 5000. */
  readonly retryAfterMs: number;
  /** Virtual time, from the first attempt, after which the SMA gives up and hangs up (docs/sma-model.md#invocation-timing). Default 20000. */
  readonly hangupAfterMs: number;
  /**
   * The `Sequence` of a retried invocation (docs/sma-model.md#invocation-timing: the docs do not say):
   * `'same'` re-sends the event unchanged (default), `'next'` gives it the next number.
   */
  readonly retrySequence: 'same' | 'next';
  /** The `Sequence` of a call's first event (docs/sma-model.md#event-envelope: real logs start at 1, some doc examples at 2). Default 1. */
  readonly firstSequence: number;
  /** A new inbound call that no action answers is dropped after this long (docs/sma-model.md#action-list-semantics: 30 s). Default 30000. */
  readonly unansweredTimeoutMs: number;
  /**
   * An outbound call nobody answers (`answer()`, `reject()`, `noAnswer()`) ends as no-answer (SIP 480)
   * after this long. Not documented; 0 disables the timer. Default 30000.
   */
  readonly outboundNoAnswerAfterMs: number;
  /** What `context.getRemainingTimeInMillis()` counts down from: the handler Lambda's timeout. Default 20000. */
  readonly lambdaTimeoutMs: number;

  // --- Responses (docs/sma-model.md#responses, docs/sma-model.md#transaction-attributes) ---------

  /**
   * How an action with an invalid or missing parameter is reported. `'invalid-lambda-response'`
   * (default): the whole response is rejected with INVALID_LAMBDA_RESPONSE, nothing of it runs.
   * `'action-failed'`: the valid actions before it run and the invalid one fails with ACTION_FAILED
   * (`InvalidActionParameter` / `MissingRequiredActionParameter`, docs/sma-model.md#action-errors), as the JoinChimeMeeting page's
   * error table suggests. Envelope errors (not an object, wrong SchemaVersion, more than 10 actions,
   * unknown action type, bad TransactionAttributes) are INVALID_LAMBDA_RESPONSE either way.
   */
  readonly invalidActionReport: 'invalid-lambda-response' | 'action-failed';
  /**
   * Where INVALID_LAMBDA_RESPONSE carries `ErrorType`/`ErrorMessage` (docs/sma-model.md#error-shapes): at the
   * `'top-level'` of the event (the doc example, default) or inside `'action-data'` (the text).
   */
  readonly invalidResponseErrorLocation: 'top-level' | 'action-data';
  /** The rules `validateAction` applies to each returned action (docs/sma-model.md#disagreements). Default: the tolerant rules. */
  readonly actionRules: ActionRules;
  /**
   * Most TransactionAttributes pairs a response may send and the call may store (docs/sma-model.md#transaction-attributes:
   * 100 in the limits text, 10 in the "invalid inputs" example). Default 100.
   */
  readonly maxTransactionAttributePairs: number;
  /** Most UTF-8 bytes of the TransactionAttributes JSON (docs/sma-model.md#transaction-attributes: 20 KB). Default 20480. */
  readonly maxTransactionAttributeBytes: number;
  /** Above this many pairs the transcript notes a warning (the example's limit, docs/sma-model.md#transaction-attributes). Default 10. */
  readonly warnAboveTransactionAttributePairs: number;
  /**
   * What a sent TransactionAttributes map does to the stored one (docs/sma-model.md#transaction-attributes): `'merge'` (default:
   * sent keys are added or overwritten, the others stay) or `'replace'` (the sent map becomes the
   * stored map). `{}` clears and an absent map keeps, either way.
   */
  readonly transactionAttributesUpdate: 'merge' | 'replace';

  // --- Event shapes (docs/sma-model.md#events, docs/sma-model.md#meeting-leg) ---------------------

  /**
   * The error fields of ACTION_FAILED for JoinChimeMeeting (docs/sma-model.md#error-shapes,
   * docs/sma-model.md#join-chime-meeting-results): `'type-and-message'` (default) gives `ErrorType: InvalidActionParameter, ErrorMessage: "JoinToken parameter value is invalid."`;
   * `'combined-error'` gives the doc example's `Error: "ErrorJoiningMeeting: Error while joining meeting."`;
   * `'top-level'` puts `ErrorType` and `ErrorMessage` beside `ActionData` instead of inside it, where the
   * INVALID_LAMBDA_RESPONSE example has them (docs/sma-model.md#error-shapes).
   */
  readonly joinFailureErrorShape: 'type-and-message' | 'combined-error' | 'top-level';
  /**
   * `ActionData.Type` of the HANGUP for a meeting leg that dropped (docs/sma-model.md#hangup-events, case 5): `'hangup'`
   * (default) or `'running-action'`, the action that was running on LEG-B (falls back to `Hangup`).
   */
  readonly legBHangupActionData: 'hangup' | 'running-action';
  /**
   * The meeting leg's numbers (docs/sma-model.md#meeting-leg): `'to-bridge'` (default, case-5: `To` is the bridge
   * number, `From` is `SMA`) or `'from-bridge'` (use-cases: `To` is `SMA`, `From` the bridge number).
   */
  readonly meetingLegOrientation: 'to-bridge' | 'from-bridge';
  /** The meeting-bridge number on the meeting leg (docs/sma-model.md#meeting-leg: `+17035550122`; the mute page shows `+13605550122`). */
  readonly meetingBridgeNumber: string;
  /** Order of `Participants` (docs/sma-model.md#participants: do not rely on it; LEG-B can come first). Default `'leg-a-first'`. */
  readonly participantOrder: 'leg-a-first' | 'leg-b-first';
  /**
   * Field names the docs use besides the real ones (docs/sma-model.md#field-name-variants): `InvocationEvent` for
   * `InvocationEventType`, `SipApplicationId` for `SipMediaApplicationId`, `Leg-A`/`Leg-B` tags.
   * All false by default: the simulator emits the real names.
   */
  readonly docVariants: DocVariantSettings;
  /** `ActionData.Type` on NEW_OUTBOUND_CALL (docs/sma-model.md#event-types: not documented). Default: none. */
  readonly newOutboundCallActionType?: string;

  // --- JoinChimeMeeting and the meeting leg (docs/sma-model.md#join-chime-meeting, docs/sma-model.md#meetings) ---

  /**
   * Whether JoinChimeMeeting needs `MeetingId` (docs/sma-model.md#join-chime-meeting-parameters,
   * docs/sma-model.md#meeting-namespaces): the fake's meetings are Chime SDK Meetings namespace
   * meetings, for which it is required. Default true.
   */
  readonly requireMeetingId: boolean;
  /**
   * Whether DeleteAttendee on the joined phone attendee drops the meeting leg with a HANGUP for LEG-B
   * (docs/sma-model.md#join-chime-meeting-after-join: a guess, not documented). Default true.
   */
  readonly deleteAttendeeDropsMeetingLeg: boolean;

  // --- Virtual durations of actions (docs/sma-model.md#undocumented: chosen to be plausible) ----

  /** Speech time per character of Speak and SpeakAndGetDigits text (SSML tags not counted). Default 60. */
  readonly speechMsPerCharacter: number;
  /** Speech time added to every spoken prompt. Default 200. */
  readonly speechBaseMs: number;
  /** Length of one play of an S3 audio file (PlayAudio, *AndGetDigits prompts); the file is not read. Default 3000. */
  readonly audioPlaybackMs: number;
  /** RecordAudio length when neither DurationInSeconds nor a terminator ends it. Default 10000. */
  readonly recordingMs: number;
  /** How long JoinChimeMeeting takes. Default 0. */
  readonly joinMs: number;
  /** How long a CallAndBridge B-leg rings before it answers or fails. Default 0. */
  readonly bridgeRingMs: number;
  /** How a CallAndBridge B-leg responds (docs/sma-model.md#call-and-bridge): `'answered'` (default), `'busy'` or `'no-answer'` (ACTION_FAILED `CallNotAnswered`). */
  readonly bridgeOutcome: 'answered' | 'busy' | 'no-answer';
  /** How long StartBotConversation talks before it succeeds. Default 5000. */
  readonly botConversationMs: number;
  /**
   * `ErrorType` of ACTION_FAILED when *AndGetDigits runs out of attempts without valid digits (docs/sma-model.md#action-errors:
   * `InvalidDigitsReceived` is seen in samples, not documented). Default `InvalidDigitsReceived`.
   */
  readonly digitsFailureErrorType: string;
  /**
   * ACTION_FAILED events in a row, with no action succeeding in between, after which a call that is
   * still up counts as caught in a failure loop (the `failure-loop` violation). The SMA itself keeps
   * invoking until the 1,000-invocation cap (docs/sma-model.md#invocation-limits); a handler must end
   * the call before then. Default 3.
   */
  readonly maxConsecutiveActionFailures: number;
  /**
   * What happens to DTMF digits the caller presses while no action collects them: no *AndGetDigits
   * runs (during a Speak, a Pause, the handler's invocation, before the call is answered), no
   * PlayAudio or RecordAudio terminator matches and no ReceiveDigits is armed.
   * `'discard'` (default): they are lost, as the ReceiveDigits page says the SMA "discards DTMF digits
   * for the duration of a call until it receives a new ReceiveDigits action"
   * (https://docs.aws.amazon.com/chime-sdk/latest/dg/listen-to-digits.html, docs/sma-model.md#digits-during-prompts).
   * `'type-ahead'`: they wait for the next action that collects digits, the reading no page supports,
   * under which a flow that depends on them passes here and loses the caller's keys on a real SMA.
   */
  readonly digitsWithoutCollector: 'discard' | 'type-ahead';
}

/** Documented field-name variants the simulator can emit instead of the real names (docs/sma-model.md#field-name-variants). */
export interface DocVariantSettings {
  /** Emit `InvocationEvent` instead of `InvocationEventType` (the JoinChimeMeeting page). */
  readonly invocationEvent: boolean;
  /** Emit `SipApplicationId` instead of `SipMediaApplicationId` (case-1, use-cases, case-5 pages). */
  readonly sipApplicationId: boolean;
  /** Emit `Leg-A`/`Leg-B` instead of `LEG-A`/`LEG-B` (some examples). */
  readonly mixedCaseLegTags: boolean;
}

/** The default of every setting; see {@link SimulatorSettings} for each one's source. */
export const DEFAULT_SIMULATOR_SETTINGS: SimulatorSettings = {
  maxInvocationsPerCall: 1000,
  retryAfterMs: 5000,
  hangupAfterMs: 20_000,
  retrySequence: 'same',
  firstSequence: 1,
  unansweredTimeoutMs: 30_000,
  outboundNoAnswerAfterMs: 30_000,
  lambdaTimeoutMs: 20_000,
  invalidActionReport: 'invalid-lambda-response',
  invalidResponseErrorLocation: 'top-level',
  actionRules: TOLERANT_ACTION_RULES,
  maxTransactionAttributePairs: 100,
  maxTransactionAttributeBytes: 20_480,
  warnAboveTransactionAttributePairs: 10,
  transactionAttributesUpdate: 'merge',
  joinFailureErrorShape: 'type-and-message',
  legBHangupActionData: 'hangup',
  meetingLegOrientation: 'to-bridge',
  meetingBridgeNumber: '+17035550122',
  participantOrder: 'leg-a-first',
  docVariants: { invocationEvent: false, sipApplicationId: false, mixedCaseLegTags: false },
  requireMeetingId: true,
  deleteAttendeeDropsMeetingLeg: true,
  speechMsPerCharacter: 60,
  speechBaseMs: 200,
  audioPlaybackMs: 3000,
  recordingMs: 10_000,
  joinMs: 0,
  bridgeRingMs: 0,
  bridgeOutcome: 'answered',
  botConversationMs: 5000,
  digitsFailureErrorType: 'InvalidDigitsReceived',
  maxConsecutiveActionFailures: 3,
  digitsWithoutCollector: 'discard',
};

/** Overrides of some settings; nested `actionRules` and `docVariants` are merged key by key. */
export type SimulatorSettingsOverrides = Partial<Omit<SimulatorSettings, 'actionRules' | 'docVariants'>> & {
  /** Overrides of single action rules. */
  readonly actionRules?: Partial<ActionRules>;
  /** Overrides of single doc variants. */
  readonly docVariants?: Partial<DocVariantSettings>;
};

/** The settings that take one of a few words, with those words. */
const CHOICES: { readonly [K in keyof SimulatorSettings]?: readonly string[] } = {
  retrySequence: ['same', 'next'],
  invalidActionReport: ['invalid-lambda-response', 'action-failed'],
  invalidResponseErrorLocation: ['top-level', 'action-data'],
  transactionAttributesUpdate: ['merge', 'replace'],
  joinFailureErrorShape: ['type-and-message', 'combined-error', 'top-level'],
  legBHangupActionData: ['hangup', 'running-action'],
  meetingLegOrientation: ['to-bridge', 'from-bridge'],
  participantOrder: ['leg-a-first', 'leg-b-first'],
  bridgeOutcome: ['answered', 'busy', 'no-answer'],
  digitsWithoutCollector: ['discard', 'type-ahead'],
};

const NON_NEGATIVE_NUMBERS = [
  'retryAfterMs', 'hangupAfterMs', 'unansweredTimeoutMs', 'outboundNoAnswerAfterMs', 'lambdaTimeoutMs',
  'maxTransactionAttributeBytes', 'warnAboveTransactionAttributePairs',
  'speechMsPerCharacter', 'speechBaseMs', 'audioPlaybackMs', 'recordingMs', 'joinMs', 'bridgeRingMs', 'botConversationMs',
] as const;

/**
 * The defaults with `overrides` applied, checked: a wrong setting fails when the simulator is
 * created, not in the middle of a call.
 * @throws RangeError naming the setting
 */
export function resolveSimulatorSettings(overrides: SimulatorSettingsOverrides = {}): SimulatorSettings {
  const unknown = Object.keys(overrides).find((key) => !Object.hasOwn(DEFAULT_SIMULATOR_SETTINGS, key) && key !== 'newOutboundCallActionType');
  if (unknown !== undefined) {
    throw new RangeError(`settings.${unknown} is not a setting`);
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const settings: SimulatorSettings = {
    ...DEFAULT_SIMULATOR_SETTINGS,
    ...defined,
    actionRules: { ...DEFAULT_SIMULATOR_SETTINGS.actionRules, ...definedEntries(overrides.actionRules) },
    docVariants: { ...DEFAULT_SIMULATOR_SETTINGS.docVariants, ...definedEntries(overrides.docVariants) },
  };
  for (const name of NON_NEGATIVE_NUMBERS) {
    requireNumber(name, settings[name], 0);
  }
  for (const [name, allowed] of Object.entries(CHOICES)) {
    const chosen = settings[name as keyof SimulatorSettings];
    if (!allowed.includes(chosen as string)) {
      throw new RangeError(`settings.${name} must be ${allowed.map((item) => `"${item}"`).join(' or ')}, got ${JSON.stringify(chosen)}`);
    }
  }
  requireNumber('maxInvocationsPerCall', settings.maxInvocationsPerCall, 1);
  requireNumber('maxTransactionAttributePairs', settings.maxTransactionAttributePairs, 1);
  requireNumber('firstSequence', settings.firstSequence, 0);
  requireNumber('maxConsecutiveActionFailures', settings.maxConsecutiveActionFailures, 1);
  if (settings.hangupAfterMs < settings.retryAfterMs) {
    throw new RangeError(`settings.hangupAfterMs (${settings.hangupAfterMs}) must not be below settings.retryAfterMs (${settings.retryAfterMs})`);
  }
  return settings;
}

function definedEntries<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function requireNumber(name: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`settings.${name} must be an integer of at least ${min}, got ${String(value)}`);
  }
}
