import {
  BadRequestException,
  BatchCreateAttendeeCommand,
  ChimeSDKMeetingsClient,
  ConflictException,
  CreateAttendeeCommand,
  CreateAttendeeCommandInput,
  CreateMeetingCommand,
  CreateMeetingCommandInput,
  CreateMeetingWithAttendeesCommand,
  DeleteAttendeeCommand,
  DeleteMeetingCommand,
  GetAttendeeCommand,
  GetMeetingCommand,
  LimitExceededException,
  ListAttendeesCommand,
  NotFoundException,
} from '@aws-sdk/client-chime-sdk-meetings';
import { GUID, meetingsClient, rejectionOf } from './sdk-clients';
import { FakeMeetingsService, VirtualClock } from '../../../src/testing/fakes';
import type { AttendeeDeletedEvent, MeetingEndedEvent } from '../../../src/testing/fakes';

const MINUTE = 60_000;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let clock: VirtualClock;
let fake: FakeMeetingsService;
let client: ChimeSDKMeetingsClient;
let tokenCounter = 0;

beforeEach(async () => {
  clock = new VirtualClock();
  fake = new FakeMeetingsService({ clock });
  client = meetingsClient(await fake.start());
});

afterEach(async () => {
  client.destroy();
  await fake.stop();
});

async function createMeeting(overrides: Partial<CreateMeetingCommandInput> = {}) {
  const output = await client.send(new CreateMeetingCommand({
    ClientRequestToken: `token-${++tokenCounter}`,
    ExternalMeetingId: 'standup',
    MediaRegion: 'us-east-1',
    ...overrides,
  }));
  return output.Meeting!;
}

async function createAttendee(meetingId: string, externalUserId: string, overrides: Partial<CreateAttendeeCommandInput> = {}) {
  const output = await client.send(new CreateAttendeeCommand({ MeetingId: meetingId, ExternalUserId: externalUserId, ...overrides }));
  return output.Attendee!;
}

describe('meetings', () => {
  test('CreateMeeting answers a meeting the SDK parses, and GetMeeting returns the same meeting', async () => {
    const meeting = await createMeeting({ MeetingFeatures: { Audio: { EchoReduction: 'AVAILABLE' } }, TenantIds: ['tenant-a'] });

    expect(meeting.MeetingId).toMatch(GUID);
    expect(meeting.MeetingArn).toBe(`arn:aws:chime:us-east-1:111122223333:meeting/${meeting.MeetingId}`);
    expect(meeting.ExternalMeetingId).toBe('standup');
    expect(meeting.MediaRegion).toBe('us-east-1');
    expect(meeting.MeetingFeatures).toEqual({ Audio: { EchoReduction: 'AVAILABLE' } });
    expect(meeting.TenantIds).toEqual(['tenant-a']);
    expect(meeting.MediaPlacement?.SignalingUrl).toContain(meeting.MeetingId);
    expect(meeting.MediaPlacement?.AudioHostUrl).toMatch(/:3478$/);

    const fetched = await client.send(new GetMeetingCommand({ MeetingId: meeting.MeetingId }));
    expect(fetched.Meeting).toEqual(meeting);
  });

  test('the same ClientRequestToken returns the same live meeting; with other parameters it conflicts', async () => {
    const first = await createMeeting({ ClientRequestToken: 'idempotent-1' });
    const again = await createMeeting({ ClientRequestToken: 'idempotent-1' });
    expect(again.MeetingId).toBe(first.MeetingId);
    expect(fake.liveMeetings()).toHaveLength(1);

    const conflict = await rejectionOf(createMeeting({ ClientRequestToken: 'idempotent-1', ExternalMeetingId: 'other' }));
    expect(conflict).toBeInstanceOf(ConflictException);

    await client.send(new DeleteMeetingCommand({ MeetingId: first.MeetingId }));
    const afterEnd = await createMeeting({ ClientRequestToken: 'idempotent-1' });
    expect(afterEnd.MeetingId).not.toBe(first.MeetingId);
  });

  test('DeleteMeeting answers 204 and ends the meeting', async () => {
    const meeting = await createMeeting();
    const deleted = await client.send(new DeleteMeetingCommand({ MeetingId: meeting.MeetingId }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);

    await expect(client.send(new GetMeetingCommand({ MeetingId: meeting.MeetingId }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(client.send(new DeleteMeetingCommand({ MeetingId: meeting.MeetingId }))).rejects.toBeInstanceOf(NotFoundException);
    expect(fake.endedMeetings()).toEqual([expect.objectContaining({ reason: 'deleted', endedAt: clock.now() })]);
  });

  test('CreateMeetingWithAttendees creates the meeting and its attendees, reporting bad attendees per item', async () => {
    const output = await client.send(new CreateMeetingWithAttendeesCommand({
      ClientRequestToken: 'with-attendees',
      ExternalMeetingId: 'standup',
      MediaRegion: 'eu-west-1',
      Attendees: [{ ExternalUserId: 'alice' }, { ExternalUserId: 'aws:reserved' }, { ExternalUserId: 'bob' }],
    }));

    expect(output.Meeting?.MediaRegion).toBe('eu-west-1');
    expect(output.Attendees?.map((attendee) => attendee.ExternalUserId)).toEqual(['alice', 'bob']);
    expect(output.Errors).toEqual([expect.objectContaining({ ExternalUserId: 'aws:reserved', ErrorCode: 'BadRequest' })]);
    expect(fake.attendees(output.Meeting!.MeetingId!)).toHaveLength(2);
  });

  test.each([
    ['an ExternalMeetingId with the reserved aws: prefix', { ExternalMeetingId: 'aws:mine' }, /reserved prefix/],
    ['a MediaRegion that hosts no meetings', { MediaRegion: 'mars-north-1' }, /MediaRegion/],
    ['a PrimaryMeetingId that is not a live meeting', { PrimaryMeetingId: UNKNOWN_ID }, /PrimaryMeetingId/],
  ])('CreateMeeting refuses %s', async (_name, overrides, message) => {
    const error = await rejectionOf(createMeeting(overrides));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(message);
  });
});

describe('model validation through the SDK', () => {
  test('a missing required member is a BadRequestException naming it', async () => {
    const error = await rejectionOf(client.send(new CreateMeetingCommand({ ClientRequestToken: 'abc', MediaRegion: 'us-east-1' } as CreateMeetingCommandInput)));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toBe("1 validation error detected: Value null at 'ExternalMeetingId' failed to satisfy constraint: Member must not be null");
    expect(error.$metadata).toEqual(expect.objectContaining({ httpStatusCode: 400 }));
  });

  test('too short and too long strings name the field and the bound', async () => {
    const meeting = await createMeeting();
    const tooShort = await rejectionOf(createAttendee(meeting.MeetingId!, 'a'));
    expect(tooShort).toBeInstanceOf(BadRequestException);
    expect(tooShort.message).toContain("'ExternalUserId' failed to satisfy constraint: Member must have length greater than or equal to 2");

    const tooLong = await rejectionOf(createAttendee(meeting.MeetingId!, 'x'.repeat(65)));
    expect(tooLong.message).toContain("'ExternalUserId' failed to satisfy constraint: Member must have length less than or equal to 64");
  });

  test('a pattern mismatch is reported against the whole value, not a matching prefix', async () => {
    const error = await rejectionOf(createMeeting({ ClientRequestToken: 'has space' }));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toContain("'ClientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [-_a-zA-Z0-9]*");
  });

  test('an enum value outside the set is reported with its nested path', async () => {
    const meeting = await createMeeting();
    const error = await rejectionOf(createAttendee(meeting.MeetingId!, 'alice', {
      Capabilities: { Audio: 'Loud' as 'SendReceive', Video: 'None', Content: 'None' },
    }));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toContain("'Capabilities.Audio' failed to satisfy constraint: Member must satisfy enum value set: [SendReceive, Send, Receive, None]");
  });

  test('numeric ranges and list sizes are checked, and every broken constraint is listed', async () => {
    const error = await rejectionOf(createMeeting({ MeetingFeatures: { Attendee: { MaxCount: 251 } }, TenantIds: [] }));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/^2 validation errors detected: /);
    expect(error.message).toContain("'MeetingFeatures.Attendee.MaxCount' failed to satisfy constraint: Member must have value less than or equal to 250");
    expect(error.message).toContain("'TenantIds' failed to satisfy constraint: Member must have length greater than or equal to 1");

    const meeting = await createMeeting();
    const tooMany = await rejectionOf(client.send(new BatchCreateAttendeeCommand({
      MeetingId: meeting.MeetingId,
      Attendees: Array.from({ length: 101 }, (_, index) => ({ ExternalUserId: `user-${index}` })),
    })));
    expect(tooMany.message).toContain("'Attendees' failed to satisfy constraint: Member must have length less than or equal to 100");
    expect(fake.attendees(meeting.MeetingId!)).toHaveLength(0);
  });

  test('a malformed MeetingId in the URI is a BadRequestException, a well-formed unknown one a NotFoundException', async () => {
    const malformed = await rejectionOf(client.send(new GetMeetingCommand({ MeetingId: 'not-a-guid' })));
    expect(malformed).toBeInstanceOf(BadRequestException);
    expect(malformed.message).toContain("'MeetingId'");

    await expect(client.send(new GetMeetingCommand({ MeetingId: UNKNOWN_ID }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(client.send(new ListAttendeesCommand({ MeetingId: UNKNOWN_ID }))).rejects.toBeInstanceOf(NotFoundException);
    const meeting = await createMeeting();
    const unknownAttendee = { MeetingId: meeting.MeetingId, AttendeeId: UNKNOWN_ID };
    await expect(client.send(new GetAttendeeCommand(unknownAttendee))).rejects.toBeInstanceOf(NotFoundException);
    await expect(client.send(new DeleteAttendeeCommand(unknownAttendee))).rejects.toBeInstanceOf(NotFoundException);
    await expect(createAttendee(UNKNOWN_ID, 'alice')).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe('attendees', () => {
  test('CreateAttendee, GetAttendee, ListAttendees and DeleteAttendee work together', async () => {
    const meeting = await createMeeting();
    const alice = await createAttendee(meeting.MeetingId!, 'alice', { Capabilities: { Audio: 'SendReceive', Video: 'None', Content: 'None' } });
    const bob = await createAttendee(meeting.MeetingId!, 'bob');

    expect(alice.AttendeeId).toMatch(GUID);
    expect(alice.Capabilities).toEqual({ Audio: 'SendReceive', Video: 'None', Content: 'None' });
    expect(bob.Capabilities).toEqual({ Audio: 'SendReceive', Video: 'SendReceive', Content: 'SendReceive' });

    const fetched = await client.send(new GetAttendeeCommand({ MeetingId: meeting.MeetingId, AttendeeId: alice.AttendeeId }));
    expect(fetched.Attendee).toEqual(alice);

    const firstPage = await client.send(new ListAttendeesCommand({ MeetingId: meeting.MeetingId, MaxResults: 1 }));
    expect(firstPage.Attendees?.map((attendee) => attendee.ExternalUserId)).toEqual(['alice']);
    const secondPage = await client.send(new ListAttendeesCommand({ MeetingId: meeting.MeetingId, MaxResults: 1, NextToken: firstPage.NextToken }));
    expect(secondPage.Attendees?.map((attendee) => attendee.ExternalUserId)).toEqual(['bob']);
    expect(secondPage.NextToken).toBeUndefined();

    const deleted = await client.send(new DeleteAttendeeCommand({ MeetingId: meeting.MeetingId, AttendeeId: alice.AttendeeId }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const deletedAttendee = { MeetingId: meeting.MeetingId, AttendeeId: alice.AttendeeId };
    await expect(client.send(new GetAttendeeCommand(deletedAttendee))).rejects.toBeInstanceOf(NotFoundException);
    expect(fake.attendees(meeting.MeetingId!).map((attendee) => attendee.externalUserId)).toEqual(['bob']);
  });

  test('a NextToken the fake did not issue is a BadRequestException', async () => {
    const meeting = await createMeeting();
    await expect(client.send(new ListAttendeesCommand({ MeetingId: meeting.MeetingId, NextToken: 'forged' }))).rejects.toBeInstanceOf(BadRequestException);
  });

  test('the same ExternalUserId in the same meeting returns the same attendee until it is deleted', async () => {
    const meeting = await createMeeting();
    const other = await createMeeting();
    const first = await createAttendee(meeting.MeetingId!, 'phone-caller-1');
    const again = await createAttendee(meeting.MeetingId!, 'phone-caller-1');
    const elsewhere = await createAttendee(other.MeetingId!, 'phone-caller-1');

    expect(again).toEqual(first);
    expect(elsewhere.AttendeeId).not.toBe(first.AttendeeId);
    expect(fake.attendees(meeting.MeetingId!)).toHaveLength(1);

    await client.send(new DeleteAttendeeCommand({ MeetingId: meeting.MeetingId, AttendeeId: first.AttendeeId }));
    const recreated = await createAttendee(meeting.MeetingId!, 'phone-caller-1');
    expect(recreated.AttendeeId).not.toBe(first.AttendeeId);
    expect(recreated.JoinToken).not.toBe(first.JoinToken);
  });

  test('BatchCreateAttendee creates attendees, reuses existing ExternalUserIds and reports bad items', async () => {
    const meeting = await createMeeting();
    const existing = await createAttendee(meeting.MeetingId!, 'alice');
    const output = await client.send(new BatchCreateAttendeeCommand({
      MeetingId: meeting.MeetingId,
      Attendees: [{ ExternalUserId: 'alice' }, { ExternalUserId: 'bob' }, { ExternalUserId: 'AWS:bad' }],
    }));

    expect(output.Attendees?.map((attendee) => attendee.AttendeeId)).toEqual([existing.AttendeeId, expect.stringMatching(GUID)]);
    expect(output.Errors).toEqual([expect.objectContaining({ ExternalUserId: 'AWS:bad', ErrorCode: 'BadRequest' })]);
  });

  test('content capability needs video receive, and a meeting without video admits no video capability', async () => {
    const meeting = await createMeeting();
    const contentWithoutVideo = await rejectionOf(createAttendee(meeting.MeetingId!, 'alice', {
      Capabilities: { Audio: 'SendReceive', Video: 'Send', Content: 'Receive' },
    }));
    expect(contentWithoutVideo).toBeInstanceOf(BadRequestException);

    const audioOnly = await createMeeting({ MeetingFeatures: { Video: { MaxResolution: 'None' } } });
    const defaulted = await createAttendee(audioOnly.MeetingId!, 'bob');
    expect(defaulted.Capabilities).toEqual({ Audio: 'SendReceive', Video: 'None', Content: 'None' });
    const withVideo = await rejectionOf(createAttendee(audioOnly.MeetingId!, 'carol', {
      Capabilities: { Audio: 'SendReceive', Video: 'Receive', Content: 'None' },
    }));
    expect(withVideo).toBeInstanceOf(BadRequestException);
    expect(withVideo.message).toMatch(/video/);
  });

  test('the attendee limit (MeetingFeatures.Attendee.MaxCount) holds with LimitExceededException', async () => {
    const meeting = await createMeeting({ MeetingFeatures: { Attendee: { MaxCount: 2 } } });
    const alice = await createAttendee(meeting.MeetingId!, 'alice');
    await createAttendee(meeting.MeetingId!, 'bob');

    const full = await rejectionOf(createAttendee(meeting.MeetingId!, 'carol'));
    expect(full).toBeInstanceOf(LimitExceededException);
    expect(full.$metadata).toEqual(expect.objectContaining({ httpStatusCode: 400 }));
    expect((await createAttendee(meeting.MeetingId!, 'alice')).AttendeeId).toBe(alice.AttendeeId);
    await expect(client.send(new BatchCreateAttendeeCommand({
      MeetingId: meeting.MeetingId, Attendees: [{ ExternalUserId: 'carol' }],
    }))).rejects.toBeInstanceOf(LimitExceededException);

    await client.send(new DeleteAttendeeCommand({ MeetingId: meeting.MeetingId, AttendeeId: alice.AttendeeId }));
    await expect(createAttendee(meeting.MeetingId!, 'carol')).resolves.toEqual(expect.objectContaining({ ExternalUserId: 'carol' }));
  });

  test('meetings admit 250 attendees by default and 25 with FHD video', async () => {
    const standard = await createMeeting();
    const fullHd = await createMeeting({ MeetingFeatures: { Video: { MaxResolution: 'FHD' }, Attendee: { MaxCount: 100 } } });
    const bySnapshot = new Map(fake.liveMeetings().map((meeting) => [meeting.meetingId, meeting.maxAttendees]));
    expect(bySnapshot.get(standard.MeetingId!)).toBe(250);
    expect(bySnapshot.get(fullHd.MeetingId!)).toBe(25);

    const created = await client.send(new BatchCreateAttendeeCommand({
      MeetingId: standard.MeetingId,
      Attendees: Array.from({ length: 100 }, (_, index) => ({ ExternalUserId: `user-${index}` })),
    }));
    expect(created.Attendees).toHaveLength(100);
  });
});

describe('join tokens', () => {
  test('join tokens are unique, 2 to 2048 characters, and resolve to their meeting and attendee', async () => {
    const meeting = await createMeeting();
    const attendees = await Promise.all(['a1', 'a2', 'a3', 'a4'].map((id) => createAttendee(meeting.MeetingId!, id)));
    const tokens = attendees.map((attendee) => attendee.JoinToken!);

    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token.length).toBeGreaterThanOrEqual(2);
      expect(token.length).toBeLessThanOrEqual(2048);
    }
    const resolved = fake.resolveJoinToken(tokens[2]);
    expect(resolved?.meeting.meetingId).toBe(meeting.MeetingId);
    expect(resolved?.attendee.attendeeId).toBe(attendees[2].AttendeeId);
    expect(fake.resolveJoinToken('not-a-token')).toBeUndefined();
  });

  test('a join token dies with DeleteAttendee, and the deletion is announced', async () => {
    const deletions: AttendeeDeletedEvent[] = [];
    fake.onAttendeeDeleted((event) => deletions.push(event));
    const meeting = await createMeeting();
    const attendee = await createAttendee(meeting.MeetingId!, 'caller');

    await client.send(new DeleteAttendeeCommand({ MeetingId: meeting.MeetingId, AttendeeId: attendee.AttendeeId }));

    expect(fake.resolveJoinToken(attendee.JoinToken!)).toBeUndefined();
    expect(deletions).toEqual([expect.objectContaining({ reason: 'deleted', attendee: expect.objectContaining({ attendeeId: attendee.AttendeeId }) })]);
  });

  test('join tokens die with DeleteMeeting: attendee events come before the meeting event', async () => {
    const order: string[] = [];
    fake.onAttendeeDeleted((event) => order.push(`attendee ${event.attendee.externalUserId} ${event.reason}`));
    fake.onMeetingEnded((event) => order.push(`meeting ${event.reason} with ${event.meeting.attendeeCount}`));
    const meeting = await createMeeting();
    const alice = await createAttendee(meeting.MeetingId!, 'alice');
    await createAttendee(meeting.MeetingId!, 'bob');

    await client.send(new DeleteMeetingCommand({ MeetingId: meeting.MeetingId }));

    expect(fake.resolveJoinToken(alice.JoinToken!)).toBeUndefined();
    expect(order).toEqual(['attendee alice meeting-ended', 'attendee bob meeting-ended', 'meeting deleted with 2']);
  });

  test('a listener can be removed', async () => {
    const ended: MeetingEndedEvent[] = [];
    const remove = fake.onMeetingEnded((event) => ended.push(event));
    remove();
    const meeting = await createMeeting();
    fake.endMeeting(meeting.MeetingId!);
    expect(ended).toEqual([]);
  });
});

describe('meeting lifetime on the virtual clock', () => {
  test('a meeting nobody joins ends after exactly 5 idle minutes', async () => {
    const ended: MeetingEndedEvent[] = [];
    fake.onMeetingEnded((event) => ended.push(event));
    const start = clock.now();
    const meeting = await createMeeting();

    clock.advance(5 * MINUTE - 1);
    await expect(client.send(new GetMeetingCommand({ MeetingId: meeting.MeetingId }))).resolves.toBeDefined();
    expect(ended).toEqual([]);

    clock.advance(1);
    expect(ended).toEqual([expect.objectContaining({ reason: 'idle', endedAt: start + 5 * MINUTE })]);
    await expect(client.send(new GetMeetingCommand({ MeetingId: meeting.MeetingId }))).rejects.toBeInstanceOf(NotFoundException);
  });

  test('a connected attendee keeps the meeting alive; the idle timer starts when the last one disconnects', async () => {
    const meeting = await createMeeting();
    const caller = await createAttendee(meeting.MeetingId!, 'caller');
    fake.markAttendeeConnected(caller.AttendeeId!, true);

    clock.advance(60 * MINUTE);
    expect(fake.liveMeetings().map((live) => live.meetingId)).toEqual([meeting.MeetingId]);
    expect(fake.liveMeetings()[0].connectedAttendeeIds).toEqual([caller.AttendeeId]);

    fake.markAttendeeConnected(caller.AttendeeId!, false);
    const disconnectedAt = clock.now();
    clock.advance(4 * MINUTE);
    expect(fake.liveMeetings()).toHaveLength(1);
    clock.advance(MINUTE);
    expect(fake.liveMeetings()).toHaveLength(0);
    expect(fake.endedMeetings()).toEqual([expect.objectContaining({ reason: 'idle', endedAt: disconnectedAt + 5 * MINUTE })]);
  });

  test('deleting the last connected attendee starts the idle timer', async () => {
    const meeting = await createMeeting();
    const caller = await createAttendee(meeting.MeetingId!, 'caller');
    fake.markAttendeeConnected(caller.AttendeeId!, true);
    clock.advance(10 * MINUTE);
    await client.send(new DeleteAttendeeCommand({ MeetingId: meeting.MeetingId, AttendeeId: caller.AttendeeId }));

    clock.advance(5 * MINUTE);
    expect(fake.endedMeetings()).toEqual([expect.objectContaining({ reason: 'idle' })]);
  });

  test('a meeting ends after 24 hours even with attendees connected; a clock jump reports the exact deadline', async () => {
    const start = clock.now();
    const meeting = await createMeeting();
    const caller = await createAttendee(meeting.MeetingId!, 'caller');
    fake.markAttendeeConnected(caller.AttendeeId!, true);

    clock.advance(30 * 60 * MINUTE);

    expect(fake.endedMeetings()).toEqual([expect.objectContaining({ reason: 'max-duration', endedAt: start + 24 * 60 * MINUTE })]);
    expect(fake.resolveJoinToken(caller.JoinToken!)).toBeUndefined();
  });

  test('a replica ends with its primary', async () => {
    const primary = await createMeeting();
    const replica = await createMeeting({ PrimaryMeetingId: primary.MeetingId });
    fake.endMeeting(primary.MeetingId!);
    expect(fake.endedMeetings().map((record) => [record.meeting.meetingId, record.reason])).toEqual([
      [primary.MeetingId, 'ended-by-test'],
      [replica.MeetingId, 'primary-ended'],
    ]);
  });

  test('endMeeting reports whether the meeting was live; connecting an unknown attendee throws, disconnecting does not', async () => {
    const meeting = await createMeeting();
    expect(fake.endMeeting(meeting.MeetingId!)).toBe(true);
    expect(fake.endMeeting(meeting.MeetingId!)).toBe(false);
    expect(() => fake.markAttendeeConnected(UNKNOWN_ID, true)).toThrow(/no live attendee/);
    expect(() => fake.markAttendeeConnected(UNKNOWN_ID, false)).not.toThrow();
  });

  test('the idle timeout and maximum duration are configurable', async () => {
    await fake.stop();
    fake = new FakeMeetingsService({ clock, idleTimeoutMs: MINUTE });
    client = meetingsClient(await fake.start());
    await createMeeting();
    clock.advance(MINUTE);
    expect(fake.liveMeetings()).toHaveLength(0);
  });
});

describe('control Regions', () => {
  let frankfurt: ChimeSDKMeetingsClient;
  beforeEach(() => {
    frankfurt = meetingsClient(fake.endpoint, 1, 'eu-central-1');
  });
  afterEach(() => frankfurt.destroy());

  test('a meeting belongs to the Region its client signed for, and its ARN says so', async () => {
    const { Meeting } = await frankfurt.send(new CreateMeetingCommand({ ClientRequestToken: 'fra-1', ExternalMeetingId: 'fra', MediaRegion: 'eu-central-1' }));
    expect(Meeting!.MeetingArn).toBe(`arn:aws:chime:eu-central-1:111122223333:meeting/${Meeting!.MeetingId}`);
    expect(fake.liveMeetings()[0].controlRegion).toBe('eu-central-1');
    const { Attendee } = await frankfurt.send(new CreateAttendeeCommand({ MeetingId: Meeting!.MeetingId, ExternalUserId: 'phone' }));
    expect(Attendee!.AttendeeId).toMatch(GUID);
  });

  test('GetMeeting, CreateAttendee, ListAttendees and DeleteAttendee from another control Region answer NotFound', async () => {
    const { Meeting } = await frankfurt.send(new CreateMeetingCommand({ ClientRequestToken: 'fra-2', ExternalMeetingId: 'fra', MediaRegion: 'us-east-1' }));
    const meetingId = Meeting!.MeetingId!;
    const { Attendee } = await frankfurt.send(new CreateAttendeeCommand({ MeetingId: meetingId, ExternalUserId: 'phone' }));
    for (const command of [
      new GetMeetingCommand({ MeetingId: meetingId }),
      new CreateAttendeeCommand({ MeetingId: meetingId, ExternalUserId: 'other' }),
      new ListAttendeesCommand({ MeetingId: meetingId }),
      new DeleteAttendeeCommand({ MeetingId: meetingId, AttendeeId: Attendee!.AttendeeId }),
    ]) {
      expect(await rejectionOf(client.send(command as never))).toBeInstanceOf(NotFoundException);
    }
    expect(fake.attendees(meetingId)).toHaveLength(1);
  });

  test('a per-Region endpoint decides the Region, whatever the client signs for', async () => {
    const viaEndpoint = meetingsClient(fake.endpointFor('ap-southeast-1'));
    try {
      const { Meeting } = await viaEndpoint.send(new CreateMeetingCommand({ ClientRequestToken: 'sin-1', ExternalMeetingId: 'sin', MediaRegion: 'ap-southeast-1' }));
      expect(fake.liveMeetings()[0].controlRegion).toBe('ap-southeast-1');
      expect(await rejectionOf(client.send(new GetMeetingCommand({ MeetingId: Meeting!.MeetingId })))).toBeInstanceOf(NotFoundException);
      await expect(viaEndpoint.send(new GetMeetingCommand({ MeetingId: Meeting!.MeetingId }))).resolves.toBeDefined();
    } finally {
      viaEndpoint.destroy();
    }
  });

  test('a meeting created without HTTP belongs to the control Region it names', () => {
    const meeting = fake.createMeeting({ externalMeetingId: 'seoul', controlRegion: 'ap-northeast-2' });
    expect(meeting.meetingArn).toContain(':ap-northeast-2:');
    expect(meeting.controlRegion).toBe('ap-northeast-2');
  });
});
