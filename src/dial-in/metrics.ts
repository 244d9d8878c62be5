/** The call flow's metrics (emitted by the bundled handler as CloudWatch EMF). */
export type CallFlowMetricName =
  | 'Calls'
  | 'PinFailures'
  | 'Joins'
  | 'JoinFailures'
  | 'JoinLatency'
  | 'Hangups'
  | 'HandlerErrors'
  | 'RefusedCalls'
  | 'Holds'
  | 'PendingCleanUps'
  | 'CleanUps'
  | 'CleanUpFailures';

/** Where the call flow reports what happened. */
export interface CallFlowMetrics {
  /** Adds `value` (default 1) to a counter. */
  count(name: Exclude<CallFlowMetricName, 'JoinLatency'>, value?: number): void;
  /** Records a duration in milliseconds. */
  duration(name: 'JoinLatency', milliseconds: number): void;
}

/** What the call flow logs. Fields never hold join tokens, PINs or full phone numbers. */
export interface CallFlowLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Reports nothing. */
export const NO_METRICS: CallFlowMetrics = { count: () => undefined, duration: () => undefined };

/** Logs nothing. */
export const NO_LOGS: CallFlowLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
