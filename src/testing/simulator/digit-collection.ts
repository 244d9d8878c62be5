// How the simulated SMA collects DTMF digits (docs/sma-model.md#play-audio-and-get-digits,
// docs/sma-model.md#receive-digits, docs/sma-model.md#digits-during-prompts). The docs give the
// parameters but not every timing detail; the choices are written next to each rule below.

/** Schedules `fire` after `delayMs` of virtual time; returns a function that cancels it. */
export type Scheduler = (delayMs: number, fire: () => void) => () => void;

/** The digit rules of PlayAudioAndGetDigits / SpeakAndGetDigits, with the service defaults filled in. */
export interface DigitRules {
  /** MinNumberOfDigits (default 0). */
  readonly minDigits: number;
  /** MaxNumberOfDigits (default 128). */
  readonly maxDigits: number;
  /** TerminatorDigits (default `#`). */
  readonly terminators: readonly string[];
  /** InputDigitsRegex, when given. */
  readonly pattern?: RegExp;
  /** Repeat: attempts in total (default 1). */
  readonly attempts: number;
  /** RepeatDurationInMilliseconds: how long an attempt waits for the first digit after its prompt. */
  readonly firstDigitTimeoutMs: number;
  /** InBetweenDigitsDurationInMilliseconds (default: RepeatDurationInMilliseconds). */
  readonly inBetweenTimeoutMs: number;
}

/** What a {@link GetDigitsCollector} needs from the call. */
export interface GetDigitsHost {
  /** The call's timer. */
  readonly schedule: Scheduler;
  /** Plays the prompt (or the failure prompt) to the caller and returns how long it lasts. */
  playPrompt(failure: boolean): number;
  /** Offers the digits the caller pressed before the action started (the `type-ahead` setting only), one at a time, while the collector takes them. */
  drainBufferedDigits(): void;
  /** Valid digits were entered. */
  succeed(digits: string): void;
  /** The attempts ran out. */
  fail(): void;
}

/**
 * The foreground collection of *AndGetDigits: each attempt plays the prompt, then waits up to
 * RepeatDuration for the first digit and InBetween for each next one. Input ends on a terminator
 * (not included), at MaxNumberOfDigits, or on a timeout. It is valid with at least
 * max(MinNumberOfDigits, 1) digits that match InputDigitsRegex (tested with `RegExp.test`, as
 * written). When the attempts run out the action fails.
 *
 * Digits while the action's own prompts play (docs/sma-model.md#digits-during-prompts): the pages
 * describe one action that plays and gathers (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak-and-get-digits.html,
 * https://docs.aws.amazon.com/chime-sdk/latest/dg/play-audio-get-digits.html) and say nothing of a
 * digit pressed before the prompt ends. We read it as gathering from the start of the action: a
 * digit during the prompt stops the prompt and counts for the attempt (barge-in), which is how a
 * one-tap dial's PIN, sent while the prompt still plays, gets through. Digits during the failure
 * prompt are kept for the next attempt, as they are the same action's input. Digits pressed before
 * the action started are not the collector's: the call discards them or, with the `type-ahead`
 * setting, offers them here (`drainBufferedDigits`).
 */
export class GetDigitsCollector {
  private phase: 'prompt' | 'listening' | 'failure-prompt' | 'done' = 'done';
  private attempt = 0;
  private collected = '';
  /** Digits pressed during the failure prompt: the next attempt's first input. */
  private held = '';
  private cancelTimer?: () => void;

  /**
   * @param rules the digit rules
   * @param host the call
   */
  constructor(private readonly rules: DigitRules, private readonly host: GetDigitsHost) {}

  /** Starts the first attempt. */
  public start(): void {
    this.attempt = 1;
    this.beginAttempt();
  }

  /** Offers a digit the caller pressed; returns whether this collector took it. */
  public offerDigit(digit: string): boolean {
    if (this.phase === 'failure-prompt') {
      this.held += digit;
      return true;
    }
    if (this.phase !== 'prompt' && this.phase !== 'listening') {
      return false;
    }
    this.phase = 'listening';
    this.setTimer(undefined);
    if (this.rules.terminators.includes(digit)) {
      this.conclude();
      return true;
    }
    this.collected += digit;
    if (this.collected.length >= this.rules.maxDigits) {
      this.conclude();
    } else {
      this.setTimer(this.rules.inBetweenTimeoutMs, () => this.conclude());
    }
    return true;
  }

  /** Stops collecting without an outcome. */
  public stop(): void {
    this.phase = 'done';
    this.held = '';
    this.setTimer(undefined);
  }

  private beginAttempt(): void {
    this.phase = 'prompt';
    this.collected = '';
    const promptMs = this.host.playPrompt(false);
    this.setTimer(promptMs, () => {
      this.phase = 'listening';
      this.setTimer(this.rules.firstDigitTimeoutMs, () => this.conclude());
    });
    const held = this.held;
    this.held = '';
    for (const digit of held) {
      if (!this.offerDigit(digit)) {
        break;
      }
    }
    this.host.drainBufferedDigits();
  }

  private conclude(): void {
    this.setTimer(undefined);
    const digits = this.collected;
    const valid = digits.length >= Math.max(this.rules.minDigits, 1) && (this.rules.pattern?.test(digits) ?? true);
    if (valid) {
      this.phase = 'done';
      this.host.succeed(digits);
    } else if (this.attempt < this.rules.attempts) {
      this.phase = 'failure-prompt';
      this.setTimer(this.host.playPrompt(true), () => {
        this.attempt += 1;
        this.beginAttempt();
      });
    } else {
      this.phase = 'done';
      this.host.fail();
    }
  }

  private setTimer(delayMs: number | undefined, fire?: () => void): void {
    this.cancelTimer?.();
    this.cancelTimer = delayMs === undefined || !fire ? undefined : this.host.schedule(delayMs, fire);
  }
}

/** The rules of ReceiveDigits. */
export interface ReceiveDigitsRules {
  /** InputDigitsRegex. */
  readonly pattern: RegExp;
  /** InBetweenDigitsDurationInMilliseconds. */
  readonly inBetweenMs: number;
  /** FlushDigitsDurationInMilliseconds. */
  readonly flushMs: number;
}

/**
 * The background collection ReceiveDigits arms: digits that no foreground action takes accumulate;
 * as soon as they match the regex (`RegExp.test`) they are reported (one DIGITS_RECEIVED) and cleared.
 * They are also cleared when the next digit does not come within InBetween, and FlushDigits after
 * the first digit of a sequence.
 */
export class ReceiveDigitsCollector {
  private collected = '';
  private cancelInBetween?: () => void;
  private cancelFlush?: () => void;

  /**
   * @param rules the ReceiveDigits parameters
   * @param schedule the call's timer
   * @param received called with each match
   */
  constructor(
    private readonly rules: ReceiveDigitsRules,
    private readonly schedule: Scheduler,
    private readonly received: (digits: string) => void,
  ) {}

  /** Takes a digit. */
  public offerDigit(digit: string): boolean {
    if (this.collected === '') {
      this.cancelFlush = this.schedule(this.rules.flushMs, () => this.clear());
    }
    this.collected += digit;
    this.cancelInBetween?.();
    if (this.rules.pattern.test(this.collected)) {
      const digits = this.collected;
      this.clear();
      this.received(digits);
    } else {
      this.cancelInBetween = this.schedule(this.rules.inBetweenMs, () => this.clear());
    }
    return true;
  }

  /** Disarms the collection. */
  public stop(): void {
    this.clear();
  }

  private clear(): void {
    this.collected = '';
    this.cancelInBetween?.();
    this.cancelFlush?.();
    this.cancelInBetween = undefined;
    this.cancelFlush = undefined;
  }
}
