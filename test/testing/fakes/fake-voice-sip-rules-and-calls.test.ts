import {
  BadRequestException,
  ChimeSDKVoiceClient,
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
import { GUID, rejectionOf, voiceClient } from './sdk-clients';
import { FakeServiceError, FakeVoiceService, VirtualClock } from '../../../src/testing/fakes';
import type { SipMediaApplicationCallRequest, SipMediaApplicationCallUpdate } from '../../../src/testing/fakes';

const NUMBER = '+12065550100';
const TARGET: SipRuleTargetApplication = { SipMediaApplicationId: 'sma-east', Priority: 1, AwsRegion: 'us-east-1' };

let clock: VirtualClock;
let fake: FakeVoiceService;
let client: ChimeSDKVoiceClient;

beforeEach(async () => {
  clock = new VirtualClock();
  fake = new FakeVoiceService({ clock });
  client = voiceClient(await fake.start());
});

afterEach(async () => {
  client.destroy();
  await fake.stop();
});

async function createRule(overrides: Partial<CreateSipRuleCommandInput> = {}) {
  const output = await client.send(new CreateSipRuleCommand({
    Name: 'dial-in', TriggerType: 'ToPhoneNumber', TriggerValue: NUMBER, TargetApplications: [TARGET], ...overrides,
  }));
  return output;
}

describe('SIP rules', () => {
  test('CreateSipRule (201), GetSipRule and UpdateSipRule (202) keep the rule and the number association in step', async () => {
    fake.addPhoneNumber(NUMBER);
    const created = await createRule();
    expect(created.$metadata.httpStatusCode).toBe(201);
    const rule = created.SipRule!;
    expect(rule).toEqual(expect.objectContaining({ Name: 'dial-in', Disabled: false, TriggerType: 'ToPhoneNumber', TriggerValue: NUMBER, TargetApplications: [TARGET] }));
    expect(rule.SipRuleId).toMatch(GUID);
    expect(fake.inventory()).toEqual([expect.objectContaining({
      status: 'Assigned', associations: [{ name: 'SipRuleId', value: rule.SipRuleId, associatedAt: clock.now() }],
    })]);

    expect((await client.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId }))).SipRule).toEqual(rule);

    clock.advance(1_000);
    const west: SipRuleTargetApplication = { SipMediaApplicationId: 'sma-west', Priority: 2, AwsRegion: 'us-west-2' };
    const updated = await client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: 'renamed', TargetApplications: [TARGET, west] }));
    expect(updated.$metadata.httpStatusCode).toBe(202);
    expect(updated.SipRule).toEqual(expect.objectContaining({ Name: 'renamed', Disabled: false, TargetApplications: [TARGET, west] }));
    expect(updated.SipRule?.UpdatedTimestamp).toEqual(new Date(clock.now()));

    await client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: 'renamed', Disabled: true }));
    expect(fake.inventory()).toEqual([expect.objectContaining({ status: 'Unassigned', associations: [] })]);
    expect(fake.sipRules()).toEqual([expect.objectContaining({
      disabled: true,
      targetApplications: [
        { sipMediaApplicationId: 'sma-east', priority: 1, awsRegion: 'us-east-1' },
        { sipMediaApplicationId: 'sma-west', priority: 2, awsRegion: 'us-west-2' },
      ],
    })]);
  });

  test('a rule must be disabled before DeleteSipRule (ConflictException), then it is gone (204)', async () => {
    fake.addPhoneNumber(NUMBER);
    const rule = (await createRule()).SipRule!;

    await expect(client.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId }))).rejects.toBeInstanceOf(ConflictException);
    await client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: rule.Name, Disabled: true }));
    const deleted = await client.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId }));

    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(client.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(client.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId }))).rejects.toBeInstanceOf(NotFoundException);
    expect(fake.sipRules()).toEqual([]);
  });

  test('the ToPhoneNumber trigger must be a SipMediaApplicationDialIn number the account holds, one rule per number', async () => {
    const notHeld = await rejectionOf(createRule());
    expect(notHeld).toBeInstanceOf(BadRequestException);
    expect(notHeld.message).toMatch(/this account holds/);

    fake.addPhoneNumber('+12065550101', 'VoiceConnector');
    const wrongProduct = await rejectionOf(createRule({ TriggerValue: '+12065550101' }));
    expect(wrongProduct.message).toMatch(/SipMediaApplicationDialIn/);

    fake.queueOrderOutcome({ kind: 'stuck' });
    await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'SipMediaApplicationDialIn', E164PhoneNumbers: ['+12065550102'] }));
    const onOrder = await rejectionOf(createRule({ TriggerValue: '+12065550102' }));
    expect(onOrder).toBeInstanceOf(BadRequestException);

    fake.addPhoneNumber(NUMBER);
    await expect(createRule({ TriggerValue: NUMBER.slice(1) })).resolves.toEqual(expect.objectContaining({
      SipRule: expect.objectContaining({ TriggerValue: NUMBER }),
    }));
    await expect(createRule({ Name: 'second' })).rejects.toBeInstanceOf(ConflictException);
  });

  test('re-enabling a rule whose number was deleted is refused', async () => {
    fake.addPhoneNumber(NUMBER);
    const rule = (await createRule({ Disabled: true })).SipRule!;
    expect(fake.inventory()[0].status).toBe('Unassigned');
    await client.send(new DeletePhoneNumberCommand({ PhoneNumberId: NUMBER }));
    const error = await rejectionOf(client.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: rule.Name, Disabled: false })));
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
    fake.addPhoneNumber(NUMBER);
    const error = await rejectionOf(createRule(overrides));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(message);
    expect(fake.sipRules()).toEqual([]);
  });

  test('a RequestUriHostname rule needs no phone number', async () => {
    const { SipRule: rule } = await createRule({ TriggerType: 'RequestUriHostname', TriggerValue: 'abcdef.voiceconnector.chime.aws' });
    expect(rule?.TriggerValue).toBe('abcdef.voiceconnector.chime.aws');
  });
});

describe('SIP media application calls', () => {
  test('without hooks: CreateSipMediaApplicationCall (201) hands out a transaction, Update (202) accepts it until the call ends', async () => {
    fake.addPhoneNumber(NUMBER);
    const created = await client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123', ArgumentsMap: { meetingId: 'm-1' },
    }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    const transactionId = created.SipMediaApplicationCall!.TransactionId!;
    expect(transactionId).toMatch(GUID);

    const update = (input: Partial<UpdateSipMediaApplicationCallCommandInput> = {}) => client.send(new UpdateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', TransactionId: transactionId, Arguments: { action: 'mute' }, ...input,
    }));
    const updated = await update();
    expect(updated.$metadata.httpStatusCode).toBe(202);
    expect(updated.SipMediaApplicationCall?.TransactionId).toBe(transactionId);
    await expect(update({ SipMediaApplicationId: 'sma-2' })).rejects.toBeInstanceOf(NotFoundException);
    await expect(update({ TransactionId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(NotFoundException);

    expect(fake.endCall(transactionId)).toBe(true);
    await expect(update()).rejects.toBeInstanceOf(NotFoundException);
    expect(fake.calls()).toEqual([{
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
    const error = await rejectionOf(client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123',
    })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/FromPhoneNumber/);
  });

  test('the model limits ArgumentsMap to 20 entries and requires Arguments on update', async () => {
    fake.addPhoneNumber(NUMBER);
    const argumentsMap = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`k${index}`, 'v']));
    const tooMany = await rejectionOf(client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123', ArgumentsMap: argumentsMap,
    })));
    expect(tooMany.message).toContain("'ArgumentsMap' failed to satisfy constraint: Member must have length less than or equal to 20");

    const missing = await rejectionOf(client.send(new UpdateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', TransactionId: 't-1',
    } as UpdateSipMediaApplicationCallCommandInput)));
    expect(missing).toBeInstanceOf(BadRequestException);
    expect(missing.message).toContain("Value null at 'Arguments'");
  });

  test('hooks receive the calls, may choose the transaction ID, and answer errors as typed exceptions', async () => {
    fake.addPhoneNumber(NUMBER);
    const placed: SipMediaApplicationCallRequest[] = [];
    const updates: SipMediaApplicationCallUpdate[] = [];
    fake.setCallHooks({
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

    const created = await client.send(new CreateSipMediaApplicationCallCommand({
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

    await expect(client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550999',
    }))).rejects.toBeInstanceOf(ThrottledClientException);

    await client.send(new UpdateSipMediaApplicationCallCommand({ SipMediaApplicationId: 'sma-1', TransactionId: 'simulated-transaction', Arguments: { a: 'b' } }));
    expect(updates).toEqual([{ sipMediaApplicationId: 'sma-1', transactionId: 'simulated-transaction', arguments: { a: 'b' } }]);
    await expect(client.send(new UpdateSipMediaApplicationCallCommand({ SipMediaApplicationId: 'sma-1', TransactionId: 'other', Arguments: {} })))
      .rejects.toBeInstanceOf(NotFoundException);
  });

  test('a hook that answers an error the operation does not declare becomes a ServiceFailureException that says so', async () => {
    fake.addPhoneNumber(NUMBER);
    fake.setCallHooks({ createCall: () => { throw new FakeServiceError('NotFoundException', 'nope'); } });
    const error = await rejectionOf(client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123',
    })));
    expect(error).toBeInstanceOf(ServiceFailureException);
    expect(error.message).toMatch(/NotFoundException, which CreateSipMediaApplicationCall does not declare/);
  });

  test('a hook that throws a plain error becomes a ServiceFailureException', async () => {
    fake.addPhoneNumber(NUMBER);
    fake.setCallHooks({ createCall: () => { throw new Error('simulator bug'); } });
    const error = await rejectionOf(client.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma-1', FromPhoneNumber: NUMBER, ToPhoneNumber: '+14155550123',
    })));
    expect(error).toBeInstanceOf(ServiceFailureException);
    expect(error.message).toMatch(/simulator bug/);
  });
});

