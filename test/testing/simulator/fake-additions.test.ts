import { GetMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { Fakes, startFakes } from './helpers';
import { FakeServiceError, sleepOn, VirtualClock } from '../../../src/testing/fakes';

// What the simulator added to the fakes: clock deadlines, held requests, and programmatic operations.

describe('VirtualClock deadlines', () => {
  test('nextDeadline is the earliest pending sleep; sleepers wake in deadline order, then in start order', async () => {
    const clock = new VirtualClock(0);
    const woke: string[] = [];
    const sleeps = [
      clock.sleep(300).then(() => woke.push('c')),
      sleepOn(clock, 100).then(() => woke.push('a')),
      clock.sleep(100).then(() => woke.push('b')),
    ];
    expect(clock.nextDeadline()).toBe(100);
    clock.advance(500);
    await Promise.all(sleeps);
    expect(woke).toEqual(['a', 'b', 'c']);
    expect(clock.nextDeadline()).toBeUndefined();
  });

  test('an aborted sleep rejects with the signal\'s reason and no longer counts as a deadline', async () => {
    const clock = new VirtualClock(0);
    const abort = new AbortController();
    const sleeping = clock.sleep(1000, abort.signal);
    abort.abort(new Error('cancelled'));
    await expect(sleeping).rejects.toThrow('cancelled');
    expect(clock.nextDeadline()).toBeUndefined();
  });
});

describe('fakes', () => {
  let fakes: Fakes;

  beforeEach(async () => {
    fakes = await startFakes();
  });

  afterEach(async () => {
    await fakes.stop();
  });

  test('a virtual latency fault is a held request until its deadline, and is let go when its client gives up', async () => {
    const meeting = fakes.meetings.createMeeting({ externalMeetingId: 'held' });
    fakes.meetings.faults.inject('GetMeeting', { kind: 'latency', latencyMs: 3000 });
    const held: string[] = [];
    fakes.meetings.onRequestHeld((request) => held.push(`${request.operation}@${request.until - fakes.clock.now()}`));

    const answered = fakes.meetingsClient.send(new GetMeetingCommand({ MeetingId: meeting.meetingId }));
    await waitFor(() => fakes.meetings.heldRequests().length === 1);
    expect(held).toEqual(['GetMeeting@3000']);
    fakes.clock.advance(3000);
    await answered;
    expect(fakes.meetings.heldRequests()).toEqual([]);

    const abort = new AbortController();
    const abandoned = fakes.meetingsClient.send(new GetMeetingCommand({ MeetingId: meeting.meetingId }), { abortSignal: abort.signal });
    await waitFor(() => fakes.meetings.heldRequests().length === 1);
    abort.abort();
    await expect(abandoned).rejects.toThrow();
    await waitFor(() => fakes.meetings.heldRequests().length === 0);
  });

  test('meetings and attendees can be made and removed without HTTP, with the operations\' checks', () => {
    const meeting = fakes.meetings.createMeeting({ externalMeetingId: 'programmatic' });
    const attendee = fakes.meetings.createAttendee(meeting.meetingId, 'phone');
    expect(attendee.capabilities).toEqual({ audio: 'SendReceive', video: 'None', content: 'None' });
    expect(fakes.meetings.resolveJoinToken(attendee.joinToken)?.attendee.attendeeId).toBe(attendee.attendeeId);
    expect(fakes.meetings.deleteAttendee(meeting.meetingId, attendee.attendeeId)).toBe(true);
    expect(fakes.meetings.deleteAttendee(meeting.meetingId, attendee.attendeeId)).toBe(false);
    expect(fakes.meetings.resolveJoinToken(attendee.joinToken)).toBeUndefined();
    expect(fakes.meetings.wasJoinTokenIssued(attendee.joinToken)).toBe(true);
    expect(fakes.meetings.wasJoinTokenIssued('never-issued')).toBe(false);
    expect(() => fakes.meetings.createMeeting({ externalMeetingId: 'x' })).toThrow(FakeServiceError);
  });

  test('CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall without HTTP go through the same checks and hooks', async () => {
    fakes.voice.addPhoneNumber('+12065550199');
    const created: string[] = [];
    fakes.voice.setCallHooks({ createCall: (request) => void created.push(request.toPhoneNumber) });
    await expect(fakes.voice.createSipMediaApplicationCall({ sipMediaApplicationId: 'sma', fromPhoneNumber: '+19995550100', toPhoneNumber: '+15105550177' }))
      .rejects.toThrow('FromPhoneNumber must be a phone number this account holds');
    const transactionId = await fakes.voice.createSipMediaApplicationCall({
      sipMediaApplicationId: 'sma', fromPhoneNumber: '+12065550199', toPhoneNumber: '+15105550177', argumentsMap: { a: '1' },
    });
    expect(created).toEqual(['+15105550177']);
    fakes.voice.setCallHooks({});
    await fakes.voice.updateSipMediaApplicationCall({ sipMediaApplicationId: 'sma', transactionId, arguments: { b: '2' } });
    expect(fakes.voice.calls()).toEqual([expect.objectContaining({ transactionId, argumentsMap: { a: '1' }, updates: [{ b: '2' }] })]);
    await expect(fakes.voice.updateSipMediaApplicationCall({ sipMediaApplicationId: 'sma', transactionId: 'nope', arguments: {} }))
      .rejects.toMatchObject({ errorType: 'NotFoundException' });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
