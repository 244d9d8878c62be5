import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MeetingDialIn, MeetingDialInProps, PhoneNumber, PhoneNumberType, SipMediaApplication } from '../src';
import { cfnLintErrors } from './helpers/cfn-lint';
import { unacknowledgedNagFindings } from './helpers/nag';

function newStack(region = 'us-east-1'): Stack {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-ops-')) });
  return new Stack(app, 'DialIn', { env: { region, account: '111122223333' } });
}

function onCall(stack: Stack, id = 'OnCall'): sns.ITopic {
  return sns.Topic.fromTopicArn(stack, id, `arn:aws:sns:us-east-1:111122223333:${id}`);
}

function west(stack: Stack): SipMediaApplication {
  return SipMediaApplication.fromSipMediaApplicationAttributes(stack, 'West', {
    sipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000002',
    region: 'us-west-2',
  }) as SipMediaApplication;
}

type Rule = { Properties: { TriggerValue: unknown; TargetApplications: unknown } };

function sipRules(template: Template): Record<string, Rule> {
  return template.findResources('Custom::ChimeSipRule') as Record<string, Rule>;
}

/** The dashboard's body, its references written as REF(logical id) so that it parses as JSON. */
function dashboardBody(template: Template): { widgets: Array<{ type: string; properties: Record<string, any> }> } {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part) => {
    if (typeof part === 'string') {
      return part;
    }
    const ref = part as { 'Ref'?: string; 'Fn::GetAtt'?: string[] };
    return `REF(${ref.Ref ?? ref['Fn::GetAtt']!.join('.')})`;
  }).join('');
  return JSON.parse(text);
}

/** Each graph's series: `[namespace, metric name, ...dimensions, options]` or `[{ expression, ... }]`. */
function graphs(template: Template): Record<string, unknown[][]> {
  return Object.fromEntries(dashboardBody(template).widgets
    .filter((widget) => widget.type === 'metric' && widget.properties.metrics)
    .map((widget) => [widget.properties.title, widget.properties.metrics]));
}

describe('MeetingDialIn with several numbers', () => {
  it('routes each number, ordered or imported, local or toll-free, in any country, with its own rule to the application and the failover targets', () => {
    const stack = newStack();
    const local = new PhoneNumber(stack, 'Local', { areaCode: '206' });
    const tollFree = new PhoneNumber(stack, 'TollFree', { tollFreePrefix: '888' });
    const london = new PhoneNumber(stack, 'London', { country: 'GB', phoneNumberType: PhoneNumberType.TOLL_FREE });
    const imported = PhoneNumber.fromE164(stack, 'Paris', '+33170000000');

    const dialIn = new MeetingDialIn(stack, 'DialIn', { phoneNumbers: [local, tollFree, london, imported], failoverTargets: [west(stack)] });
    const template = Template.fromStack(stack);

    // Given alone, phoneNumbers replaces the default number: nothing else is ordered.
    template.resourceCountIs('Custom::ChimePhoneNumber', 3);
    template.hasResourceProperties('Custom::ChimePhoneNumber', { Country: 'GB', PhoneNumberType: 'TollFree' });
    const rules = Object.values(sipRules(template));
    expect(rules).toHaveLength(4);
    expect(rules.map((rule) => stack.resolve(rule.Properties.TriggerValue)))
      .toEqual([local, tollFree, london, imported].map((phoneNumber) => stack.resolve(phoneNumber.e164PhoneNumber)));
    for (const rule of rules) {
      expect(rule.Properties.TargetApplications).toEqual([
        { SipMediaApplicationId: { 'Fn::GetAtt': [expect.stringMatching(/^DialInSipMediaApplication/), 'SipMediaApplicationId'] }, AwsRegion: 'us-east-1', Priority: 1 },
        { SipMediaApplicationId: 'a1b2c3d4-0000-4000-8000-000000000002', AwsRegion: 'us-west-2', Priority: 2 },
      ]);
    }
    expect(dialIn.phoneNumbers).toEqual([local, tollFree, london, imported]);
    expect(dialIn.sipRules).toHaveLength(4);
    expect(dialIn.phoneNumber).toBe(local);
    expect(dialIn.sipRule).toBe(dialIn.sipRules[0]);
  });

  it('keeps the single number and its rule as they were, and adds a rule per extra number', () => {
    const single = newStack();
    new MeetingDialIn(single, 'DialIn', { phoneNumberOptions: { areaCode: '206' } });
    const both = newStack();
    const tollFree = PhoneNumber.fromE164(both, 'TollFree', '+18885550100');
    const dialIn = new MeetingDialIn(both, 'DialIn', { phoneNumberOptions: { areaCode: '206' }, phoneNumbers: [tollFree] });

    const singleRules = Object.keys(sipRules(Template.fromStack(single)));
    const bothRules = Object.keys(sipRules(Template.fromStack(both)));
    expect(bothRules).toHaveLength(2);
    expect(bothRules).toEqual(expect.arrayContaining(singleRules));
    expect(dialIn.sipRules[0].node.id).toBe('SipRule');
    expect(dialIn.phoneNumbers[1]).toBe(tollFree);
    expect(both.resolve(dialIn.dialInNumbers)).toEqual([{ Ref: expect.stringMatching(/^DialInPhoneNumber/) }, '+18885550100']);
  });

  it('names each extra rule by its number, so that reordering or removing numbers replaces no other rule', () => {
    const logicalIds = (order: string[]) => {
      const stack = newStack();
      const numbers: Record<string, PhoneNumber | ReturnType<typeof PhoneNumber.fromE164>> = {
        local: new PhoneNumber(stack, 'Local', { areaCode: '206' }),
        tollFree: new PhoneNumber(stack, 'TollFree', { tollFreePrefix: '888' }),
        imported: PhoneNumber.fromE164(stack, 'Imported', '+12065550100'),
      };
      new MeetingDialIn(stack, 'DialIn', { phoneNumbers: order.map((name) => numbers[name]) });
      const rules = sipRules(Template.fromStack(stack));
      return Object.fromEntries(Object.entries(rules).map(([id, rule]) => [JSON.stringify(rule.Properties.TriggerValue), id]));
    };

    const before = logicalIds(['local', 'tollFree', 'imported']);
    expect(Object.keys(before)).toHaveLength(3);
    expect(logicalIds(['imported', 'local', 'tollFree'])).toEqual(before);
    const after = logicalIds(['tollFree']);
    expect(Object.keys(after)).toHaveLength(1);
    expect(before).toMatchObject(after);
  });

  it.each<[string, (stack: Stack) => MeetingDialInProps, string]>([
    ['an empty list', () => ({ phoneNumbers: [] }), 'phoneNumbers [] is empty: list at least one number'],
    ['the same number twice', (stack) => {
      const number = PhoneNumber.fromE164(stack, 'N', '+12065550100');
      return { phoneNumbers: [number, PhoneNumber.fromE164(stack, 'Again', '+12065550100')] };
    }, 'The dial-in\'s numbers list +12065550100 twice (at 0 and 1'],
    ['the single number again in the list', (stack) => {
      const number = new PhoneNumber(stack, 'N', { areaCode: '206' });
      return { phoneNumber: number, phoneNumbers: [number] };
    }, 'The dial-in\'s numbers list DialIn/N twice (at 0 and 1'],
    ['numbers on a standby', (stack) => ({
      standby: true,
      meetingDirectory: dynamodb.TableV2.fromTableName(stack, 'Replica', 'directory'),
      phoneNumbers: [PhoneNumber.fromE164(stack, 'N', '+12065550100')],
    }), 'standby is true, so phoneNumbers cannot apply'],
  ])('refuses %s, naming the field', (_, props, message) => {
    const stack = newStack();
    expect(() => new MeetingDialIn(stack, 'DialIn', props(stack))).toThrow(message);
  });

  it('has no numbers and no rules as a standby', () => {
    const stack = newStack('us-west-2');
    const dialIn = new MeetingDialIn(stack, 'DialIn', { standby: true, meetingDirectory: dynamodb.TableV2.fromTableName(stack, 'Replica', 'directory') });

    expect(dialIn.phoneNumbers).toEqual([]);
    expect(dialIn.dialInNumbers).toEqual([]);
    expect(dialIn.sipRules).toEqual([]);
    expect(() => dialIn.phoneNumber).toThrow('is a standby');
  });
});

describe('MeetingDialIn alarm actions', () => {
  it('sends every alarm it creates to every action, and turns the alarms on', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn', { alarmActions: [new actions.SnsAction(onCall(stack)), new actions.SnsAction(onCall(stack, 'Pager'))] });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));

    // Handler errors, join failures and PIN guessing.
    expect(dialIn.alarms).toHaveLength(3);
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:sns:us-east-1:111122223333:OnCall', 'arn:aws:sns:us-east-1:111122223333:Pager']);
    }
  });

  it('gives the actions to an alarm created in the construct after it was built, and to no alarm outside it', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn', { alarmActions: [new actions.SnsAction(onCall(stack))] });
    new cloudwatch.Alarm(dialIn, 'RefusedCallsAlarm', { metric: dialIn.metricRefusedCalls(), threshold: 10, evaluationPeriods: 1 });
    new cloudwatch.Alarm(stack, 'Elsewhere', { metric: dialIn.metricCalls(), threshold: 100, evaluationPeriods: 1 });
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RefusedCalls', AlarmActions: ['arn:aws:sns:us-east-1:111122223333:OnCall'] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Calls', AlarmActions: Match.absent() });
  });

  it('adds the actions once, however often the app is synthesized', () => {
    const stack = newStack();
    new MeetingDialIn(stack, 'DialIn', { alarmActions: [new actions.SnsAction(onCall(stack))] });
    const app = stack.node.root as App;
    app.synth();
    app.synth({ force: true });

    for (const alarm of Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
  });

  it('leaves the alarms without actions when none are given', () => {
    const stack = newStack();
    new MeetingDialIn(stack, 'DialIn', { alarms: true });

    for (const alarm of Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  it('refuses actions with alarms turned off', () => {
    const stack = newStack();
    expect(() => new MeetingDialIn(stack, 'DialIn', { alarms: false, alarmActions: [new actions.SnsAction(onCall(stack))] }))
      .toThrow('alarms is false but alarmActions has 1 action(s)');
  });
});

describe('MeetingDialIn dashboard', () => {
  it('creates none unless asked', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn');

    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(dialIn.dashboard).toBeUndefined();
  });

  it('graphs joins, join failures, PIN failures, refused calls, handler errors and clean-ups, duration, and concurrent calls', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn', { dashboard: true, phoneNumbers: [PhoneNumber.fromE164(stack, 'N', '+12065550100')] });
    const template = Template.fromStack(stack);
    const service = stack.resolve(dialIn.metricJoins().dimensions!.service);
    const handler = `REF(${stack.getLogicalId(dialIn.handler.node.defaultChild as lambda.CfnFunction)})`;
    const flow = (name: string, label: string, stat = 'Sum') => ['CdkChimeMeetingDialIn', name, 'service', service, expect.objectContaining({ label, stat })];
    const lambdaMetric = (name: string, options: object) => ['AWS/Lambda', name, 'FunctionName', handler, expect.objectContaining(options)];

    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(dialIn.dashboard).toBeDefined();
    expect(graphs(template)).toEqual({
      'Calls and joins (per 5 minutes)': [flow('Calls', 'Calls'), flow('Joins', 'Joins'), flow('JoinFailures', 'Join failures')],
      'PIN failures and refused calls (per 5 minutes)': [flow('PinFailures', 'Wrong or missing PINs'), flow('RefusedCalls', 'Refused calls')],
      'Concurrent calls': [
        [expect.objectContaining({ expression: 'SEARCH(\'Namespace="AWS/ChimeVoiceConnector" MetricName="SmaActiveCallCount"\', \'Maximum\', 60)', period: 60 })],
        lambdaMetric('ConcurrentExecutions', { stat: 'Maximum', period: 60, yAxis: 'right' }),
      ],
      'Handler errors (per 5 minutes)': [
        flow('HandlerErrors', 'Absorbed (caller heard an apology)'),
        lambdaMetric('Errors', { stat: 'Sum' }),
        lambdaMetric('Throttles', { stat: 'Sum' }),
        flow('PendingCleanUps', 'Attendees left to the clean-up sweep'),
        flow('CleanUpFailures', 'Clean-up failures'),
      ],
      'Handler duration (ms)': ['p50', 'p99', 'Maximum'].map((stat) => lambdaMetric('Duration', { stat, label: stat })),
      'Join latency (ms, correct PIN to meeting)': ['p50', 'p99'].map((stat) => flow('JoinLatency', stat, stat)),
    });
  });

  it('marks the SIP media application\'s 5 s retry on the handler duration, and names the numbers in its heading', () => {
    const stack = newStack();
    new MeetingDialIn(stack, 'DialIn', { dashboard: true, phoneNumbers: [PhoneNumber.fromE164(stack, 'N', '+12065550100'), PhoneNumber.fromE164(stack, 'T', '+18885550100')] });
    const { widgets } = dashboardBody(Template.fromStack(stack));

    const duration = widgets.find((widget) => widget.properties.title === 'Handler duration (ms)')!;
    expect(duration.properties.annotations.horizontal).toEqual([expect.objectContaining({ value: 5000 })]);
    const [heading] = widgets;
    expect(heading.type).toBe('text');
    expect(heading.properties.markdown).toContain('Callers dial +12065550100, +18885550100.');
  });

  it('lists the alarms, including those added after the dashboard, and leaves the widget out without alarms', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn', { dashboard: true, alarms: true });
    (dialIn as unknown as { addAlarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm })
      .addAlarm('LaterAlarm', { metric: dialIn.metricRefusedCalls(), threshold: 5, evaluationPeriods: 1 });
    const alarmWidget = dashboardBody(Template.fromStack(stack)).widgets.find((widget) => widget.type === 'alarm')!;

    expect(alarmWidget.properties.alarms).toEqual([
      expect.stringMatching(/^REF\(DialInHandlerErrorsAlarm.*\.Arn\)$/),
      expect.stringMatching(/^REF\(DialInJoinFailuresAlarm.*\.Arn\)$/),
      expect.stringMatching(/^REF\(DialInPinGuessingAlarm.*\.Arn\)$/),
      expect.stringMatching(/^REF\(DialInLaterAlarm.*\.Arn\)$/),
    ]);

    const quiet = newStack();
    new MeetingDialIn(quiet, 'DialIn', { dashboard: true });
    expect(dashboardBody(Template.fromStack(quiet)).widgets.map((widget) => widget.type)).not.toContain('alarm');
  });

  it('says on a standby\'s dashboard that it has no number', () => {
    const stack = newStack('us-west-2');
    new MeetingDialIn(stack, 'DialIn', { standby: true, dashboard: true, meetingDirectory: dynamodb.TableV2.fromTableName(stack, 'Replica', 'directory') });

    expect(dashboardBody(Template.fromStack(stack)).widgets[0].properties.markdown).toContain('A standby: it has no number of its own');
  });
});

describe('MeetingDialIn metrics for operations', () => {
  it('reads the call flow\'s counters by namespace, name and service', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn');

    for (const [metric, name, statistic] of [
      [dialIn.metricCalls(), 'Calls', 'Sum'],
      [dialIn.metricRefusedCalls(), 'RefusedCalls', 'Sum'],
      [dialIn.metricPendingCleanUps(), 'PendingCleanUps', 'Sum'],
      [dialIn.metricCleanUpFailures(), 'CleanUpFailures', 'Sum'],
      [dialIn.metricJoinLatency(), 'JoinLatency', 'Average'],
    ] as const) {
      expect(metric.namespace).toBe('CdkChimeMeetingDialIn');
      expect(metric.metricName).toBe(name);
      expect(metric.statistic).toBe(statistic);
      expect(metric.dimensions).toEqual(dialIn.metricJoins().dimensions);
    }
    expect(dialIn.metricJoinLatency({ statistic: 'p99' }).statistic).toBe('p99');
  });

  it('reads the handler\'s Lambda metrics by its function name', () => {
    const stack = newStack();
    const dialIn = new MeetingDialIn(stack, 'DialIn');
    const functionName = stack.resolve(dialIn.handler.functionName);

    for (const [metric, name, statistic] of [
      [dialIn.metricHandlerDuration(), 'Duration', 'Average'],
      [dialIn.metricHandlerInvocationErrors(), 'Errors', 'Sum'],
      [dialIn.metricHandlerConcurrentExecutions(), 'ConcurrentExecutions', 'Maximum'],
    ] as const) {
      expect(metric.namespace).toBe('AWS/Lambda');
      expect(metric.metricName).toBe(name);
      expect(metric.statistic).toBe(statistic);
      expect(stack.resolve(metric.dimensions)).toEqual({ FunctionName: functionName });
    }
    expect(dialIn.metricHandlerConcurrentExecutions().period.toSeconds()).toBe(60);
  });

  it('searches the account\'s active SIP media application calls for concurrent calls, at the period asked', () => {
    const dialIn = new MeetingDialIn(newStack(), 'DialIn');

    const calls = dialIn.metricConcurrentCalls({ period: Duration.minutes(5) }) as cloudwatch.MathExpression;
    expect(calls.expression).toBe('SEARCH(\'Namespace="AWS/ChimeVoiceConnector" MetricName="SmaActiveCallCount"\', \'Maximum\', 300)');
    expect(calls.period.toSeconds()).toBe(300);
  });
});

describe('MeetingDialIn operations compliance', () => {
  it('has no unacknowledged cdk-nag findings and no cfn-lint errors with several numbers, a dashboard and alarm actions', () => {
    const build = () => {
      const stack = newStack();
      const dialIn = new MeetingDialIn(stack, 'DialIn', {
        phoneNumberOptions: { areaCode: '206' },
        phoneNumbers: [new PhoneNumber(stack, 'TollFree', { tollFreePrefix: '888' }), PhoneNumber.fromE164(stack, 'Paris', '+33170000000')],
        failoverTargets: [west(stack)],
        dashboard: true,
        alarmActions: [new actions.SnsAction(onCall(stack))],
      });
      new cloudwatch.Alarm(dialIn, 'RefusedCallsAlarm', { metric: dialIn.metricRefusedCalls(), threshold: 10, evaluationPeriods: 1 });
      return stack.node.root as App;
    };

    expect(unacknowledgedNagFindings(build())).toEqual([]);
    expect(cfnLintErrors(build())).toEqual([]);
  });
});
