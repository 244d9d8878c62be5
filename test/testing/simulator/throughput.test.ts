import { CALLER, DIAL_IN_NUMBER, PIN } from './helpers';
import { createSmaRouter, getTransactionAttribute, hangup, joinChimeMeeting, mergeAttributes, speakAndGetDigits } from '../../../src/sma';
import { FakeMeetingsService, VirtualClock } from '../../../src/testing/fakes';
import { SmaSimulator } from '../../../src/testing/simulator';

const CALLS = 2000;

describe('throughput', () => {
  test(`${CALLS} simple dial-in calls (PIN, join, hang up) run at 1,000 calls per second or more`, async () => {
    const clock = new VirtualClock();
    const meetings = new FakeMeetingsService({ clock });
    const meeting = meetings.createMeeting({ externalMeetingId: 'all-hands' });
    let attendees = 0;
    const handler = createSmaRouter({ onError: () => {} })
      .on('NEW_INBOUND_CALL', (_event, ctx) => [speakAndGetDigits({
        callId: ctx.legA!.CallId,
        speechParameters: { text: 'PIN?' },
        failureSpeechParameters: { text: 'Again.' },
        minNumberOfDigits: 6,
        maxNumberOfDigits: 6,
        repeatDurationInMilliseconds: 5000,
      })])
      .onActionSuccessful('SpeakAndGetDigits', (event, ctx) => {
        if (event.ActionData.ReceivedDigits !== PIN) {
          return [hangup({ callId: ctx.legA!.CallId })];
        }
        const attendee = meetings.createAttendee(meeting.meetingId, `caller-${attendees++}`);
        return ctx.respond(
          [joinChimeMeeting({ joinToken: attendee.joinToken, callId: ctx.legA!.CallId, meetingId: meeting.meetingId })],
          mergeAttributes({ attendeeId: attendee.attendeeId }),
        );
      })
      .onActionSuccessful('JoinChimeMeeting', () => [])
      .on('HANGUP', (event) => {
        meetings.deleteAttendee(meeting.meetingId, getTransactionAttribute(event, 'attendeeId')!);
        return [];
      })
      .handler;
    const sim = new SmaSimulator({ handler, meetings, clock, settings: { speechMsPerCharacter: 0, speechBaseMs: 0 } });

    const warmUp = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await warmUp.pressDigits(PIN);
    await warmUp.hangUp();

    const started = process.hrtime.bigint();
    for (let index = 0; index < CALLS; index++) {
      const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
      await call.pressDigits(PIN);
      await call.hangUp();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${CALLS} calls in ${seconds.toFixed(3)} s: ${Math.round(CALLS / seconds)} calls/s\n`);

    const calls = sim.calls();
    expect(calls.every((call) => call.joinedMeeting?.meetingId === meeting.meetingId && call.endReason === 'caller-hangup' && call.violations.length === 0)).toBe(true);
    expect(calls).toHaveLength(CALLS + 1);
    expect(CALLS / seconds).toBeGreaterThanOrEqual(1000);
  });
});
