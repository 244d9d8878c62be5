import { DialInClientError, listWaitingCallers } from '../../src/client';
import { DynamoDbWaitingRoom, WaitingCaller } from '../../src/dial-in';
import { LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

const MEETING = '3c1f2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const OTHER_MEETING = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const NOW = Date.UTC(2026, 11, 2, 9);
const signal = new AbortController().signal;

let db: LocalMeetingDirectory;
let room: DynamoDbWaitingRoom;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
  room = new DynamoDbWaitingRoom({ tableName: db.tableName, clientFactory: async () => db.client });
});

afterAll(() => db.stop());

function caller(meetingId: string, n: number, waitingSince: number, lastSeen = NOW): WaitingCaller {
  return {
    meetingId,
    attendeeId: `0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`,
    externalUserId: `Phone ...010${n} (call${n})`,
    transactionId: `transaction-${n}`,
    sipMediaApplicationId: 'sma-1',
    sipMediaApplicationRegion: 'us-east-1',
    waitingSince,
    lastSeen,
  };
}

function list(meetingId: string, now = NOW) {
  return listWaitingCallers({ dynamodb: db.client, tableName: db.tableName, meetingId, now: () => now });
}

describe('listWaitingCallers', () => {
  it('lists the callers of one meeting, longest waiting first, as the call flow listed them', async () => {
    const second = caller(MEETING, 2, NOW - 60_000);
    const first = caller(MEETING, 1, NOW - 120_000);
    expect(await room.wait(second, signal)).toBe(true);
    expect(await room.wait(first, signal)).toBe(true);
    await room.wait(caller(OTHER_MEETING, 3, NOW), signal);

    expect(await list(MEETING)).toEqual([first, second]);
    await room.leave(MEETING, first.attendeeId, signal);
    expect(await list(MEETING)).toEqual([second]);
  });

  it('leaves out a listing that the call flow stopped refreshing 3 minutes ago (a call whose end could not remove it)', async () => {
    const meetingId = '11111111-2222-4333-8444-555555555555';
    await room.wait(caller(meetingId, 4, NOW - 600_000, NOW - 200_000), signal);
    await room.wait(caller(meetingId, 5, NOW - 100_000, NOW - 170_000), signal);

    expect((await list(meetingId)).map((waiting) => waiting.transactionId)).toEqual(['transaction-5']);
  });

  it('lists no new caller once the host opened the room (the flow lets them in instead); those listed before stay until their next check', async () => {
    const meetingId = '66666666-7777-4888-8999-aaaaaaaaaaaa';
    await room.wait(caller(meetingId, 6, NOW), signal);
    await room.open(meetingId, NOW, signal);

    expect(await room.wait(caller(meetingId, 7, NOW), signal)).toBe(false);
    expect((await list(meetingId)).map((waiting) => waiting.transactionId)).toEqual(['transaction-6']);
    expect(await list('ffffffff-ffff-4fff-8fff-ffffffffffff')).toEqual([]);
  });

  it('names a meetingId that is not a meeting\'s', async () => {
    await expect(list('standup')).rejects.toThrow(new DialInClientError('meetingId', 'standup', 'use the MeetingId (a UUID) that CreateMeeting returned'));
  });
});
