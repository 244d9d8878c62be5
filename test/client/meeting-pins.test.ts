import { AttributeValue, PutItemCommand, ScanCommand, ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { DialInClientError, registerMeeting, unregisterMeeting } from '../../src/client';
import { DynamoDbMeetingDirectory } from '../../src/dial-in';
import { LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

const MEETING = '0b7c5a0e-1f3d-4c2e-9a6b-2d8e4f1a3c5b';
const OTHER_MEETING = '7e1d2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b';
const NOW = Date.UTC(2026, 10, 25, 12);

let db: LocalMeetingDirectory;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(async () => {
  await db.stop();
});

function directory() {
  return new DynamoDbMeetingDirectory({
    tableName: db.tableName,
    clientFactory: async () => db.client,
    now: () => NOW,
  });
}

async function scanAll(): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page: ScanCommandOutput = await db.client.send(new ScanCommand({ TableName: db.tableName, ExclusiveStartKey: startKey }));
    items.push(...page.Items ?? []);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

describe('registerMeeting', () => {
  it('stores a PIN of the requested length that the call flow\'s directory finds', async () => {
    const registered = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: MEETING, pinLength: 8, now: () => NOW });

    expect(registered.pin).toMatch(/^\d{8}$/);
    expect(registered.expiresAt).toBe(NOW / 1000 + 86_400);
    await expect(directory().lookup(registered.pin, AbortSignal.timeout(1000)))
      .resolves.toEqual({ meetingId: MEETING, expiresAt: registered.expiresAt });
  });

  it('never gives two meetings the same PIN: every 4-digit PIN but one is taken, and it finds that one or gives up', async () => {
    // 4-digit PINs, all but a handful taken, so most random candidates collide with a conditional write.
    const taken = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      taken.add(String(i).padStart(4, '0'));
    }
    const free = ['0042', '4242', '9000'];
    free.forEach((pin) => taken.delete(pin));
    await Promise.all([...taken].map((pin) => db.client.send(new PutItemCommand({
      TableName: db.tableName,
      Item: { pin: { S: pin }, meetingId: { S: OTHER_MEETING }, expiresAt: { N: String(NOW / 1000 + 3600) } },
    }))));

    const crowdedMeeting = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
    const outcome = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: crowdedMeeting, pinLength: 4, now: () => NOW })
      .then((registered) => registered.pin, (error: Error) => error.name);

    // Either it found a free PIN, or it said why it could not; it never overwrote another meeting's PIN.
    expect([...free, 'PinAllocationError']).toContain(outcome);
    const items = await scanAll();
    expect(items.filter((item) => item.meetingId?.S === OTHER_MEETING)).toHaveLength(taken.size);
    const registered = items.filter((item) => item.meetingId?.S === crowdedMeeting).map((item) => item.pin?.S);
    expect(registered).toEqual(outcome === 'PinAllocationError' ? [] : [outcome]);
  }, 120_000);

  it('treats an expired registration as absent, so its PIN can be given again', async () => {
    await db.client.send(new PutItemCommand({
      TableName: db.tableName,
      Item: { pin: { S: '55555' }, meetingId: { S: OTHER_MEETING }, expiresAt: { N: String(NOW / 1000 - 1) } },
    }));

    await expect(directory().lookup('55555', AbortSignal.timeout(1000))).resolves.toBeUndefined();
  });

  it.each([
    [{ meetingId: 'not-a-uuid' }, 'meetingId "not-a-uuid" is invalid: use the MeetingId (a UUID) that CreateMeeting returned'],
    [{ pinLength: 3 }, 'pinLength 3 is invalid: use a whole number from 4 to 12'],
    [{ ttlSeconds: 10 }, 'ttlSeconds 10 is invalid'],
    [{ tableName: '' }, 'tableName "" is invalid: must be a non-empty string'],
  ])('rejects %j with a typed error naming the field', async (override, message) => {
    const attempt = registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: MEETING, ...override });

    await expect(attempt).rejects.toThrow(DialInClientError);
    await expect(attempt).rejects.toThrow(message);
  });
});

describe('registerMeeting with a host PIN', () => {
  it('issues a second PIN that leads to the same meeting as its host, and expires with the first', async () => {
    const registered = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: MEETING, hostPin: true, now: () => NOW });

    expect(registered.hostPin).toMatch(/^\d{6}$/);
    expect(registered.hostPin).not.toBe(registered.pin);
    expect(await directory().lookup(registered.pin, new AbortController().signal)).toEqual({ meetingId: MEETING, expiresAt: registered.expiresAt });
    expect(await directory().lookup(registered.hostPin!, new AbortController().signal))
      .toEqual({ meetingId: MEETING, expiresAt: registered.expiresAt, host: true });
  });

  it('issues none unless asked, and refuses one for a scheduled meeting key', async () => {
    const plain = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: OTHER_MEETING, now: () => NOW });
    expect(plain).not.toHaveProperty('hostPin');
    expect((await directory().lookup(plain.pin, new AbortController().signal)) as object).not.toHaveProperty('host');

    await expect(registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingKey: 'weekly', hostPin: true, now: () => NOW }))
      .rejects.toThrow(new DialInClientError('hostPin', true, 'is not available with meetingKey: register the meeting by meetingId for a host PIN'));
  });
});

describe('unregisterMeeting', () => {
  it('retires the PIN of its meeting', async () => {
    const { pin } = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: MEETING, now: () => NOW });

    await expect(unregisterMeeting({ dynamodb: db.client, tableName: db.tableName, pin, meetingId: MEETING })).resolves.toBe(true);
    await expect(directory().lookup(pin, AbortSignal.timeout(1000))).resolves.toBeUndefined();
  });

  it('leaves a PIN that now belongs to another meeting alone', async () => {
    const { pin } = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: OTHER_MEETING, now: () => NOW });

    await expect(unregisterMeeting({ dynamodb: db.client, tableName: db.tableName, pin, meetingId: MEETING })).resolves.toBe(false);
    await expect(directory().lookup(pin, AbortSignal.timeout(1000))).resolves.toMatchObject({ meetingId: OTHER_MEETING });
  });
});

describe('registerMeeting and the meeting\'s control region', () => {
  const arn = (region: string, meetingId = MEETING) => `arn:aws:chime:${region}:111122223333:meeting/${meetingId}`;

  it('stores the region of the CreateMeeting response\'s MeetingArn, which the directory hands to the call flow', async () => {
    const registered = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meeting: { MeetingId: MEETING, MeetingArn: arn('eu-central-1') }, now: () => NOW });

    expect(registered).toMatchObject({ meetingId: MEETING, meetingRegion: 'eu-central-1' });
    await expect(directory().lookup(registered.pin, AbortSignal.timeout(1000)))
      .resolves.toEqual({ meetingId: MEETING, meetingRegion: 'eu-central-1', expiresAt: registered.expiresAt });
  });

  it('stores an explicit region', async () => {
    const registered = await registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: MEETING, meetingRegion: 'ap-southeast-1', now: () => NOW });

    await expect(directory().lookup(registered.pin, AbortSignal.timeout(1000))).resolves.toMatchObject({ meetingRegion: 'ap-southeast-1' });
  });

  it.each([
    ['meetingRegion', { meetingId: MEETING, meetingRegion: 'eu-west-1' }, /meetingRegion "eu-west-1" is invalid: use a Chime SDK Meetings control region: us-east-1/],
    ['meeting.MeetingArn', { meeting: { MeetingArn: 'arn:aws:chime:us-east-1:meeting' } }, /meeting.MeetingArn "arn:aws:chime:us-east-1:meeting" is invalid: use the MeetingArn/],
    ['meeting.MeetingArn (its region)', { meeting: { MeetingArn: arn('eu-west-3') } }, /"eu-west-3" is invalid: use a Chime SDK Meetings control region/],
    ['meeting.MeetingArn', { meetingId: MEETING, meeting: { MeetingArn: arn('us-east-1', OTHER_MEETING) } }, /names another meeting/],
    ['meetingRegion', { meeting: { MeetingId: MEETING, MeetingArn: arn('us-east-1') }, meetingRegion: 'us-west-2' }, /differs from the region of meeting.MeetingArn/],
  ])('refuses a bad %s, naming it and the value, and writes nothing', async (field, input, message) => {
    const before = (await scanAll()).length;
    const attempt = registerMeeting({ dynamodb: db.client, tableName: db.tableName, now: () => NOW, ...input });

    await expect(attempt).rejects.toThrow(DialInClientError);
    await expect(attempt).rejects.toMatchObject({ field, message: expect.stringMatching(message) });
    expect(await scanAll()).toHaveLength(before);
  });
});

describe('registerMeeting draws PINs from a CSPRNG', () => {
  it('draws every digit uniformly, leading zeros included, without Math.random', async () => {
    const fresh = await startLocalMeetingDirectory('uniformity');
    const random = jest.spyOn(Math, 'random');
    try {
      const pins: string[] = [];
      for (let i = 0; i < 500; i++) {
        const registered = await registerMeeting({
          dynamodb: fresh.client, tableName: fresh.tableName, meetingId: MEETING, pinLength: 12, now: () => NOW,
        });
        pins.push(registered.pin);
      }
      expect(random).not.toHaveBeenCalled();
      // Pearson's chi-squared over the 10 digits at each of the 12 places (9 degrees of freedom):
      // 50 is far beyond the 1-in-a-million critical value (about 42), so a fair source passes.
      for (let place = 0; place < 12; place++) {
        const counts = Array.from({ length: 10 }, (_, digit) => pins.filter((pin) => pin[place] === String(digit)).length);
        const expected = pins.length / 10;
        const chiSquared = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
        expect(chiSquared).toBeLessThan(50);
      }
      expect(new Set(pins).size).toBe(pins.length);
    } finally {
      random.mockRestore();
      await fresh.stop();
    }
  }, 120_000);

  it('retries a PIN that another live meeting holds, and every meeting gets its own', async () => {
    const crowded = await startLocalMeetingDirectory('collisions');
    try {
      // 30% of the 4-digit PINs are taken: collisions are likely, ten in a row are not.
      const taken = Array.from({ length: 3_000 }, (_, i) => String(i * 3 + 1).padStart(4, '0'));
      await Promise.all(taken.map((pin) => crowded.client.send(new PutItemCommand({
        TableName: crowded.tableName,
        Item: { pin: { S: pin }, meetingId: { S: OTHER_MEETING }, expiresAt: { N: String(NOW / 1000 + 3600) } },
      }))));
      let writes = 0;
      crowded.client.middlewareStack.add((next) => async (args) => {
        writes += 1;
        return next(args);
      }, { step: 'initialize', name: 'countWrites' });

      const pins: string[] = [];
      for (let i = 0; i < 40; i++) {
        const registered = await registerMeeting({
          dynamodb: crowded.client, tableName: crowded.tableName, meetingId: MEETING, pinLength: 4, now: () => NOW,
        });
        pins.push(registered.pin);
      }

      expect(writes).toBeGreaterThan(pins.length);
      expect(new Set(pins).size).toBe(pins.length);
      const takenSet = new Set(taken);
      expect(pins.filter((pin) => takenSet.has(pin))).toEqual([]);
    } finally {
      await crowded.stop();
    }
  }, 120_000);
});
