import { ActionRules } from '../rules';
import { StartBotConversationAction } from '../types/actions';
import { arrayOf, matching, objectOf, oneOf, required, stringMap, text, utf8Length } from '../validate';
import { ActionDefinition, buildAction, eachPascal, pascalKeys } from './action-reader';
import { callId } from './fields';

/** Options of {@link startBotConversation}. */
export interface StartBotConversationOptions {
  /** The Lex V2 bot alias ARN, in the SMA's Region. */
  readonly botAliasArn: string;
  /** Lex locale such as `en_US` (service default). */
  readonly localeId?: string;
  /** The CallId of LEG-A. */
  readonly callId?: string;
  /** Only `LEG-A`. */
  readonly participantTag?: 'LEG-A';
  /** Session configuration, at most 10 KB as JSON. */
  readonly configuration?: {
    /** Initial session state. */
    readonly sessionState?: {
      /** Attributes passed to the bot (keys are kept as given). */
      readonly sessionAttributes?: Readonly<Record<string, string>>;
      /** The first dialog action; `ElicitIntent` when welcome messages are sent. */
      readonly dialogAction?: { readonly type: 'Delegate' | 'ElicitIntent' };
    };
    /** Messages the bot says first. */
    readonly welcomeMessages?: readonly { readonly content: string; readonly contentType: 'PlainText' | 'SSML' }[];
  };
}

const MAX_CONFIGURATION_BYTES = 10240;

/**
 * The parameters of StartBotConversation (docs/sma-model.md#start-bot-conversation).
 * @internal
 */
export function startBotConversationSpec(): ActionDefinition {
  const configuration = objectOf({
    SessionState: objectOf({
      SessionAttributes: stringMap(),
      DialogAction: objectOf({ Type: required(oneOf('Delegate', 'ElicitIntent')) }),
    }),
    WelcomeMessages: arrayOf(objectOf({ Content: required(text(1, MAX_CONFIGURATION_BYTES)), ContentType: required(oneOf('PlainText', 'SSML')) }), 1, 100),
  }, (fields) => fields.WelcomeMessages !== undefined
    && (fields.SessionState as { DialogAction?: { Type?: string } } | undefined)?.DialogAction?.Type !== 'ElicitIntent'
    && ['WelcomeMessages', 'require SessionState.DialogAction.Type "ElicitIntent"']);
  return {
    spec: {
      CallId: callId,
      ParticipantTag: oneOf('LEG-A'),
      BotAliasArn: required(matching(/^arn:aws[a-z-]*:lex:[a-z0-9-]+:\d{12}:bot-alias\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/, 'must be a Lex V2 bot alias ARN')),
      LocaleId: matching(/^[a-z]{2,3}_[A-Z0-9]{2,3}$/, 'must be a Lex locale id such as en_US'),
      Configuration: configuration,
    },
    crossField: (fields) => fields.Configuration !== undefined && utf8Length(JSON.stringify(fields.Configuration)) > MAX_CONFIGURATION_BYTES
      && ['Configuration', `must be at most ${MAX_CONFIGURATION_BYTES} bytes as JSON`],
  };
}

/**
 * Builds a `StartBotConversation` action, which hands LEG-A to a Lex V2 bot. Not allowed on a bridged
 * call nor after JoinChimeMeeting; the account's Lex-bot quota defaults to 0.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function startBotConversation(options: StartBotConversationOptions, rules?: Partial<ActionRules>): StartBotConversationAction {
  return buildAction('StartBotConversation', startBotConversationSpec(), pascalKeys(options, {
    configuration: (value) => pascalKeys(value, {
      sessionState: (state) => pascalKeys(state, { dialogAction: (action) => pascalKeys(action) }),
      welcomeMessages: eachPascal,
    }),
  }), rules);
}
