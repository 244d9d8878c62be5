import { isSmaActionType } from '../../sma';
import type { SmaActionType } from '../../sma';

/**
 * How an injected action failure looks: the `ErrorType` and `ErrorMessage` of the ACTION_FAILED the
 * SMA sends. The action pages list, among others, `SystemException` ("System error while running
 * action."), `ActionExecutionThrottled` (Polly throttling), `InvalidAudioSource` (an unreadable S3
 * prompt) and `AccessDenied` (docs/sma-model.md#action-errors,
 * https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html).
 */
export interface ActionFaultSpec {
  /** `ErrorType` of the ACTION_FAILED, e.g. `SystemException`. */
  readonly errorType: string;
  /** `ErrorMessage`. Default: "System error while running action." for `SystemException`, else one naming the injected fault. */
  readonly errorMessage?: string;
  /** How many actions of the type it fails; afterwards they run again. Default: every one until cancelled. */
  readonly times?: number;
}

/** An injected action failure, to inspect or cancel. */
export interface InjectedActionFault {
  /** The action type, or `'*'` for every type. */
  readonly actionType: SmaActionType | '*';
  /** The fault as injected. */
  readonly spec: ActionFaultSpec;
  /** How many actions it has failed so far. */
  readonly hits: number;
  /** Stops it from failing further actions. */
  cancel(): void;
}

/** The error fields of an ACTION_FAILED caused by an injected fault. */
export interface ActionFaultError {
  readonly ErrorType: string;
  readonly ErrorMessage: string;
}

/**
 * Makes the SMA fail actions of a given type with a given error, before they play anything: Polly
 * throttled, a wrong voice setting, an S3 prompt that cannot be read. The failed action is reported
 * with ACTION_FAILED and the rest of its list is dropped, as for any failure
 * (docs/sma-model.md#action-results). Faults apply in the order they were injected.
 */
export class ActionFaults {
  private readonly faults: ActionFaultRecord[] = [];

  /**
   * Fails actions of `actionType` (or of every type but Hangup, `'*'`) as `spec` says.
   * @throws RangeError for an unknown action type, an empty error type or a bad `times`
   */
  public inject(actionType: SmaActionType | '*', spec: ActionFaultSpec): InjectedActionFault {
    if (actionType !== '*' && !isSmaActionType(actionType)) {
      throw new RangeError(`failActions: "${String(actionType)}" is not an SMA action type`);
    }
    if (typeof spec.errorType !== 'string' || !/^[A-Za-z]+$/.test(spec.errorType)) {
      throw new RangeError(`failActions: errorType "${String(spec.errorType)}" is invalid: use an error name such as SystemException`);
    }
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times >= 1)) {
      throw new RangeError(`failActions: times must be a positive integer, got ${spec.times}`);
    }
    const record = new ActionFaultRecord(actionType, spec);
    this.faults.push(record);
    return record;
  }

  /** Cancels every fault. */
  public clear(): void {
    this.faults.forEach((fault) => fault.cancel());
    this.faults.length = 0;
  }

  /** The error for an action of `actionType` about to run, consuming one hit; `undefined` when no fault applies. */
  public take(actionType: SmaActionType): ActionFaultError | undefined {
    // `'*'` spares Hangup, so that a call can always be ended; name Hangup to fail it.
    const fault = this.faults.find((candidate) => candidate.remaining > 0
      && (candidate.actionType === actionType || (candidate.actionType === '*' && actionType !== 'Hangup')));
    if (!fault) {
      return undefined;
    }
    fault.hit();
    const { errorType, errorMessage } = fault.spec;
    return {
      ErrorType: errorType,
      ErrorMessage: errorMessage ?? (errorType === 'SystemException' ? 'System error while running action.' : `Injected ${errorType} on ${actionType}.`),
    };
  }
}

class ActionFaultRecord implements InjectedActionFault {
  public hits = 0;
  public remaining: number;

  constructor(public readonly actionType: SmaActionType | '*', public readonly spec: ActionFaultSpec) {
    this.remaining = spec.times ?? Infinity;
  }

  public hit(): void {
    this.hits += 1;
    this.remaining -= 1;
  }

  public cancel(): void {
    this.remaining = 0;
  }
}
