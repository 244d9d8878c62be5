import { ActionRules } from '../rules';
import { ParticipantTag, PauseAction } from '../types/actions';
import { Check, integer, required } from '../validate';
import { ActionDefinition, buildAction, pascalKeys } from './action-reader';
import { legTarget } from './fields';

/** Options of {@link pause}. */
export interface PauseOptions {
  /** How long to pause: 100 to 30000 ms for the builder (see `ActionRules.pauseDuration`). */
  readonly durationInMilliseconds: number;
  /** The CallId of the leg; wins over `participantTag`. */
  readonly callId?: string;
  /** The leg; the service defaults to the invoking leg. */
  readonly participantTag?: ParticipantTag;
}

// docs/sma-model.md#pause (the pages disagree): "> 0" on the Pause page, 100 to 30000 on the troubleshooting page.
const pauseDuration: Check<number> = (value, path, rules) =>
  (rules.pauseDuration === '100-30000' ? integer(100, 30000) : integer(1))(value, path, rules);

/**
 * The parameters of Pause (docs/sma-model.md#pause).
 * @internal
 */
export function pauseSpec(): ActionDefinition {
  return { spec: { DurationInMilliseconds: required(pauseDuration), ...legTarget } };
}

/**
 * Builds a `Pause` action (interruptible). By default the duration must be 100 to 30000 ms; pass
 * `{ pauseDuration: 'positive' }` as `rules` to allow any positive duration.
 * @throws SmaValidationError naming the field, the value and the rule
 */
export function pause(options: PauseOptions, rules?: Partial<ActionRules>): PauseAction {
  return buildAction('Pause', pauseSpec(), pascalKeys(options), rules);
}
