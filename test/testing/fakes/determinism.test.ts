import { CreateAttendeeCommand, CreateMeetingCommand, DeleteAttendeeCommand } from '@aws-sdk/client-chime-sdk-meetings';
import {
  CreatePhoneNumberOrderCommand,
  CreateSipMediaApplicationCallCommand,
  CreateSipRuleCommand,
  GetPhoneNumberOrderCommand,
  SearchAvailablePhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { meetingsClient, voiceClient } from './sdk-clients';
import { FakeMeetingsService, FakeVoiceService, VirtualClock } from '../../../src/testing/fakes';

/** Runs the same scripted session against fresh fakes and returns everything they answered. */
async function transcript(seed: number): Promise<string> {
  const clock = new VirtualClock();
  const meetings = new FakeMeetingsService({ clock, seed });
  const voice = new FakeVoiceService({ clock, seed });
  const meetingsApi = meetingsClient(await meetings.start(), 3);
  const voiceApi = voiceClient(await voice.start(), 3);
  try {
    meetings.faults.inject('CreateAttendee', { kind: 'server-error', times: 1 });
    const { Meeting: meeting } = await meetingsApi.send(new CreateMeetingCommand({
      ClientRequestToken: 'fixed-token', ExternalMeetingId: 'standup', MediaRegion: 'us-east-1',
    }));
    const attendees = [];
    for (const user of ['alice', 'bob', 'phone-1']) {
      attendees.push((await meetingsApi.send(new CreateAttendeeCommand({ MeetingId: meeting!.MeetingId, ExternalUserId: user }))).Attendee!);
    }
    await meetingsApi.send(new DeleteAttendeeCommand({ MeetingId: meeting!.MeetingId, AttendeeId: attendees[0].AttendeeId }));

    const { E164PhoneNumbers: numbers } = await voiceApi.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 1 }));
    const { PhoneNumberOrder: order } = await voiceApi.send(new CreatePhoneNumberOrderCommand({
      ProductType: 'SipMediaApplicationDialIn', E164PhoneNumbers: numbers,
    }));
    clock.advance(60_000);
    await voiceApi.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: order!.PhoneNumberOrderId }));
    await voiceApi.send(new CreateSipRuleCommand({
      Name: 'dial-in',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: numbers![0],
      TargetApplications: [{ SipMediaApplicationId: 'sma', Priority: 1, AwsRegion: 'us-east-1' }],
    }));
    await voiceApi.send(new CreateSipMediaApplicationCallCommand({
      SipMediaApplicationId: 'sma', FromPhoneNumber: numbers![0], ToPhoneNumber: '+14155550123',
    }));

    return JSON.stringify({
      meetingsLog: meetings.requests.entries(),
      voiceLog: voice.requests.entries(),
      tokens: attendees.map((attendee) => attendee.JoinToken),
      meetings: meetings.liveMeetings(),
      inventory: voice.inventory(),
      rules: voice.sipRules(),
      calls: voice.calls(),
    }, null, 1);
  } finally {
    meetingsApi.destroy();
    voiceApi.destroy();
    await meetings.stop();
    await voice.stop();
  }
}

describe('determinism', () => {
  test('the same seed gives a byte-for-byte identical transcript, retries included', async () => {
    const first = await transcript(2024);
    const second = await transcript(2024);
    expect(second).toBe(first);
    expect(first).toContain('"fault": "server-error"');
  });

  test('another seed gives other IDs', async () => {
    const idsOf = (text: string) => new Set(text.match(/[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}/g));
    const first = idsOf(await transcript(1));
    const second = idsOf(await transcript(2));
    expect(first.size).toBeGreaterThan(5);
    expect([...first].filter((id) => second.has(id))).toEqual([]);
  });
});
