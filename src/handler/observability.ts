import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CallFlowLogger, CallFlowMetrics } from '../dial-in/metrics';
import { redactLogFields } from '../dial-in/redaction';

/**
 * Powertools' JSON logger behind the call flow's logger interface, with every field redacted.
 * Its service name comes from POWERTOOLS_SERVICE_NAME, which the constructs set.
 */
export function powertoolsLogger(logger = new Logger()): CallFlowLogger {
  return {
    info: (message, fields) => logger.info(message, redactLogFields(fields ?? {}) as Record<string, unknown>),
    warn: (message, fields) => logger.warn(message, redactLogFields(fields ?? {}) as Record<string, unknown>),
    error: (message, fields) => logger.error(message, redactLogFields(fields ?? {}) as Record<string, unknown>),
  };
}

/**
 * Powertools' EMF metrics behind the call flow's metrics interface; call `publish` after each
 * event. Namespace and service dimension come from POWERTOOLS_METRICS_NAMESPACE and
 * POWERTOOLS_SERVICE_NAME, which the constructs set (and read their metrics by).
 */
export function powertoolsMetrics(metrics = new Metrics()): CallFlowMetrics & { publish(): void } {
  return {
    count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value),
    duration: (name, milliseconds) => metrics.addMetric(name, MetricUnit.Milliseconds, milliseconds),
    // Most events record no metric; publishing nothing would log a warning on every one of them.
    publish: () => {
      if (metrics.hasStoredMetrics()) {
        metrics.publishStoredMetrics();
      }
    },
  };
}
