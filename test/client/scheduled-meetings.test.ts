import { AttributeValue, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  activateMeeting, deactivateMeeting, DialInClientError, lookupMeeting, registerMeeting, unregisterMeeting,
} from '../../src/client';
import { DynamoDbMeetingDirectory } from '../../src/dial-in';
import { LocalMeetingDirectory, startLocalMeetingDirectory } from '../../src/testing';

const MEETING = '0b7c5a0e-1f3d-4c2e-9a6b-2d8e4f1a3c5b';
const NEXT_MEETING = '7e1d2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b';
const NOW = Date.UTC(2026, 10, 25, 12);
const now = () => NOW;

let db: LocalMeetingDirectory;
let keyCount = 0;
let meetingKey: string;

beforeAll(async () => {
  db = await startLocalMeetingDirectory();
});

afterAll(async () => {
  await db.stop();
});

beforeEach(() => {
  meetingKey = `calendar-event-${++keyCount}`;
});

afterEach(() => {
  for (const name of Object.keys(process.env).filter((variable) => variable.startsWith('CDK_CHIME_DIALIN_'))) {
    delete process.env[name];
  }
});

function directory() {
  return new DynamoDbMeetingDirectory({ tableName: db.tableName, clientFactory: async () => db.client, now });
}

const lookupPin = (pin: string) => directory().lookup(pin, new AbortController().signal);

async function itemsOf(key: string): Promise<Array<Record<string, AttributeValue>>> {
  const { Items } = await db.client.send(new ScanCommand({ TableName: db.tableName }));
  return (Items ?? []).filter((item) => item.meetingKey?.S === key);
}

describe('a PIN that belongs to a scheduled meeting', () => {
  it('lives through not started, active, ended and the next occurrence, and the handler\'s directory tells them apart', async () => {
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey, now };

    const registered = await registerMeeting(options);
    expect(registered).toEqual({ pin: expect.stringMatching(/^\d{6}$/), meetingKey, status: 'not-started', expiresAt: NOW / 1000 + 30 * 86_400 });
    expect(await lookupPin(registered.pin)).toEqual({ status: 'not-started', meetingKey, expiresAt: registered.expiresAt });

    const active = await activateMeeting({ ...options, meeting: { MeetingId: MEETING, MeetingArn: `arn:aws:chime:eu-central-1:111122223333:meeting/${MEETING}` } });
    expect(active).toMatchObject({ pin: registered.pin, status: 'active', meetingId: MEETING, meetingRegion: 'eu-central-1' });
    expect(await lookupPin(registered.pin)).toEqual({ meetingId: MEETING, meetingRegion: 'eu-central-1', meetingKey, expiresAt: registered.expiresAt });

    expect(await deactivateMeeting({ ...options, meetingId: MEETING })).toBe(true);
    expect(await lookupPin(registered.pin)).toEqual({ status: 'ended', meetingKey, expiresAt: registered.expiresAt });
    expect(await lookupMeeting(options)).toEqual({ pin: registered.pin, meetingKey, status: 'ended', expiresAt: registered.expiresAt });

    // The next occurrence: the same PIN, the new meeting, no region left over from the last one.
    await activateMeeting({ ...options, meetingId: NEXT_MEETING });
    expect(await lookupPin(registered.pin))
      .toEqual({ meetingId: NEXT_MEETING, meetingRegion: undefined, meetingKey, expiresAt: registered.expiresAt });
    // A late "meeting ended" of the previous meeting detaches nothing.
    expect(await deactivateMeeting({ ...options, meetingId: MEETING })).toBe(false);
    expect(await lookupMeeting(options)).toMatchObject({ status: 'active', meetingId: NEXT_MEETING });
  });

  it('registering the same key again returns the same PIN, and attaches a meeting when given one', async () => {
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey, now };
    const first = await registerMeeting(options);

    expect(await registerMeeting(options)).toEqual(first);
    expect(await registerMeeting({ ...options, meetingId: MEETING })).toMatchObject({ pin: first.pin, status: 'active', meetingId: MEETING });
    expect(await itemsOf(meetingKey)).toHaveLength(2); // the PIN's item and the key's item
  });

  it('two registrations of one key at the same moment end with one PIN', async () => {
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey, now };
    const results = await Promise.all([registerMeeting(options), registerMeeting(options), registerMeeting(options)]);

    expect(new Set(results.map((result) => result.pin)).size).toBe(1);
    expect((await itemsOf(meetingKey)).filter((item) => /^\d+$/.test(item.pin.S!))).toHaveLength(1);
  });

  it('unregisterMeeting by key retires the PIN and the key', async () => {
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey, now };
    const { pin } = await registerMeeting(options);

    expect(await unregisterMeeting(options)).toBe(true);
    expect(await lookupMeeting(options)).toBeUndefined();
    expect(await lookupPin(pin)).toBeUndefined();
    expect(await itemsOf(meetingKey)).toEqual([]);
    expect(await unregisterMeeting(options)).toBe(false);
  });

  it('an expired key has no PIN, and activating a key that has none says what to do', async () => {
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey };
    await registerMeeting({ ...options, now, ttlSeconds: 60 });

    expect(await lookupMeeting({ ...options, now: () => NOW + 61_000 })).toBeUndefined();
    await expect(activateMeeting({ ...options, now: () => NOW + 61_000, meetingId: MEETING }))
      .rejects.toThrow(`meetingKey "${meetingKey}" is invalid: has no registered PIN (never registered, retired or expired): call registerMeeting({ meetingKey }) first`);
    await expect(lookupMeeting({ ...options, meetingKey: '' })).rejects.toBeInstanceOf(DialInClientError);
  });
});

describe('the handler\'s lookup by meeting key (for a caller waiting for the meeting to start)', () => {
  it('follows the key to its PIN\'s current state, and finds nothing for a retired key', async () => {
    const options = { dynamodb: db.client, tableName: db.tableName, meetingKey, now };
    const signal = new AbortController().signal;
    const { expiresAt } = await registerMeeting(options);

    expect(await directory().lookupMeetingKey(meetingKey, signal)).toEqual({ status: 'not-started', meetingKey, expiresAt });
    await activateMeeting({ ...options, meetingId: MEETING });
    expect(await directory().lookupMeetingKey(meetingKey, signal)).toMatchObject({ meetingId: MEETING, meetingKey });
    await unregisterMeeting(options);
    expect(await directory().lookupMeetingKey(meetingKey, signal)).toBeUndefined();
    expect(await directory().lookupMeetingKey('never-registered', signal)).toBeUndefined();
  });
});

describe('items written by earlier versions', () => {
  it('a PIN item without a meeting key still leads to its meeting and is retired by PIN and meeting', async () => {
    // The item shape registerMeeting wrote before meeting keys: pin, meetingId, meetingRegion, expiresAt.
    await db.client.send(new PutItemCommand({
      TableName: db.tableName,
      Item: { pin: { S: '424242' }, meetingId: { S: MEETING }, meetingRegion: { S: 'us-east-1' }, expiresAt: { N: String(NOW / 1000 + 3600) } },
    }));

    expect(await lookupPin('424242')).toEqual({ meetingId: MEETING, meetingRegion: 'us-east-1', expiresAt: NOW / 1000 + 3600 });
    expect(await unregisterMeeting({ dynamodb: db.client, tableName: db.tableName, pin: '424242', meetingId: MEETING })).toBe(true);
    expect(await lookupPin('424242')).toBeUndefined();
  });
});

describe('one PIN length', () => {
  it('registers PINs of the handler\'s length, from the environment connectBackend sets', async () => {
    process.env.CDK_CHIME_DIALIN_PIN_LENGTH = '8';
    process.env.CDK_CHIME_DIALIN_DIRECTORY_TABLE = db.tableName;

    const { pin } = await registerMeeting({ dynamodb: db.client, meetingId: MEETING, now });
    expect(pin).toMatch(/^\d{8}$/);
    expect(await lookupPin(pin)).toMatchObject({ meetingId: MEETING });
  });

  it('refuses a pinLength the handler would never accept, before anything is written', async () => {
    process.env.CDK_CHIME_DIALIN_PIN_LENGTH = '8';
    const before = (await db.client.send(new ScanCommand({ TableName: db.tableName }))).Count;

    await expect(registerMeeting({ dynamodb: db.client, tableName: db.tableName, meetingId: MEETING, pinLength: 6 })).rejects.toThrow(
      'pinLength 6 is invalid: differs from the dial-in handler\'s PIN length, 8 (CDK_CHIME_DIALIN_PIN_LENGTH): callers could never enter such a PIN; leave pinLength out or set the construct\'s pinLength');
    expect((await db.client.send(new ScanCommand({ TableName: db.tableName }))).Count).toBe(before);
  });

  it('without the environment, a missing table name says where it comes from', async () => {
    await expect(registerMeeting({ dynamodb: db.client, meetingId: MEETING })).rejects.toThrow(
      'tableName undefined is invalid: is required: pass it, or run where MeetingDialIn.connectBackend set CDK_CHIME_DIALIN_DIRECTORY_TABLE');
  });
});
