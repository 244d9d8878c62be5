import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { MeetingDialIn } from '../meeting-dial-in';

/** How long the SIP media application waits for the handler before it retries the event. */
const SMA_RETRY_MS = 5_000;

const WIDTH = 8;
const HEIGHT = 6;

/**
 * The operations dashboard of a dial-in: what callers went through (calls, joins, join failures,
 * PIN failures, refused calls), how the handler did (errors, clean-ups, duration, join latency) and how busy
 * the line is (concurrent calls), with the dial-in's alarms. Its widgets read the dial-in's
 * `metric*` methods, so the dashboard and the alarms watch the same series.
 */
export function createDialInDashboard(scope: Construct, id: string, dialIn: MeetingDialIn): cloudwatch.Dashboard {
  const count = (metric: cloudwatch.Metric, label: string) => metric.with({ label, statistic: 'Sum', period: Duration.minutes(5) });
  const dashboard = new cloudwatch.Dashboard(scope, id, { defaultInterval: Duration.hours(3) });

  dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: heading(dialIn), width: 3 * WIDTH, height: 2 }));
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Calls and joins (per 5 minutes)',
      left: [count(dialIn.metricCalls(), 'Calls'), count(dialIn.metricJoins(), 'Joins'), count(dialIn.metricJoinFailures(), 'Join failures')],
      leftYAxis: { min: 0, showUnits: false },
      width: WIDTH,
      height: HEIGHT,
    }),
    new cloudwatch.GraphWidget({
      title: 'PIN failures and refused calls (per 5 minutes)',
      left: [count(dialIn.metricPinFailures(), 'Wrong or missing PINs'), count(dialIn.metricRefusedCalls(), 'Refused calls')],
      leftYAxis: { min: 0, showUnits: false },
      width: WIDTH,
      height: HEIGHT,
    }),
    new cloudwatch.GraphWidget({
      title: 'Concurrent calls',
      left: [dialIn.metricConcurrentCalls({ label: 'Active SIP media application calls (account, this region)' })],
      right: [dialIn.metricHandlerConcurrentExecutions({ label: 'Handler invocations in flight' })],
      leftYAxis: { min: 0, showUnits: false },
      rightYAxis: { min: 0, showUnits: false },
      width: WIDTH,
      height: HEIGHT,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Handler errors (per 5 minutes)',
      left: [
        count(dialIn.metricHandlerErrors(), 'Absorbed (caller heard an apology)'),
        count(dialIn.metricHandlerInvocationErrors(), 'Invocation errors (crash or timeout)'),
        count(dialIn.handler.metricThrottles(), 'Throttles'),
        count(dialIn.metricPendingCleanUps(), 'Attendees left to the clean-up sweep'),
        count(dialIn.metricCleanUpFailures(), 'Clean-up failures'),
      ],
      leftYAxis: { min: 0, showUnits: false },
      width: WIDTH,
      height: HEIGHT,
    }),
    new cloudwatch.GraphWidget({
      title: 'Handler duration (ms)',
      left: ['p50', 'p99', 'Maximum'].map((statistic) =>
        dialIn.metricHandlerDuration({ statistic, label: statistic, period: Duration.minutes(5) })),
      leftYAxis: { min: 0, showUnits: false },
      leftAnnotations: [{ value: SMA_RETRY_MS, label: 'The SIP media application retries after 5 s', color: cloudwatch.Color.RED }],
      width: WIDTH,
      height: HEIGHT,
    }),
    new cloudwatch.GraphWidget({
      title: 'Join latency (ms, correct PIN to meeting)',
      left: ['p50', 'p99'].map((statistic) => dialIn.metricJoinLatency({ statistic, label: statistic, period: Duration.minutes(5) })),
      leftYAxis: { min: 0, showUnits: false },
      width: WIDTH,
      height: HEIGHT,
    }),
  );
  if (dialIn.alarms.length > 0) {
    // The widget reads the array when the dashboard is synthesized: alarms added later are listed too.
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: dialIn.alarms, width: 3 * WIDTH, height: 3 }));
  }
  return dashboard;
}

function heading(dialIn: MeetingDialIn): string {
  const region = Stack.of(dialIn).region;
  const numbers = dialIn.dialInNumbers;
  const reach = numbers.length > 0
    ? `Callers dial ${numbers.join(', ')}.`
    : 'A standby: it has no number of its own; the primary\'s SIP rule fails over to it.';
  return `## Meeting dial-in ${dialIn.node.path} (${region})\n${reach} `
    + 'Concurrent calls: the account\'s active SIP media application calls in this region, and the handler\'s invocations in flight.';
}
