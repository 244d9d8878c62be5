import { ChimeSDKVoiceClient, NotFoundException } from '@aws-sdk/client-chime-sdk-voice';
import { DialInClientError, dialOut, updateCall } from '../../src/client';
import { FakeVoiceService } from '../../src/testing/fakes';

const SMA = 'a1b2c3d4-0000-4000-8000-000000000001';
const MEETING = '0b7c5a0e-1f3d-4c2e-9a6b-2d8e4f1a3c5b';

let fake: FakeVoiceService;
let voice: ChimeSDKVoiceClient;
let from: string;

beforeEach(async () => {
  fake = new FakeVoiceService();
  await fake.start();
  voice = new ChimeSDKVoiceClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  from = fake.addPhoneNumber('+12065550100').e164PhoneNumber;
});

afterEach(async () => {
  voice.destroy();
  await fake.stop();
});

describe('dialOut', () => {
  it('places the call with the ArgumentsMap the call flow reads', async () => {
    const transactionId = await dialOut({ voice, sipMediaApplicationId: SMA, fromPhoneNumber: from, toPhoneNumber: '+12125550123', meetingId: MEETING });

    expect(fake.calls()).toEqual([expect.objectContaining({
      transactionId,
      sipMediaApplicationId: SMA,
      toPhoneNumber: '+12125550123',
      argumentsMap: { meetingId: MEETING },
    })]);
  });

  it('passes an explicit confirmation choice', async () => {
    await dialOut({ voice, sipMediaApplicationId: SMA, fromPhoneNumber: from, toPhoneNumber: '+12125550123', meetingId: MEETING, confirm: false });

    expect(fake.calls()[0].argumentsMap).toEqual({ meetingId: MEETING, confirm: 'false' });
  });

  it.each([
    ['toPhoneNumber', { toPhoneNumber: '2125550123' }],
    ['fromPhoneNumber', { fromPhoneNumber: '+1 206 555 0100' }],
    ['meetingId', { meetingId: 'standup' }],
  ])('rejects a bad %s before calling AWS', async (field, override) => {
    const attempt = dialOut({ voice, sipMediaApplicationId: SMA, fromPhoneNumber: from, toPhoneNumber: '+12125550123', meetingId: MEETING, ...override });

    await expect(attempt).rejects.toThrow(DialInClientError);
    await expect(attempt).rejects.toMatchObject({ field });
    expect(fake.requests.count()).toBe(0);
  });
});

describe('updateCall', () => {
  it('sends the action as the update Arguments', async () => {
    const updates: unknown[] = [];
    fake.setCallHooks({ updateCall: async (update) => { updates.push(update); } });

    await updateCall({ voice, sipMediaApplicationId: SMA, transactionId: 'f0e1d2c3-0000-4000-8000-000000000009', action: 'mute' });

    expect(updates).toEqual([expect.objectContaining({ transactionId: 'f0e1d2c3-0000-4000-8000-000000000009', arguments: { action: 'mute' } })]);
  });

  it('rejects an unknown action, listing the known ones', async () => {
    await expect(updateCall({ voice, sipMediaApplicationId: SMA, transactionId: 't', action: 'hold' as never }))
      .rejects.toThrow('action "hold" is invalid: use mute, unmute, remove');
  });

  it('surfaces the service\'s NotFoundException for a call that has ended', async () => {
    await expect(updateCall({ voice, sipMediaApplicationId: SMA, transactionId: 'f0e1d2c3-0000-4000-8000-00000000000a', action: 'remove' }))
      .rejects.toBeInstanceOf(NotFoundException);
  });
});

describe('dialOut to a meeting in another control region', () => {
  const arn = (region: string) => `arn:aws:chime:${region}:111122223333:meeting/${MEETING}`;

  it('puts the region of the meeting\'s ARN in ArgumentsMap', async () => {
    await dialOut({ voice, sipMediaApplicationId: SMA, fromPhoneNumber: from, toPhoneNumber: '+12125550123', meeting: { MeetingId: MEETING, MeetingArn: arn('eu-central-1') } });

    expect(fake.calls()[0].argumentsMap).toEqual({ meetingId: MEETING, meetingRegion: 'eu-central-1' });
  });

  it.each([
    ['meeting.MeetingArn', { meeting: { MeetingArn: arn('ap-southeast-1') } }, /"ap-southeast-1" is invalid: is not one of the dial-in's meetingRegions \(us-east-1, eu-central-1\)/],
    ['meetingRegion', { meetingId: MEETING, meetingRegion: 'ap-south-1' }, /"ap-south-1" is invalid: is not one of the dial-in's meetingRegions/],
    ['meetingRegion', { meetingId: MEETING, meetingRegion: 'sa-east-1' }, /use a Chime SDK Meetings control region/],
    ['meeting.MeetingArn', { meeting: { MeetingArn: 'not-an-arn' } }, /use the MeetingArn that CreateMeeting returned/],
  ])('refuses a meeting outside meetingRegions or a bad %s before calling AWS', async (field, input, message) => {
    const attempt = dialOut({
      voice, sipMediaApplicationId: SMA, fromPhoneNumber: from, toPhoneNumber: '+12125550123', meetingRegions: ['us-east-1', 'eu-central-1'], ...input,
    });

    await expect(attempt).rejects.toMatchObject({ name: 'DialInClientError', field, message: expect.stringMatching(message) });
    expect(fake.requests.count()).toBe(0);
  });
});

describe('updateCall by attendee', () => {
  it('needs the call records, and one of transactionId and attendee', async () => {
    await expect(updateCall({ voice, attendee: { meetingId: MEETING, attendeeId: MEETING }, action: 'mute' })).rejects.toMatchObject({ field: 'callRecords' });
    await expect(updateCall({ voice, action: 'mute' })).rejects.toMatchObject({ field: 'transactionId' });
    expect(fake.requests.count()).toBe(0);
  });
});
