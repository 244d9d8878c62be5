import {
  BadRequestException,
  ConflictException,
  CreatePhoneNumberOrderCommand,
  CreateSipMediaApplicationCallCommand,
  CreateSipRuleCommand,
  CreateSipRuleCommandInput,
  DeletePhoneNumberCommand,
  DeleteSipRuleCommand,
  GetSipRuleCommand,
  NotFoundException,
  ServiceFailureException,
  SipRuleTargetApplication,
  ThrottledClientException,
  UpdateSipMediaApplicationCallCommand,
  UpdateSipMediaApplicationCallCommandInput,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { fakeVoiceServicePerTest, GUID, rejectionOf } from './sdk-clients';
import { FakeServiceError } from '../../../src/testing/fakes';
import type { SipMediaApplicationCallRequest, SipMediaApplicationCallUpdate } from '../../../src/testing/fakes';

const NUMBER = '+12065550100';
const TARGET: SipRuleTargetApplication = { SipMediaApplicationId: 'sma-east', Priority: 1, AwsRegion: 'us-east-1' };

const voice = fakeVoiceServicePerTest();

async function createRule(overrides: Partial<CreateSipRuleCommandInput> = {}) {
  const output = await voice.client.send(new CreateSipRuleCommand({
    Name: 'dial-in', TriggerType: 'ToPhoneNumber', TriggerValue: NUMBER, TargetApplications: [TARGET], ...overrides,
  }));
  return output;
}

describe('SIP rules', () => {
  test('CreateSipRule (201), GetSipRule and UpdateSipRule (202) keep the rule and the number association in step', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    const created = await createRule();
    expect(created.$metadata.httpStatusCode).toBe(201);
    const rule = created.SipRule!;
    expect(rule).toEqual(expect.objectContaining({ Name: 'dial-in', Disabled: false, TriggerType: 'ToPhoneNumber', TriggerValue: NUMBER, TargetApplications: [TARGET] }));
    expect(rule.SipRuleId).toMatch(GUID);
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({
      status: 'Assigned', associations: [{ name: 'SipRuleId', value: rule.SipRuleId, associatedAt: voice.clock.now() }],
    })]);

    expect((await voice.client.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId }))).SipRule).toEqual(rule);

    voice.clock.advance(1_000);
    const west: SipRuleTargetApplication = { SipMediaApplicationId: 'sma-west', Priority: 2, AwsRegion: 'us-west-2' };
    const updated = await voice.client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: 'renamed', TargetApplications: [TARGET, west] }));
    expect(updated.$metadata.httpStatusCode).toBe(202);
    expect(updated.SipRule).toEqual(expect.objectContaining({ Name: 'renamed', Disabled: false, TargetApplications: [TARGET, west] }));
    expect(updated.SipRule?.UpdatedTimestamp).toEqual(new Date(voice.clock.now()));

    await voice.client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: 'renamed', Disabled: true }));
    expect(voice.fake.inventory()).toEqual([expect.objectContaining({ status: 'Unassigned', associations: [] })]);
    expect(voice.fake.sipRules()).toEqual([expect.objectContaining({
      disabled: true,
      targetApplications: [
        { sipMediaApplicationId: 'sma-east', priority: 1, awsRegion: 'us-east-1' },
        { sipMediaApplicationId: 'sma-west', priority: 2, awsRegion: 'us-west-2' },
      ],
    })]);
  });

  test('a rule must be disabled before DeleteSipRule (ConflictException), then it is gone (204)', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    const rule = (await createRule()).SipRule!;

    await expect(voice.client.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId }))).rejects.toBeInstanceOf(ConflictException);
    await voice.client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: rule.Name, Disabled: true }));
    const deleted = await voice.client.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId }));

    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(voice.client.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(voice.client.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId }))).rejects.toBeInstanceOf(NotFoundException);
    expect(voice.fake.sipRules()).toEqual([]);
  });

  test('the ToPhoneNumber trigger must be a SipMediaApplicationDialIn number the account holds, one rule per number', async () => {
    const notHeld = await rejectionOf(createRule());
    expect(notHeld).toBeInstanceOf(BadRequestException);
    expect(notHeld.message).toMatch(/this account holds/);

    voice.fake.addPhoneNumber('+12065550101', 'VoiceConnector');
    const wrongProduct = await rejectionOf(createRule({ TriggerValue: '+12065550101' }));
    expect(wrongProduct.message).toMatch(/SipMediaApplicationDialIn/);

    voice.fake.queueOrderOutcome({ kind: 'stuck' });
    await voice.client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'SipMediaApplicationDialIn', E164PhoneNumbers: ['+12065550102'] }));
    const onOrder = await rejectionOf(createRule({ TriggerValue: '+12065550102' }));
    expect(onOrder).toBeInstanceOf(BadRequestException);

    voice.fake.addPhoneNumber(NUMBER);
    await expect(createRule({ TriggerValue: NUMBER.slice(1) })).resolves.toEqual(expect.objectContaining({
      SipRule: expect.objectContaining({ TriggerValue: NUMBER }),
    }));
    await expect(createRule({ Name: 'second' })).rejects.toBeInstanceOf(ConflictException);
  });

  test('re-enabling a rule whose number was deleted is refused', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    const rule = (await createRule({ Disabled: true })).SipRule!;
    expect(voice.fake.inventory()[0].status).toBe('Unassigned');
    await voice.client.send(new DeletePhoneNumberCommand({ PhoneNumberId: NUMBER }));
    const error = await rejectionOf(voice.client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: rule.Name, Disabled: false })));
    expect(error).toBeInstanceOf(BadRequestException);
  });

  test.each<[string, Partial<CreateSipRuleCommandInput>, RegExp]>([
    ['no targets', { TargetApplications: [] }, /'TargetApplications' failed to satisfy constraint: Member must have length greater than or equal to 1/],
    ['26 targets', { TargetApplications: Array.from({ length: 26 }, () => TARGET) }, /'TargetApplications' failed to satisfy constraint: Member must have length less than or equal to 25/],
    ['priority 0', { TargetApplications: [{ ...TARGET, Priority: 0 }] }, /'TargetApplications\[0\]\.Priority' failed to satisfy constraint: Member must have value greater than or equal to 1/],
    ['two targets in one Region', { TargetApplications: [TARGET, { ...TARGET, SipMediaApplicationId: 'other', Priority: 2 }] }, /at most one target per Region/],
    ['a Region without SIP media applications', { TargetApplications: [{ ...TARGET, AwsRegion: 'sa-east-1' }] }, /has no SIP media applications/],
    ['a target without a Region', { TargetApplications: [{ SipMediaApplicationId: 'sma', Priority: 1 }] }, /needs SipMediaApplicationId, Priority and AwsRegion/],
    ['a name outside the pattern', { Name: 'dial/in' }, /'Name' failed to satisfy constraint: Member must satisfy regular expression pattern/],
    ['an unknown trigger type', { TriggerType: 'FromPhoneNumber' as 'ToPhoneNumber' }, /'TriggerType' failed to satisfy constraint/],
  ])('CreateSipRule refuses %s with BadRequestException', async (_name, overrides, message) => {
    voice.fake.addPhoneNumber(NUMBER);
    const error = await rejectionOf(createRule(overrides));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(message);
    expect(voice.fake.sipRules()).toEqual([]);
  });

  test('a RequestUriHostname rule needs no phone number', async () => {
    const { SipRule: rule } = await createRule({ TriggerType: 'RequestUriHostname', TriggerValue: 'abcdef.voiceconnector.chime.aws' });
    expect(rule?.TriggerValue).toBe('abcdef.voiceconnector.chime.aws');
  });
});

describe('SIP media application calls', () => {
  test('without hooks: CreateSipMediaApplicationCall (201) hands out a transaction, Update (202) accepts it until the call ends', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    const created = await voice.client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123', ArgumentsMap: { meetingId: 'm-1' },
    }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    const transactionId = created.SipMediaApplicationCall!.TransactionId!;
    expect(transactionId).toMatch(GUID);

    const update = (input: Partial<UpdateSipMediaApplicationCallCommandInput> = {}) => voice.client.send(new UpdateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', TransactionId: transactionId, Arguments: { action: 'mute' }, ...input,
    }));
    const updated = await update();
    expect(updated.$metadata.httpStatusCode).toBe(202);
    expect(updated.SipMediaApplicationCall?.TransactionId).toBe(transactionId);
    await expect(update({ SipMediaApplicationId: 'sma-2' })).rejects.toBeInstanceOf(NotFoundException);
    await expect(update({ TransactionId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(NotFoundException);

    expect(voice.fake.endCall(transactionId)).toBe(true);
    await expect(update()).rejects.toBeInstanceOf(NotFoundException);
    expect(voice.fake.calls()).toEqual([{
      transactionId,
      sipMediaApplicationId: 'sma-1',
      fromPhoneNumber: NUMBER,
      toPhoneNumber: '+14155550123',
      sipHeaders: {},
      argumentsMap: { meetingId: 'm-1' },
      updates: [{ action: 'mute' }],
      ended: true,
    }]);
  });

  test('FromPhoneNumber must be a number the account holds', async () => {
    const error = await rejectionOf(voice.client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123',
    })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/FromPhoneNumber/);
  });

  test('the model limits ArgumentsMap to 20 entries and requires Arguments on update', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    const argumentsMap = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`k${index}`, 'v']));
    const tooMany = await rejectionOf(voice.client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123', ArgumentsMap: argumentsMap,
    })));
    expect(tooMany.message).toContain("'ArgumentsMap' failed to satisfy constraint: Member must have length less than or equal to 20");

    const missing = await rejectionOf(voice.client.send(new UpdateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', TransactionId: 't-1',
    } as UpdateSipMediaApplicationCallCommandInput)));
    expect(missing).toBeInstanceOf(BadRequestException);
    expect(missing.message).toContain("Value null at 'Arguments'");
  });

  test('hooks receive the calls, may choose the transaction ID, and answer errors as typed exceptions', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    const placed: SipMediaApplicationCallRequest[] = [];
    const updates: SipMediaApplicationCallUpdate[] = [];
    voice.fake.setCallHooks({
      createCall: (request) => {
        placed.push(request);
        if (request.toPhoneNumber === '+14155550999') {
          throw new FakeServiceError('ThrottledClientException', 'one call per second');
        }
        return { transactionId: 'simulated-transaction' };
      },
      updateCall: async (update) => {
        updates.push(update);
        if (update.transactionId !== 'simulated-transaction') {
          throw new FakeServiceError('NotFoundException', 'no such call in the simulator');
        }
      },
    });

    const created = await voice.client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1',
      FromPhoneNumber: NUMBER,
      ToPhoneNumber: '+14155550123',
      SipHeaders: { 'X-Trace': 'abc' },
      ArgumentsMap: { meetingId: 'm-1' },
    }));
    expect(created.SipMediaApplicationCall?.TransactionId).toBe('simulated-transaction');
    expect(placed[0]).toEqual(expect.objectContaining({
      sipMediaApplicationId: 'sma-1',
      fromPhoneNumber: NUMBER,
      toPhoneNumber: '+14155550123',
      sipHeaders: { 'X-Trace': 'abc' },
      argumentsMap: { meetingId: 'm-1' },
      transactionId: expect.stringMatching(GUID),
    }));

    await expect(voice.client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550999',
    }))).rejects.toBeInstanceOf(ThrottledClientException);

    await voice.client.send(new UpdateSipMediaApplicationCallCommand({ SipMediaApplicationId: 'sma-1', TransactionId: 'simulated-transaction', Arguments: { a: 'b' } }));
    expect(updates).toEqual([{ sipMediaApplicationId: 'sma-1', transactionId: 'simulated-transaction', arguments: { a: 'b' } }]);
    await expect(voice.client.send(new UpdateSipMediaApplicationCallCommand({ SipMediaApplicationId: 'sma-1', TransactionId: 'other', Arguments: {} })))
      .rejects.toBeInstanceOf(NotFoundException);
  });

  test('a hook that answers an error the operation does not declare becomes a ServiceFailureException that says so', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    voice.fake.setCallHooks({ createCall: () => { throw new FakeServiceError('NotFoundException', 'nope'); } });
    const error = await rejectionOf(voice.client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123',
    })));
    expect(error).toBeInstanceOf(ServiceFailureException);
    expect(error.message).toMatch(/NotFoundException, which CreateSipMediaApplicationCall does not declare/);
  });

  test('a hook that throws a plain error becomes a ServiceFailureException', async () => {
    voice.fake.addPhoneNumber(NUMBER);
    voice.fake.setCallHooks({ createCall: () => { throw new Error('simulator bug'); } });
    const error = await rejectionOf(voice.client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123',
    })));
    expect(error).toBeInstanceOf(ServiceFailureException);
    expect(error.message).toMatch(/simulator bug/);
  });
});

