/**
 * The one contract between the constructs and the bundled meeting-join handler: the constructs
 * render the handler's configuration into one environment variable, the handler parses and
 * validates it at start-up. Pure code: no AWS SDK, no construct imports.
 */

/** The environment variable that holds the JSON configuration. */
export const HANDLER_CONFIG_VARIABLE = 'CDK_CHIME_DIALIN_CONFIG';

/** A prompt read by Polly or played from S3. */
export type HandlerPrompt = { readonly text: string } | { readonly audio: { readonly bucketName: string; readonly key: string } };

/** The configuration of the bundled meeting-join handler. */
export interface HandlerConfig {
  /** The DynamoDB table of PIN → meeting items. */
  readonly directoryTableName: string;
  readonly pinLength?: number;
  readonly maxPinAttempts?: number;
  readonly pinTimeoutMs?: number;
  /** How long a caller waits on hold for a scheduled meeting's start, in ms. */
  readonly meetingStartWaitMs?: number;
  readonly prompts?: Readonly<Record<string, HandlerPrompt>>;
  readonly voice?: { readonly voiceId?: string; readonly engine?: 'standard' | 'neural'; readonly languageCode?: string };
  readonly callerIdentity?: 'masked' | 'full' | 'anonymous';
  readonly confirmDialOut?: boolean;
  /** In-call self-mute keys, or false for none. */
  readonly selfMuteDigits?: string | false;
  /** The Chime SDK Meetings control Region of meetings whose directory item names none. Default: the Lambda's region. */
  readonly meetingsRegion?: string;
  /** The control Regions whose meetings callers may join (the handler's IAM covers these). Default: any. */
  readonly meetingRegions?: readonly string[];
  /**
   * PIN-guess counters: failed PINs per calling number per window before its calls are refused, the
   * window in seconds, and the HMAC key that keeps numbers out of the counter keys. Default: no counters.
   */
  readonly pinGuesses?: { readonly maxFailures?: number; readonly windowSeconds?: number; readonly hashKey: string };
  /**
   * The waiting room: callers with a right PIN (not the host PIN) wait on hold until admitted, for at
   * most `lobbyTimeoutMs`. Default: no waiting room.
   */
  readonly waitingRoom?: { readonly lobbyTimeoutMs?: number };
  /** Endpoint overrides, for local runs against fake services. */
  readonly meetingsEndpoint?: string;
  readonly dynamoDbEndpoint?: string;
}

const PROMPT_NAMES = ['enterPin', 'wrongPin', 'noPin', 'tooManyAttempts', 'joining', 'meetingEnded', 'meetingNotStarted', 'waitingForMeeting', 'joinFailed', 'removed',
  'confirmDialOut', 'goodbye', 'apology', 'hold', 'pinNotChecked', 'tooManyGuesses', 'muted', 'unmuted', 'waitingRoom', 'lobbyTimedOut'];

/** The environment variables that carry `config` (it may hold CDK tokens; they render as JSON). */
export function renderHandlerEnvironment(config: HandlerConfig, toJson: (value: unknown) => string = JSON.stringify): Record<string, string> {
  return { [HANDLER_CONFIG_VARIABLE]: toJson(config) };
}

/**
 * Reads and validates the configuration; every error names the field and says what is allowed.
 * Range checks of numbers are left to the call flow, which owns those limits.
 */
export function parseHandlerEnvironment(env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  const raw = env[HANDLER_CONFIG_VARIABLE];
  if (!raw) {
    throw new Error(`${HANDLER_CONFIG_VARIABLE} is not set: the handler needs its configuration (the MeetingDialIn construct writes it).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${HANDLER_CONFIG_VARIABLE} is not valid JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${HANDLER_CONFIG_VARIABLE} must be a JSON object.`);
  }
  const config = value as Record<string, unknown>;
  const known = new Set(['directoryTableName', 'pinLength', 'maxPinAttempts', 'pinTimeoutMs', 'meetingStartWaitMs', 'prompts', 'voice', 'callerIdentity',
    'confirmDialOut', 'selfMuteDigits', 'meetingsRegion', 'meetingRegions', 'meetingsEndpoint', 'dynamoDbEndpoint', 'pinGuesses', 'waitingRoom']);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) {
      throw new Error(`${HANDLER_CONFIG_VARIABLE}.${key} is not a setting of this handler version.`);
    }
  }
  requireString(config, 'directoryTableName');
  for (const key of ['pinLength', 'maxPinAttempts', 'pinTimeoutMs', 'meetingStartWaitMs']) {
    optional(config, key, (v) => typeof v === 'number' && Number.isInteger(v), 'a whole number');
  }
  for (const key of ['meetingsRegion', 'meetingsEndpoint', 'dynamoDbEndpoint']) {
    optional(config, key, (v) => typeof v === 'string' && v.length > 0, 'a non-empty string');
  }
  optional(config, 'meetingRegions', (v) => Array.isArray(v) && v.length > 0 && v.every((region) => typeof region === 'string' && region.length > 0),
    'a non-empty array of region names');
  optional(config, 'pinGuesses', (v) => isObject(v) && typeof v.hashKey === 'string' && v.hashKey.length > 0
    && Object.entries(v).every(([k, entry]) => k === 'hashKey' || ((k === 'maxFailures' || k === 'windowSeconds') && Number.isInteger(entry))),
  'an object with a non-empty hashKey and whole-number maxFailures and windowSeconds');
  optional(config, 'waitingRoom', (v) => isObject(v) && Object.entries(v).every(([k, entry]) => k === 'lobbyTimeoutMs' && Number.isInteger(entry)),
    'an object with an optional whole-number lobbyTimeoutMs');
  optional(config, 'callerIdentity', (v) => v === 'masked' || v === 'full' || v === 'anonymous', 'masked, full or anonymous');
  optional(config, 'confirmDialOut', (v) => typeof v === 'boolean', 'true or false');
  optional(config, 'selfMuteDigits', (v) => v === false || (typeof v === 'string' && v.length > 0), 'a string of keys or false');
  optional(config, 'voice', (v) => isObject(v) && Object.entries(v).every(([k, entry]) =>
    ['voiceId', 'engine', 'languageCode'].includes(k) && typeof entry === 'string'), 'an object with voiceId, engine and languageCode strings');
  optional(config, 'prompts', (v) => isObject(v) && Object.entries(v).every(([name, prompt]) => PROMPT_NAMES.includes(name) && isPrompt(prompt)),
    `an object whose keys are ${PROMPT_NAMES.join(', ')} and whose values are { text } or { audio: { bucketName, key } }`);
  return config as unknown as HandlerConfig;
}

function requireString(config: Record<string, unknown>, key: string): void {
  if (typeof config[key] !== 'string' || (config[key] as string).length === 0) {
    throw new Error(`${HANDLER_CONFIG_VARIABLE}.${key} is required: a non-empty string.`);
  }
}

function optional(config: Record<string, unknown>, key: string, valid: (value: unknown) => boolean, expected: string): void {
  if (config[key] !== undefined && !valid(config[key])) {
    throw new Error(`${HANDLER_CONFIG_VARIABLE}.${key} ${JSON.stringify(config[key])} is invalid: use ${expected}.`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrompt(value: unknown): boolean {
  if (!isObject(value)) {
    return false;
  }
  if (typeof value.text === 'string') {
    return value.text.length > 0;
  }
  return isObject(value.audio) && typeof value.audio.bucketName === 'string' && typeof value.audio.key === 'string';
}
