import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CallFlowLogger, CallFlowMetrics } from '../dial-in/metrics';
import { redactLogFields } from '../dial-in/redaction';

/** The namespace of the handler's CloudWatch metrics (the constructs read them from here). */
export const METRICS_NAMESPACE = 'CdkChimeMeetingDialIn';

/** Powertools' JSON logger behind the call flow's logger interface, with every field redacted. */
export function powertoolsLogger(logger = new Logger({ serviceName: 'meeting-dial-in' })): CallFlowLogger {
  return {
    info: (message, fields) => logger.info(message, redactLogFields(fields ?? {}) as Record<string, unknown>),
    warn: (message, fields) => logger.warn(message, redactLogFields(fields ?? {}) as Record<string, unknown>),
    error: (message, fields) => logger.error(message, redactLogFields(fields ?? {}) as Record<string, unknown>),
  };
}

/** Powertools' EMF metrics behind the call flow's metrics interface. Call `publish` after each event. */
export function powertoolsMetrics(metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'meeting-dial-in' })): CallFlowMetrics & { publish(): void } {
  return {
    count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value),
    duration: (name, milliseconds) => metrics.addMetric(name, MetricUnit.Milliseconds, milliseconds),
    publish: () => metrics.publishStoredMetrics(),
  };
}
