import {
  BadRequestException,
  ConflictException,
  CreatePhoneNumberOrderCommand,
  CreateSipRuleCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumbersCommand,
  ListPhoneNumbersCommandInput,
  NotFoundException,
  ResourceLimitExceededException,
  SearchAvailablePhoneNumbersCommand,
  SearchAvailablePhoneNumbersCommandInput,
  UpdatePhoneNumberCommand,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { fakeVoiceServicePerTest, GUID, rejectionOf, voiceClient } from './sdk-clients';
import { FakeVoiceService } from '../../../src/testing/fakes';

const SECOND = 1_000;
const DAY = 24 * 60 * 60 * SECOND;
const E164 = /^\+[1-9]\d{1,14}$/;

const voice = fakeVoiceServicePerTest();

async function search(input: SearchAvailablePhoneNumbersCommandInput): Promise<string[]> {
  return (await voice.client.send(new SearchAvailablePhoneNumbersCommand(input))).E164PhoneNumbers ?? [];
}

async function order(numbers: string[], productType: 'SipMediaApplicationDialIn' | 'VoiceConnector' = 'SipMediaApplicationDialIn') {
  return (await voice.client.send(new CreatePhoneNumberOrderCommand({ ProductType: productType, E164PhoneNumbers: numbers }))).PhoneNumberOrder!;
}

async function orderStatus(orderId: string) {
  return (await voice.client.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }))).PhoneNumberOrder!;
}

async function holdNumber(number: string) {
  const placed = await order([number]);
  voice.clock.advance(30 * SECOND);
  expect((await orderStatus(placed.PhoneNumberOrderId!)).Status).toBe('Successful');
}

describe('SearchAvailablePhoneNumbers', () => {
  test('lists E.164 numbers for an area code, the same ones every time, a page at a time', async () => {
    const all = await search({ AreaCode: '206' });
    expect(all).toHaveLength(100);
    expect(all.every((number) => E164.test(number) && number.startsWith('+1206555'))).toBe(true);
    expect(await search({ AreaCode: '206' })).toEqual(all);

    const first = await voice.client.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 3 }));
    const second = await voice.client.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 3, NextToken: first.NextToken }));
    expect([...first.E164PhoneNumbers!, ...second.E164PhoneNumbers!]).toEqual(all.slice(0, 6));
  });

  test('filters by state and city, by toll-free prefix and by country', async () => {
    const newYork = await search({ State: 'NY', City: 'New York', MaxResults: 500 });
    expect(new Set(newYork.map((number) => number.slice(0, 5)))).toEqual(new Set(['+1212', '+1646']));
    expect((await search({ State: 'WA' }))[0]).toBe('+12065550100');

    const tollFree = await search({ TollFreePrefix: '888', MaxResults: 2 });
    expect(tollFree).toEqual(['+18885550100', '+18885550101']);
    expect((await search({ PhoneNumberType: 'TollFree', TollFreePrefix: '844', MaxResults: 500 })).every((number) => number.startsWith('+1844'))).toBe(true);

    expect((await search({ Country: 'GB', PhoneNumberType: 'Local', MaxResults: 1 }))[0]).toMatch(/^\+44/);
    expect(await search({ Country: 'CA', PhoneNumberType: 'TollFree' })).toEqual([]);
    expect(await search({ Country: 'IT', PhoneNumberType: 'Local' })).toEqual([]);
    expect(await search({ Country: 'IT', PhoneNumberType: 'TollFree', MaxResults: 1 })).toEqual(['+39800999000']);
  });

  test.each<[string, SearchAvailablePhoneNumbersCommandInput, RegExp]>([
    ['a toll-free prefix the model does not allow', { TollFreePrefix: '900' }, /'TollFreePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern/],
    ['a country that is not two capitals', { Country: 'usa' }, /'Country' failed to satisfy constraint/],
    ['an unknown number type', { PhoneNumberType: 'Mobile' as 'Local' }, /'PhoneNumberType' failed to satisfy constraint: Member must satisfy enum value set: \[Local, TollFree\]/],
    ['MaxResults over 500', { AreaCode: '206', MaxResults: 501 }, /'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 500/],
    ['a city without a state', { City: 'Seattle' }, /City needs State/],
    ['a toll-free search by area code', { TollFreePrefix: '800', AreaCode: '206' }, /TollFreePrefix, not by AreaCode/],
    // The Voice API reference's rule for SearchAvailablePhoneNumbers.
    ['a US search with no area code, state, city or toll-free prefix', { Country: 'US', PhoneNumberType: 'Local' },
      /For US numbers, provide at least one of the following search filters: AreaCode, City, State, or TollFreePrefix/],
    ['a search outside the US by city', { Country: 'GB', PhoneNumberType: 'Local', City: 'London' }, /only support the PhoneNumberType filter; remove City/],
    ['a Canadian search by area code', { Country: 'CA', PhoneNumberType: 'Local', AreaCode: '416' }, /remove AreaCode/],
    ['a search outside the US without PhoneNumberType', { Country: 'GB' }, /PhoneNumberType is required for numbers outside the US/],
  ])('refuses %s with BadRequestException', async (_name, input, message) => {
    const error = await rejectionOf(search(input));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(message);
  });

  test('leaves out numbers the account holds or has on order', async () => {
    const [first, second] = await search({ AreaCode: '415', MaxResults: 2 });
    await order([first]);
    expect((await search({ AreaCode: '415', MaxResults: 1 }))[0]).toBe(second);
  });
});

describe('phone number orders on the virtual clock', () => {
  test('an order is Processing for the processing time, then Successful, and its numbers join the inventory', async () => {
    const numbers = await search({ AreaCode: '512', MaxResults: 2 });
    const placed = await voice.client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'SipMediaApplicationDialIn', E164PhoneNumbers: numbers }));

    expect(placed.$metadata.httpStatusCode).toBe(201);
    const created = placed.PhoneNumberOrder!;
    expect(created.PhoneNumberOrderId).toMatch(GUID);
    expect(created).toEqual(expect.objectContaining({ Status: 'Processing', OrderType: 'New', ProductType: 'SipMediaApplicationDialIn' }));
    expect(created.CreatedTimestamp).toEqual(new Date(voice.clock.now()));
    expect(voice.fake.inventory().map((number) => [number.e164PhoneNumber, number.status])).toEqual(numbers.map((number) => [number, 'AcquireInProgress']));

    voice.clock.advance(30 * SECOND - 1);
    expect((await orderStatus(created.PhoneNumberOrderId!)).Status).toBe('Processing');

    voice.clock.advance(1);
    const done = await orderStatus(created.PhoneNumberOrderId!);
    expect(done.Status).toBe('Successful');
    expect(done.OrderedPhoneNumbers).toEqual(numbers.map((number) => ({ E164PhoneNumber: number, Status: 'Acquired' })));
    expect(done.UpdatedTimestamp).toEqual(new Date(voice.clock.now()));
    expect(voice.fake.inventory().map((number) => [number.e164PhoneNumber, number.status, number.orderId])).toEqual(
      numbers.map((number) => [number, 'Unassigned', created.PhoneNumberOrderId]));
  });

  test('a Failed order acquires nothing, and its numbers become available again', async () => {
    voice.fake.queueOrderOutcome({ kind: 'failed' });
    const [number] = await search({ AreaCode: '617', MaxResults: 1 });
    const placed = await order([number]);
    voice.clock.advance(30 * SECOND);

    const done = await orderStatus(placed.PhoneNumberOrderId!);
    expect(done.Status).toBe('Failed');
    expect(done.OrderedPhoneNumbers).toEqual([{ E164PhoneNumber: number, Status: 'Failed' }]);
    expect(voice.fake.inventory()).toEqual([]);
    expect((await search({ AreaCode: '617', MaxResults: 1 }))[0]).toBe(number);
  });

  test('a Partial order acquires some numbers: by default all but the first fail', async () => {
    voice.fake.queueOrderOutcome({ kind: 'partial' });
    voice.fake.queueOrderOutcome({ kind: 'partial', failedNumbers: ['+12135550100'], processingMs: 5 * SECOND });
    const seattle = await search({ AreaCode: '206', MaxResults: 3 });
    const first = await order(seattle);
    const second = await order(['+12135550100', '+12135550101']);

    voice.clock.advance(5 * SECOND);
    expect((await orderStatus(second.PhoneNumberOrderId!)).OrderedPhoneNumbers).toEqual([
      { E164PhoneNumber: '+12135550100', Status: 'Failed' },
      { E164PhoneNumber: '+12135550101', Status: 'Acquired' },
    ]);
    expect((await orderStatus(first.PhoneNumberOrderId!)).Status).toBe('Processing');

    voice.clock.advance(25 * SECOND);
    const done = await orderStatus(first.PhoneNumberOrderId!);
    expect(done.Status).toBe('Partial');
    expect(done.OrderedPhoneNumbers?.map((item) => item.Status)).toEqual(['Acquired', 'Failed', 'Failed']);
    expect(voice.fake.inventory().map((number) => number.e164PhoneNumber).sort()).toEqual(['+12135550101', seattle[0]].sort());
  });

  test('a stuck order stays Processing for ever and its numbers stay AcquireInProgress', async () => {
    voice.fake.queueOrderOutcome({ kind: 'stuck' });
    const [number] = await search({ AreaCode: '312', MaxResults: 1 });
    const placed = await order([number]);
    voice.clock.advance(30 * DAY);

    expect((await orderStatus(placed.PhoneNumberOrderId!)).Status).toBe('Processing');
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({ e164PhoneNumber: number, status: 'AcquireInProgress' })]);
    expect(voice.fake.phoneNumberOrders()).toEqual([expect.objectContaining({ status: 'Processing' })]);
  });

  test.each(['PendingDocuments', 'ChangeRequested', 'FOC'] as const)('an order waiting on a person stays %s, its numbers on order', async (status) => {
    voice.fake.queueOrderOutcome({ kind: 'waiting', status });
    const [number] = await search({ AreaCode: '312', MaxResults: 1 });
    const placed = await order([number]);
    voice.clock.advance(30 * DAY);

    expect((await orderStatus(placed.PhoneNumberOrderId!)).Status).toBe(status);
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({ e164PhoneNumber: number, status: 'AcquireInProgress' })]);
  });

  test('a number another account takes between search and order fails in the order', async () => {
    voice.fake.loseFirstSearchResults();
    const [taken, next] = await search({ AreaCode: '312', MaxResults: 2 });
    const placed = await order([taken]);
    voice.clock.advance(30 * SECOND);

    expect(placed.OrderedPhoneNumbers).toEqual([{ E164PhoneNumber: taken, Status: 'Failed' }]);
    expect((await orderStatus(placed.PhoneNumberOrderId!)).Status).toBe('Failed');
    expect(await search({ AreaCode: '312', MaxResults: 1 })).toEqual([next]);
    expect(voice.fake.inventory()).toEqual([]);
  });

  test('the default outcome and processing time are options', async () => {
    await voice.fake.stop();
    voice.fake = new FakeVoiceService({ clock: voice.clock, orderOutcome: { kind: 'failed' }, orderProcessingMs: 0 });
    voice.client = voiceClient(await voice.fake.start());
    const placed = await order(['+12065550100']);
    expect(placed.Status).toBe('Failed');
  });

  test('numbers that are not available fail in the order, whatever the outcome', async () => {
    await holdNumber('+12065550100');
    const placed = await order(['+12065550100', '+15555550100', '+12065550101']);
    expect(placed.OrderedPhoneNumbers?.map((item) => item.Status)).toEqual(['Failed', 'Failed', 'Processing']);
    voice.clock.advance(30 * SECOND);
    expect((await orderStatus(placed.PhoneNumberOrderId!)).Status).toBe('Partial');
  });

  test('the 5-number quota holds with ResourceLimitExceededException', async () => {
    const numbers = await search({ AreaCode: '646', MaxResults: 6 });
    await order(numbers.slice(0, 5));
    const error = await rejectionOf(order(numbers.slice(5)));
    expect(error).toBeInstanceOf(ResourceLimitExceededException);
    expect(voice.fake.phoneNumberOrders()).toHaveLength(1);
  });

  test.each([
    ['numbers outside the US for VoiceConnector', ['+442079460000'], 'VoiceConnector', /outside the US/],
    ['an empty order', [], 'SipMediaApplicationDialIn', /at least one/],
    ['a repeated number', ['+12065550100', '12065550100'], 'SipMediaApplicationDialIn', /repeat/],
    ['a number that is not E.164', ['+0123'], 'SipMediaApplicationDialIn', /'E164PhoneNumbers\[0\]' failed to satisfy constraint/],
  ] as const)('refuses %s with BadRequestException', async (_name, numbers, productType, message) => {
    const error = await rejectionOf(order([...numbers], productType));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(message);
  });

  test('GetPhoneNumberOrder of an unknown order is a NotFoundException', async () => {
    await expect(orderStatus('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe('phone numbers', () => {
  test('GetPhoneNumber and ListPhoneNumbers describe held numbers; unknown numbers are NotFoundException', async () => {
    await holdNumber('+12065550100');
    const { PhoneNumber: number } = await voice.client.send(new GetPhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
    expect(number).toEqual(expect.objectContaining({
      PhoneNumberId: '+12065550100',
      E164PhoneNumber: '+12065550100',
      Country: 'US',
      Type: 'Local',
      ProductType: 'SipMediaApplicationDialIn',
      Status: 'Unassigned',
      Associations: [],
      Capabilities: expect.objectContaining({ InboundCall: true, OutboundCall: true }),
    }));
    expect(number?.CreatedTimestamp).toBeInstanceOf(Date);

    const listed = await voice.client.send(new ListPhoneNumbersCommand({}));
    expect(listed.PhoneNumbers?.map((entry) => entry.E164PhoneNumber)).toEqual(['+12065550100']);
    await expect(voice.client.send(new GetPhoneNumberCommand({ PhoneNumberId: '+12065550199' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  test('ListPhoneNumbers filters by product type, status and SIP rule association, a page at a time', async () => {
    voice.fake.addPhoneNumber('+12065550100');
    voice.fake.addPhoneNumber('+12065550101');
    voice.fake.addPhoneNumber('+12065550102', 'VoiceConnector');
    const rule = await voice.client.send(new CreateSipRuleCommand({
      Name: 'dial-in',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: '+12065550101',
      TargetApplications: [{ SipMediaApplicationId: 'sma-1', Priority: 1, AwsRegion: 'us-east-1' }],
    }));
    const list = async (input: ListPhoneNumbersCommandInput) =>
      ((await voice.client.send(new ListPhoneNumbersCommand(input))).PhoneNumbers ?? []).map((number) => number.E164PhoneNumber);

    expect(await list({ ProductType: 'VoiceConnector' })).toEqual(['+12065550102']);
    expect(await list({ Status: 'Assigned' })).toEqual(['+12065550101']);
    expect(await list({ FilterName: 'SipRuleId', FilterValue: rule.SipRule!.SipRuleId })).toEqual(['+12065550101']);
    const firstPage = await voice.client.send(new ListPhoneNumbersCommand({ MaxResults: 2 }));
    expect(firstPage.PhoneNumbers).toHaveLength(2);
    expect(await list({ NextToken: firstPage.NextToken })).toEqual(['+12065550102']);
    await expect(list({ FilterName: 'SipRuleId' })).rejects.toBeInstanceOf(BadRequestException);
  });

  test('UpdatePhoneNumber changes one field per call, checked against the model', async () => {
    voice.fake.addPhoneNumber('+12065550100');
    const named = await voice.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550100', Name: 'Front desk' }));
    expect(named.PhoneNumber?.Name).toBe('Front desk');
    const calling = await voice.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550100', CallingName: 'Acme Support' }));
    expect(calling.PhoneNumber).toEqual(expect.objectContaining({ CallingName: 'Acme Support', CallingNameStatus: 'UpdateSucceeded', Name: 'Front desk' }));
    const product = await voice.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550100', ProductType: 'VoiceConnector' }));
    expect(product.PhoneNumber?.ProductType).toBe('VoiceConnector');

    const twoFields = await rejectionOf(voice.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550100', Name: 'a', CallingName: 'Bb' })));
    expect(twoFields).toBeInstanceOf(BadRequestException);
    const badCallingName = await rejectionOf(voice.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550100', CallingName: 'Way too long a calling name' })));
    expect(badCallingName.message).toMatch(/'CallingName' failed to satisfy constraint/);
    await expect(voice.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550199', Name: 'x' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  test('a number routed by a SIP rule keeps its product type (ConflictException)', async () => {
    voice.fake.addPhoneNumber('+12065550100');
    await voice.client.send(new CreateSipRuleCommand({
      Name: 'dial-in',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: '+12065550100',
      TargetApplications: [{ SipMediaApplicationId: 'sma-1', Priority: 1, AwsRegion: 'us-east-1' }],
    }));
    await expect(voice.client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550100', ProductType: 'VoiceConnector' })))
      .rejects.toBeInstanceOf(ConflictException);
  });
});

describe('DeletePhoneNumber and the deletion queue', () => {
  test('a deleted number is DeleteInProgress for 7 days, then gone from the account and orderable again', async () => {
    await holdNumber('+12065550100');
    const deleted = await voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const deletedAt = voice.clock.now();

    const { PhoneNumber: queued } = await voice.client.send(new GetPhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
    expect(queued).toEqual(expect.objectContaining({ Status: 'DeleteInProgress', DeletionTimestamp: new Date(deletedAt) }));
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({ e164PhoneNumber: '+12065550100', status: 'DeleteInProgress' })]);
    expect(voice.fake.inventory({ includeDeletionQueue: false })).toEqual([]);
    expect(await search({ AreaCode: '206', MaxResults: 1 })).toEqual(['+12065550101']);
    await expect(voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' }))).rejects.toBeInstanceOf(BadRequestException);

    voice.clock.advance(7 * DAY - 1);
    expect(voice.fake.inventory()).toHaveLength(1);
    voice.clock.advance(1);
    expect(voice.fake.inventory()).toEqual([]);
    await expect(voice.client.send(new GetPhoneNumberCommand({ PhoneNumberId: '+12065550100' }))).rejects.toBeInstanceOf(NotFoundException);
    expect(await search({ AreaCode: '206', MaxResults: 1 })).toEqual(['+12065550100']);
  });

  test('a number an enabled SIP rule routes cannot be deleted; disabling the rule allows it', async () => {
    await holdNumber('+12065550100');
    const { SipRule: rule } = await voice.client.send(new CreateSipRuleCommand({
      Name: 'dial-in',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: '+12065550100',
      TargetApplications: [{ SipMediaApplicationId: 'sma-1', Priority: 1, AwsRegion: 'us-east-1' }],
    }));

    const refused = await rejectionOf(voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' })));
    expect(refused).toBeInstanceOf(BadRequestException);
    expect(refused.Code).toBe('PhoneNumberAssociationsExist');
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({ status: 'Assigned' })]);

    await voice.client.send(new UpdateSipRuleCommand({ SipRuleId: rule!.SipRuleId, Name: 'dial-in', Disabled: true }));
    await voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({ status: 'DeleteInProgress', associations: [] })]);
  });

  test('an association that lingers after its rule is disabled refuses DeletePhoneNumber until it clears', async () => {
    await voice.fake.stop();
    voice.fake = new FakeVoiceService({ clock: voice.clock, associationClearingMs: 60 * SECOND });
    voice.client = voiceClient(await voice.fake.start());
    await holdNumber('+12065550100');
    const { SipRule: rule } = await voice.client.send(new CreateSipRuleCommand({
      Name: 'dial-in',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: '+12065550100',
      TargetApplications: [{ SipMediaApplicationId: 'sma-1', Priority: 1, AwsRegion: 'us-east-1' }],
    }));
    await voice.client.send(new UpdateSipRuleCommand({ SipRuleId: rule!.SipRuleId, Name: 'dial-in', Disabled: true }));

    const refused = await rejectionOf(voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' })));
    expect(refused.Code).toBe('PhoneNumberAssociationsExist');
    voice.clock.advance(60 * SECOND);
    await voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({ status: 'DeleteInProgress', associations: [] })]);
  });

  test('a number still on order cannot be deleted, and an unknown one is NotFoundException', async () => {
    voice.fake.queueOrderOutcome({ kind: 'stuck' });
    await order(['+12065550100']);
    await expect(voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550199' }))).rejects.toBeInstanceOf(NotFoundException);
  });
});
