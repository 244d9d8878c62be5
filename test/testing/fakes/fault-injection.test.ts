import * as meetingsSdk from '@aws-sdk/client-chime-sdk-meetings';
import {
  CreateAttendeeCommand,
  CreateMeetingCommand,
  ForbiddenException,
  GetMeetingCommand,
  ServiceFailureException,
  ServiceUnavailableException,
  ThrottlingException,
} from '@aws-sdk/client-chime-sdk-meetings';
import * as voiceSdk from '@aws-sdk/client-chime-sdk-voice';
import { SearchAvailablePhoneNumbersCommand, ThrottledClientException } from '@aws-sdk/client-chime-sdk-voice';
import { eventually, meetingsClient, realPause, rejectionOf, voiceClient } from './sdk-clients';
import { FakeMeetingsService, FakeVoiceService, VirtualClock } from '../../../src/testing/fakes';
import type { FakeService } from '../../../src/testing/fakes';
import { MEETINGS_MODEL } from '../../../src/testing/fakes/models/meetings-model.generated';
import { VOICE_MODEL } from '../../../src/testing/fakes/models/voice-model.generated';

let clock: VirtualClock;
let meetings: FakeMeetingsService;
let voice: FakeVoiceService;
let endpoint: string;

beforeEach(async () => {
  clock = new VirtualClock();
  meetings = new FakeMeetingsService({ clock });
  voice = new FakeVoiceService({ clock });
  endpoint = await meetings.start();
  await voice.start();
});

afterEach(async () => {
  await meetings.stop();
  await voice.stop();
});

function createMeeting(maxAttempts = 1) {
  const client = meetingsClient(endpoint, maxAttempts);
  return client.send(new CreateMeetingCommand({ ClientRequestToken: 'fault-test', ExternalMeetingId: 'standup', MediaRegion: 'us-east-1' }))
    .finally(() => client.destroy());
}

describe('fault kinds become the SDK\'s typed exceptions', () => {
  test('throttle is ThrottlingException (429) on Meetings and ThrottledClientException on Voice', async () => {
    meetings.faults.inject('CreateMeeting', { kind: 'throttle', times: 1 });
    const throttled = await rejectionOf(createMeeting());
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.$metadata).toEqual(expect.objectContaining({ httpStatusCode: 429 }));

    voice.faults.inject('SearchAvailablePhoneNumbers', { kind: 'throttle', times: 1 });
    const client = voiceClient(voice.endpoint);
    await expect(client.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206' }))).rejects.toBeInstanceOf(ThrottledClientException);
    client.destroy();
  });

  test('server-error is ServiceFailureException (500), unavailable is ServiceUnavailableException (503) with Retry-After', async () => {
    meetings.faults.inject('CreateMeeting', { kind: 'server-error', times: 1, message: 'boom' });
    meetings.faults.inject('CreateMeeting', { kind: 'unavailable', times: 1, retryAfterSeconds: 7 });

    const failure = await rejectionOf(createMeeting());
    expect(failure).toBeInstanceOf(ServiceFailureException);
    expect(failure.message).toBe('boom');
    expect(failure.$metadata).toEqual(expect.objectContaining({ httpStatusCode: 500 }));

    const unavailable = await rejectionOf(createMeeting());
    expect(unavailable).toBeInstanceOf(ServiceUnavailableException);
    expect(unavailable.RetryAfterSeconds).toBe('7');
    expect(unavailable.$metadata).toEqual(expect.objectContaining({ httpStatusCode: 503 }));
  });

  test('an error fault answers any error the operation declares', async () => {
    meetings.faults.inject('GetMeeting', { kind: 'error', errorType: 'ForbiddenException', times: 1 });
    const client = meetingsClient(endpoint);
    await expect(client.send(new GetMeetingCommand({ MeetingId: '00000000-0000-4000-8000-000000000000' }))).rejects.toBeInstanceOf(ForbiddenException);
    client.destroy();
  });

  test.each([
    ['Meetings', MEETINGS_MODEL, meetingsSdk as unknown as Record<string, unknown>],
    ['Voice', VOICE_MODEL, voiceSdk as unknown as Record<string, unknown>],
  ])('every error in the %s model reaches the SDK as its exported exception class with the model\'s status', async (service, model, sdk) => {
    const fake: FakeService = service === 'Meetings' ? meetings : voice;
    expect(Object.keys(model.errors).length).toBeGreaterThanOrEqual(10);
    for (const [errorType, errorModel] of Object.entries(model.errors)) {
      fake.faults.inject('*', { kind: 'error', errorType, times: 1 });
      const error = await rejectionOf(sendAnyRequest(service, fake.endpoint));
      const ExceptionClass = sdk[errorType] as new (...args: never[]) => Error;
      expect({ errorType, isTyped: error instanceof ExceptionClass }).toEqual({ errorType, isTyped: true });
      expect(error.$metadata).toEqual(expect.objectContaining({ httpStatusCode: errorModel.httpStatusCode }));
      expect(error.Code).toBe(errorModel.code);
    }
  });
});

describe('how often faults hit', () => {
  test('N failures then success', async () => {
    const fault = meetings.faults.inject('CreateMeeting', { kind: 'server-error', times: 2 });

    await expect(createMeeting()).rejects.toBeInstanceOf(ServiceFailureException);
    await expect(createMeeting()).rejects.toBeInstanceOf(ServiceFailureException);
    await expect(createMeeting()).resolves.toEqual(expect.objectContaining({ Meeting: expect.anything() }));

    expect(fault.hits).toBe(2);
    expect(fault.remaining).toBe(0);
    expect(meetings.requests.forOperation('CreateMeeting').map((entry) => [entry.statusCode, entry.fault])).toEqual([
      [500, 'server-error'], [500, 'server-error'], [200, undefined],
    ]);
  });

  test('the SDK\'s default retries recover from 2 injected failures, and the meeting is created once', async () => {
    meetings.faults.inject('CreateMeeting', { kind: 'server-error', times: 2 });

    const output = await createMeeting(3);

    expect(output.$metadata.attempts).toBe(3);
    expect(meetings.requests.count('CreateMeeting')).toBe(3);
    expect(meetings.liveMeetings()).toHaveLength(1);
  });

  test('without times a fault hits every request until cancelled or cleared', async () => {
    const fault = meetings.faults.inject('CreateMeeting', { kind: 'unavailable' });
    await expect(createMeeting()).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(createMeeting()).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(fault.remaining).toBe(Infinity);

    fault.cancel();
    await expect(createMeeting()).resolves.toBeDefined();

    meetings.faults.inject('CreateMeeting', { kind: 'unavailable' });
    meetings.faults.clear('CreateMeeting');
    expect(meetings.faults.active()).toEqual([]);
    await expect(createMeeting()).resolves.toBeDefined();
  });

  test('a fault on one operation leaves the others alone; \'*\' hits all of them', async () => {
    meetings.faults.inject('CreateAttendee', { kind: 'throttle' });
    const created = await createMeeting();
    const client = meetingsClient(endpoint);
    const attendee = new CreateAttendeeCommand({ MeetingId: created.Meeting!.MeetingId, ExternalUserId: 'alice' });
    await expect(client.send(attendee)).rejects.toBeInstanceOf(ThrottlingException);

    meetings.faults.clear();
    meetings.faults.inject('*', { kind: 'server-error', times: 2 });
    await expect(client.send(new GetMeetingCommand({ MeetingId: created.Meeting!.MeetingId }))).rejects.toBeInstanceOf(ServiceFailureException);
    await expect(client.send(attendee)).rejects.toBeInstanceOf(ServiceFailureException);
    await expect(client.send(attendee)).resolves.toBeDefined();
    client.destroy();
  });

  test('injecting into an unknown operation, an undeclared error or a bad count throws at once', () => {
    expect(() => meetings.faults.inject('CreateMeetings', { kind: 'throttle' })).toThrow(/has no operation CreateMeetings/);
    expect(() => meetings.faults.inject('GetMeeting', { kind: 'error', errorType: 'ConflictException' })).toThrow(/ConflictException is not an error the operation declares/);
    expect(() => meetings.faults.inject('GetMeeting', { kind: 'throttle', times: 0 })).toThrow(/positive integer/);
    expect(() => meetings.faults.inject('GetMeeting', { kind: 'latency' })).toThrow(/latencyMs/);
  });
});

describe('latency', () => {
  test('virtual latency holds the answer until the clock has advanced that far', async () => {
    const fault = meetings.faults.inject('CreateMeeting', { kind: 'latency', latencyMs: 2_000, times: 1 });
    let settled = false;
    const pending = createMeeting().then((output) => {
      settled = true;
      return output;
    });
    await eventually(() => fault.hits === 1);

    clock.advance(1_999);
    await realPause();
    expect(settled).toBe(false);

    clock.advance(1);
    await expect(pending).resolves.toEqual(expect.objectContaining({ Meeting: expect.anything() }));
    expect(meetings.requests.forOperation('CreateMeeting')).toEqual([expect.objectContaining({ statusCode: 200, fault: 'latency' })]);
  });

  test('real-time latency holds the answer on the real clock, not the virtual one', async () => {
    // Judged by order, not by a measured duration: a request sent later, without the fault,
    // is answered while the delayed one is still held, although the virtual clock never moves.
    const fault = meetings.faults.inject('CreateMeeting', { kind: 'latency', latencyMs: 1_500, realTime: true, times: 1 });
    const answered: string[] = [];
    const delayed = createMeeting().then(() => answered.push('delayed'));
    await eventually(() => fault.hits === 1);
    await createMeeting().then(() => answered.push('prompt'));
    expect(answered).toEqual(['prompt']);

    await delayed;
    expect(answered).toEqual(['prompt', 'delayed']);
  });
});

describe('the request log', () => {
  test('records operation, parsed input, status and output, with join tokens redacted', async () => {
    const created = await createMeeting();
    const client = meetingsClient(endpoint);
    const attendee = await client.send(new CreateAttendeeCommand({ MeetingId: created.Meeting!.MeetingId, ExternalUserId: 'alice' }));
    client.destroy();

    const [entry] = meetings.requests.forOperation('CreateAttendee');
    expect(entry).toEqual(expect.objectContaining({
      operation: 'CreateAttendee',
      method: 'POST',
      path: `/meetings/${created.Meeting!.MeetingId}/attendees`,
      input: { MeetingId: created.Meeting!.MeetingId, ExternalUserId: 'alice' },
      statusCode: 200,
      receivedAt: clock.now(),
    }));
    expect(entry.output).toEqual({ Attendee: expect.objectContaining({ AttendeeId: attendee.Attendee!.AttendeeId, JoinToken: '<redacted>' }) });
    expect(JSON.stringify(meetings.requests.entries())).not.toContain(attendee.Attendee!.JoinToken);
    expect(meetings.requests.entries().map((logged) => logged.sequence)).toEqual([1, 2]);
  });
});

describe('the HTTP surface', () => {
  test('an unknown route is a 404 UnknownOperationException, and malformed JSON a BadRequestException', async () => {
    const unknown = await fetch(`${endpoint}/no-such-thing`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');

    const malformed = await fetch(`${endpoint}/meetings`, { method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(await malformed.json()).toEqual(expect.objectContaining({ Code: 'BadRequest', Message: 'The request body is not valid JSON' }));
  });

  test('URI labels are percent-decoded, and a malformed escape is a validation error rather than a dropped connection', async () => {
    const malformed = await fetch(`${endpoint}/meetings/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual(expect.objectContaining({ Message: expect.stringContaining("'MeetingId'") }));
    expect(meetings.requests.entries().at(-1)?.input).toEqual({ MeetingId: '%E0%A4%A' });
  });

  test('the endpoint is 127.0.0.1 at a random port, unavailable before start and after stop', async () => {
    const fresh = new FakeMeetingsService();
    expect(() => fresh.endpoint).toThrow(/not started/);
    const url = await fresh.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await fresh.start()).toBe(url);
    await fresh.stop();
    expect(() => fresh.endpoint).toThrow(/not started/);
    await expect(fetch(`${url}/meetings`)).rejects.toThrow();
  });
});

async function sendAnyRequest(service: string, url: string): Promise<unknown> {
  if (service === 'Meetings') {
    const client = meetingsClient(url);
    return client.send(new GetMeetingCommand({ MeetingId: '00000000-0000-4000-8000-000000000000' })).finally(() => client.destroy());
  }
  const client = voiceClient(url);
  return client.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206' })).finally(() => client.destroy());
}
