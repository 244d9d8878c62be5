import { ActionRules } from '../rules';
import { ParticipantTag, ReceiveDigitsAction } from '../types/actions';
import { required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { digitsRegex, legTarget, positiveInteger } from './fields';

/** Options of {@link receiveDigits}. */
export interface ReceiveDigitsOptions {
  /** Each match raises a DIGITS_RECEIVED event. */
  readonly inputDigitsRegex: string;
  /** Time allowed between digits, in ms (> 0). */
  readonly inBetweenDigitsDurationInMilliseconds: number;
  /** Time after the first digit after which digits are flushed, in ms; greater than the in-between duration for the builder. */
  readonly flushDigitsDurationInMilliseconds: number;
  /** The CallId of the leg; wins over `participantTag`. */
  readonly callId?: string;
  /** The leg; the service defaults to the invoking leg. */
  readonly participantTag?: ParticipantTag;
}

/**
 * The parameters of ReceiveDigits (docs/sma-model.md#receive-digits).
 * @internal
 */
export function receiveDigitsSpec(): ActionDefinition {
  return {
    spec: {
      ...legTarget,
      InputDigitsRegex: required(digitsRegex),
      InBetweenDigitsDurationInMilliseconds: required(positiveInteger),
      FlushDigitsDurationInMilliseconds: required(positiveInteger),
    },
    // docs/sma-model.md#receive-digits (the pages disagree): the best reading of the troubleshooting text is Flush > InBetween.
    crossField: (fields, rules) => rules.flushDigitsDuration === 'greater-than-in-between'
      && (fields.FlushDigitsDurationInMilliseconds as number) <= (fields.InBetweenDigitsDurationInMilliseconds as number)
      && ['FlushDigitsDurationInMilliseconds', 'must be greater than InBetweenDigitsDurationInMilliseconds'],
  };
}

/**
 * Builds a `ReceiveDigits` action, which listens for digits in the background: ACTION_SUCCESSFUL comes
 * at once, then one DIGITS_RECEIVED per match. By default Flush must exceed InBetween; pass
 * `{ flushDigitsDuration: 'any' }` as `rules` to lift that.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function receiveDigits(options: ReceiveDigitsOptions, rules?: Partial<ActionRules>): ReceiveDigitsAction {
  return buildAction('ReceiveDigits', receiveDigitsSpec(), pascalKeys(options), rules);
}
