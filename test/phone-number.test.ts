import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PhoneNumber, PhoneNumberProps, PhoneNumberType } from '../src';

function newStack(region = 'us-east-1'): Stack {
  return new Stack(new App(), 'Numbers', { env: { region, account: '111122223333' } });
}

function orderProperties(props: PhoneNumberProps = {}): Record<string, unknown> {
  const stack = newStack();
  new PhoneNumber(stack, 'Number', props);
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::ChimePhoneNumber')) as Array<{ Properties: Record<string, unknown> }>;
  const { ServiceToken: _token, ...properties } = resource.Properties;
  return properties;
}

describe('PhoneNumber', () => {
  it('orders a local US number in Washington by default, a search the Voice API accepts', () => {
    expect(orderProperties()).toEqual({ Country: 'US', PhoneNumberType: 'Local', State: 'WA' });
  });

  it('keeps the number on removal and replacement by default, and releases it when the deployment that ordered it rolls back', () => {
    const stack = newStack();
    new PhoneNumber(stack, 'Number');

    Template.fromStack(stack).hasResource('Custom::ChimePhoneNumber', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });

  it('narrows the default search no further when an area code is given', () => {
    expect(orderProperties({ areaCode: '212' })).toEqual({ Country: 'US', PhoneNumberType: 'Local', AreaCode: '212' });
  });

  it('searches by area code', () => {
    expect(orderProperties({ areaCode: '206' })).toMatchObject({ AreaCode: '206', PhoneNumberType: 'Local' });
  });

  it('searches by state and city', () => {
    expect(orderProperties({ state: 'WA', city: 'Seattle' })).toMatchObject({ State: 'WA', City: 'Seattle' });
  });

  it('orders a toll-free number when a toll-free prefix is given', () => {
    expect(orderProperties({ tollFreePrefix: '888' })).toMatchObject({ PhoneNumberType: 'TollFree', TollFreePrefix: '888' });
  });

  it('orders in another country by number type only, as the Voice API searches them', () => {
    expect(orderProperties({ country: 'CA' })).toEqual({ Country: 'CA', PhoneNumberType: 'Local' });
    expect(orderProperties({ country: 'GB', phoneNumberType: PhoneNumberType.TOLL_FREE })).toEqual({ Country: 'GB', PhoneNumberType: 'TollFree' });
  });

  it('lets CloudFormation delete the number under a DESTROY removal policy', () => {
    const stack = newStack();
    new PhoneNumber(stack, 'Number', { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);

    template.hasResource('Custom::ChimePhoneNumber', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(orderProperties({ removalPolicy: RemovalPolicy.DESTROY })).not.toHaveProperty('RemovalPolicy');
  });

  it('exposes the ordered number as the physical id of the resource', () => {
    const stack = newStack();
    const number = new PhoneNumber(stack, 'Number');

    const [logicalId] = Object.keys(Template.fromStack(stack).findResources('Custom::ChimePhoneNumber'));

    expect(stack.resolve(number.e164PhoneNumber)).toEqual({ Ref: logicalId });
  });

  it('shares one provisioning provider between all numbers of a stack', () => {
    const stack = newStack();
    new PhoneNumber(stack, 'First');
    new PhoneNumber(stack, 'Second', { tollFreePrefix: '800' });
    const template = Template.fromStack(stack);

    const tokens = Object.values(template.findResources('Custom::ChimePhoneNumber'))
      .map((resource) => JSON.stringify(resource.Properties.ServiceToken));
    expect(new Set(tokens).size).toBe(1);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  it.each<[PhoneNumberProps, string]>([
    [{ country: 'us' }, 'country "us" is invalid: use an ISO 3166-1 alpha-2 code in capitals, e.g. US.'],
    [{ areaCode: '20' }, 'areaCode "20" is invalid: use the three digits of a US area code, e.g. 206.'],
    [{ areaCode: '106' }, 'areaCode "106" is invalid'],
    [{ state: 'Washington' }, 'state "Washington" is invalid: use the two-letter state code in capitals, e.g. WA.'],
    [{ country: 'CA', areaCode: '416' }, 'areaCode cannot narrow the search for a number in country "CA": the Voice API searches numbers outside the US by phoneNumberType only.'],
    [{ country: 'GB', state: 'London', city: 'London' }, 'state, city cannot narrow the search for a number in country "GB"'],
    [{ country: 'GB', tollFreePrefix: '800' }, 'tollFreePrefix cannot narrow the search'],
    [{ phoneNumberType: PhoneNumberType.TOLL_FREE }, 'tollFreePrefix is required for a US toll-free number'],
    [{ city: 'Seattle' }, 'city "Seattle" needs a state'],
    [{ tollFreePrefix: '900' }, 'tollFreePrefix "900" is invalid: use 800, 833, 844, 855, 866, 877 or 888.'],
    [{ phoneNumberType: PhoneNumberType.LOCAL, tollFreePrefix: '800' }, 'tollFreePrefix "800" only applies to a TOLL_FREE number'],
    [{ phoneNumberType: PhoneNumberType.TOLL_FREE, areaCode: '206' }, 'areaCode "206" does not apply to a toll-free number'],
    [{ removalPolicy: RemovalPolicy.SNAPSHOT }, 'removalPolicy "snapshot" is not supported for a phone number'],
  ])('rejects %j naming the field and the value', (props, message) => {
    expect(() => new PhoneNumber(newStack(), 'Number', props)).toThrow(message);
  });

  it('refuses to order from a region without phone numbers and points at fromE164', () => {
    expect(() => new PhoneNumber(newStack('eu-west-2'), 'Number'))
      .toThrow(/PhoneNumber cannot be ordered in region "eu-west-2".*PhoneNumber.fromE164\(\)/);
  });

  it('imports a number the account holds', () => {
    const number = PhoneNumber.fromE164(newStack(), 'Existing', '+12065550100');

    expect(number.e164PhoneNumber).toBe('+12065550100');
  });

  it.each(['12065550100', '+0206555', '+1 206 555 0100', '+1234567890123456'])('rejects the import of %j', (e164) => {
    expect(() => PhoneNumber.fromE164(newStack(), 'Existing', e164)).toThrow(`phone number "${e164}" is not in E.164 format`);
  });
});
