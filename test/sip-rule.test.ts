import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PhoneNumber, SipMediaApplication, SipRule, SipRuleTargetApplication, SipRuleTrigger } from '../src';

const SMA_ID = 'a1b2c3d4-0000-4000-8000-000000000001';

function newStack(): Stack {
  return new Stack(new App(), 'Rules', { env: { region: 'us-east-1', account: '111122223333' } });
}

function application(stack: Stack, region: string, suffix = region): SipRuleTargetApplication['sipMediaApplication'] {
  return SipMediaApplication.fromSipMediaApplicationAttributes(stack, `Sma-${suffix}`, { sipMediaApplicationId: `${SMA_ID}-${suffix}`, region });
}

function ruleProperties(stack: Stack): Record<string, unknown> {
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::ChimeSipRule')) as Array<{ Properties: Record<string, unknown> }>;
  return resource.Properties;
}

describe('SipRule', () => {
  it('routes calls to a phone number to one application, enabled, with priority 1', () => {
    const stack = newStack();
    new SipRule(stack, 'Rule', {
      sipRuleName: 'dial-in',
      trigger: SipRuleTrigger.toE164('+12065550100'),
      targets: [{ sipMediaApplication: application(stack, 'us-east-1') }],
    });

    expect(ruleProperties(stack)).toMatchObject({
      Name: 'dial-in',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: '+12065550100',
      Disabled: false,
      TargetApplications: [{ SipMediaApplicationId: `${SMA_ID}-us-east-1`, AwsRegion: 'us-east-1', Priority: 1 }],
    });
  });

  it('triggers on an ordered phone number through its reference', () => {
    const stack = newStack();
    const number = new PhoneNumber(stack, 'Number');
    new SipRule(stack, 'Rule', { trigger: SipRuleTrigger.toPhoneNumber(number), targets: [{ sipMediaApplication: application(stack, 'us-east-1') }] });

    const [numberLogicalId] = Object.keys(Template.fromStack(stack).findResources('Custom::ChimePhoneNumber'));

    expect(ruleProperties(stack).TriggerValue).toEqual({ Ref: numberLogicalId });
  });

  it('fails over across regions in the order of the targets', () => {
    const stack = newStack();
    new SipRule(stack, 'Rule', {
      trigger: SipRuleTrigger.toE164('+12065550100'),
      targets: [
        { sipMediaApplication: application(stack, 'us-east-1') },
        { sipMediaApplication: application(stack, 'us-west-2') },
      ],
    });

    expect(ruleProperties(stack).TargetApplications).toEqual([
      { SipMediaApplicationId: `${SMA_ID}-us-east-1`, AwsRegion: 'us-east-1', Priority: 1 },
      { SipMediaApplicationId: `${SMA_ID}-us-west-2`, AwsRegion: 'us-west-2', Priority: 2 },
    ]);
  });

  it('routes a Voice Connector host name and can start disabled', () => {
    const stack = newStack();
    new SipRule(stack, 'Rule', {
      trigger: SipRuleTrigger.toRequestUriHostname('abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws'),
      targets: [{ sipMediaApplication: application(stack, 'us-east-1'), priority: 7 }],
      disabled: true,
    });

    expect(ruleProperties(stack)).toMatchObject({
      TriggerType: 'RequestUriHostname',
      TriggerValue: 'abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws',
      Disabled: true,
      TargetApplications: [expect.objectContaining({ Priority: 7 })],
    });
  });

  it('rejects no targets and more than 25', () => {
    const stack = newStack();
    const trigger = SipRuleTrigger.toE164('+12065550100');

    expect(() => new SipRule(stack, 'None', { trigger, targets: [] }))
      .toThrow('targets has 0 entries: a SIP rule needs 1 to 25 target SIP media applications.');
    const many = Array.from({ length: 26 }, (_, index) => ({ sipMediaApplication: application(stack, 'us-east-1', `n${index}`) }));
    expect(() => new SipRule(stack, 'Many', { trigger, targets: many })).toThrow('targets has 26 entries');
  });

  it('rejects two targets in one region', () => {
    const stack = newStack();

    expect(() => new SipRule(stack, 'Rule', {
      trigger: SipRuleTrigger.toE164('+12065550100'),
      targets: [
        { sipMediaApplication: application(stack, 'us-east-1', 'a') },
        { sipMediaApplication: application(stack, 'us-east-1', 'b') },
      ],
    })).toThrow('targets[1] is in region "us-east-1" like targets[0]: a SIP rule can target only one SIP media application per region.');
  });

  it.each([0, -1, 1.5])('rejects the priority %p', (priority) => {
    const stack = newStack();

    expect(() => new SipRule(stack, 'Rule', {
      trigger: SipRuleTrigger.toE164('+12065550100'),
      targets: [{ sipMediaApplication: application(stack, 'us-east-1'), priority }],
    })).toThrow(`targets[0].priority ${priority} is invalid: use a whole number of at least 1.`);
  });

  it('rejects a priority used twice', () => {
    const stack = newStack();

    expect(() => new SipRule(stack, 'Rule', {
      trigger: SipRuleTrigger.toE164('+12065550100'),
      targets: [
        { sipMediaApplication: application(stack, 'us-east-1'), priority: 2 },
        { sipMediaApplication: application(stack, 'us-west-2'), priority: 2 },
      ],
    })).toThrow('targets[1].priority 2 is already used by targets[0]');
  });

  it('rejects an invalid name, phone number or host name', () => {
    const stack = newStack();
    const targets = [{ sipMediaApplication: application(stack, 'us-east-1') }];

    expect(() => new SipRule(stack, 'Rule', { sipRuleName: 'dial/in', trigger: SipRuleTrigger.toE164('+12065550100'), targets }))
      .toThrow('sipRuleName "dial/in" is invalid');
    expect(() => SipRuleTrigger.toE164('2065550100')).toThrow('trigger phone number "2065550100" is not in E.164 format');
    expect(() => SipRuleTrigger.toRequestUriHostname('not a host')).toThrow('trigger host name "not a host" is invalid');
  });
});
