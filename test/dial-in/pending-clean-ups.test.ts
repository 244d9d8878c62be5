import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbPendingCleanUps, hashExternalUserId, PENDING_CLEAN_UP_TTL_SECONDS, pendingCleanUpId } from '../../src/dial-in';
import { LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

/** The pending clean-ups in dynalite, through the real SDK client: what the sweep reads and removes. */

const NOW = Date.UTC(2026, 11, 2, 12);
const MEETING = '9aee0232-a0b4-4d88-b402-c54affd48d7d';

let db: LocalMeetingDirectory;
let client: DynamoDBClient;

beforeAll(async () => {
  db = await startLocalMeetingDirectory('pending-clean-ups');
  client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client.destroy();
  await db.stop();
});

function store() {
  return new DynamoDbPendingCleanUps({ tableName: db.tableName, clientFactory: async () => client, now: () => NOW });
}

const signal = () => AbortSignal.timeout(5_000);

describe('DynamoDbPendingCleanUps', () => {
  it('spreads entries over the four cleanup# items, lists them all oldest first, and removes one only while it is unchanged', async () => {
    const cleanUps = store();
    const entries = Array.from({ length: 12 }, (_, index) => ({
      meetingId: MEETING,
      meetingRegion: 'us-east-1',
      externalUserIdHash: hashExternalUserId(`Phone (call${index})`),
      since: NOW - index * 1_000,
    }));
    for (const entry of entries) {
      await cleanUps.add(entry, signal());
    }
    await cleanUps.add({ meetingId: MEETING, attendeeId: 'a59b4ccd-35b4-4676-a847-c8edf7cdd9dc', since: NOW + 1 }, signal());

    const listed = await cleanUps.list(signal());
    expect(listed).toHaveLength(13);
    expect(listed.map((entry) => entry.since)).toEqual([...entries.map((entry) => entry.since)].reverse().concat(NOW + 1));
    expect(listed.at(-1)).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), meetingId: MEETING, attendeeId: 'a59b4ccd-35b4-4676-a847-c8edf7cdd9dc', since: NOW + 1 });
    expect(listed[0]).toMatchObject({ id: pendingCleanUpId(entries[11]), meetingRegion: 'us-east-1', externalUserIdHash: entries[11].externalUserIdHash });
    const items = await Promise.all([0, 1, 2, 3].map((shard) => client.send(new GetItemCommand({ TableName: db.tableName, Key: { pin: { S: `cleanup#${shard}` } } }))));
    expect(items.filter((item) => item.Item !== undefined).length).toBeGreaterThan(1);
    for (const { Item } of items.filter((item) => item.Item !== undefined)) {
      expect(Item?.expiresAt).toEqual({ N: String(NOW / 1000 + PENDING_CLEAN_UP_TTL_SECONDS) });
    }

    // A call stored the first one again since it was listed: it stays.
    const [oldest, second] = listed;
    await cleanUps.add({ ...entries[11], since: NOW + 5 }, signal());
    await cleanUps.remove(oldest, signal());
    await cleanUps.remove(second, signal());
    const left = await cleanUps.list(signal());
    expect(left).toHaveLength(12);
    expect(left.find((entry) => entry.id === oldest.id)?.since).toBe(NOW + 5);
    expect(left.find((entry) => entry.id === second.id)).toBeUndefined();
  });
});
