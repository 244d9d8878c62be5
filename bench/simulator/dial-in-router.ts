import { createSmaRouter, joinChimeMeeting, speakAndGetDigits } from '../../src/sma';
import { FakeMeetingsService } from '../../src/testing/fakes';

/**
 * A simple dial-in handler built from the SMA runtime's router, with no network: it asks for the PIN,
 * then joins the caller with the join token of an attendee created (without HTTP) in `meetingId` of
 * `meetings`. Other events get the router's defaults.
 */
export function dialInRouterHandler(meetings: FakeMeetingsService, meetingId: string): (event: unknown) => Promise<unknown> {
  return createSmaRouter()
    .on('NEW_INBOUND_CALL', (_event, context) => [speakAndGetDigits({
      callId: context.legA!.CallId,
      speechParameters: { text: 'Please enter your meeting PIN, followed by the pound key.' },
      failureSpeechParameters: { text: 'That PIN was not recognized.' },
      minNumberOfDigits: 6,
      maxNumberOfDigits: 7,
      terminatorDigits: ['#'],
      repeatDurationInMilliseconds: 10_000,
    })])
    .onActionSuccessful('SpeakAndGetDigits', (event, context) => {
      const attendee = meetings.createAttendee(meetingId, `Phone (${event.CallDetails.TransactionId.slice(0, 12)})`);
      return [joinChimeMeeting({ joinToken: attendee.joinToken, callId: context.legA!.CallId, meetingId })];
    })
    .onActionSuccessful('JoinChimeMeeting', () => [])
    .handler;
}
