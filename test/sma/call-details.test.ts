import { LEG_A, LEG_B, loadSmaFixture, MEETING_ID } from './fixtures';
import {
  findLeg, findLegByCallId, getTransactionAttribute, getTransactionAttributes, invokingLeg, isBridged, isLive, liveLegs, parseSmaEvent, SmaEvent,
} from '../../src/sma';

function parseFixture(name: string): SmaEvent {
  return parseSmaEvent(loadSmaFixture(name));
}

describe('leg helpers', () => {
  it('find legs by tag, whatever their order in the array', () => {
    const event = parseFixture('hangup.leg-b-case-5.json'); // LEG-B comes first here
    expect(event.CallDetails.Participants[0].ParticipantTag).toBe('LEG-B');
    expect(findLeg(event, 'LEG-A')?.CallId).toBe(LEG_A);
    expect(findLeg(event.CallDetails, 'LEG-B')?.CallId).toBe(LEG_B);
    expect(findLeg(parseFixture('new-inbound-call.json'), 'LEG-B')).toBeUndefined();
  });

  it('find legs by CallId', () => {
    expect(findLegByCallId(parseFixture('hangup.leg-b-case-5.json'), LEG_B)?.ParticipantTag).toBe('LEG-B');
    expect(findLegByCallId(parseFixture('new-inbound-call.json'), LEG_B)).toBeUndefined();
  });

  it('count a leg without Status as live (first NEW_INBOUND_CALL) and a Disconnected one as not', () => {
    expect(isLive(findLeg(parseFixture('new-inbound-call.json'), 'LEG-A'))).toBe(true);
    expect(isLive(findLeg(parseFixture('hangup.leg-a.json'), 'LEG-A'))).toBe(false);
    expect(isLive(undefined)).toBe(false);
    expect(liveLegs(parseFixture('hangup.leg-b-meeting-ended.json')).map((leg) => leg.CallId)).toEqual([LEG_A]);
  });

  it('tell whether the call is bridged or joined (a live LEG-B)', () => {
    expect(isBridged(parseFixture('action-successful.join-chime-meeting.json'))).toBe(true);
    expect(isBridged(parseFixture('new-inbound-call.json'))).toBe(false);
    expect(isBridged(parseFixture('hangup.leg-b-meeting-ended.json'))).toBe(false);
  });

  it.each([
    ['new-inbound-call.json', LEG_A],
    ['call-answered.json', LEG_A],
    ['call-update-requested.json', LEG_A],
    ['invalid-lambda-response.json', LEG_A],
    ['action-successful.join-chime-meeting.json', LEG_A],
    ['hangup.leg-b-meeting-ended.json', LEG_B],
    ['hangup.leg-b-case-5.json', LEG_B],
    ['hangup.leg-a.json', LEG_A],
  ])('find the invoking leg of %s', (name, callId) => {
    expect(invokingLeg(parseFixture(name))?.CallId).toBe(callId);
  });

  it('find the invoking leg by ParticipantTag when the echo has no CallId', () => {
    const raw = loadSmaFixture('hangup.leg-b-meeting-ended.json');
    delete (raw.ActionData as { Parameters: Record<string, unknown> }).Parameters.CallId;
    expect(invokingLeg(parseSmaEvent(raw))?.CallId).toBe(LEG_B);
  });
});

describe('TransactionAttributes access', () => {
  it('reads the stored attributes with typed keys', () => {
    const attributes = getTransactionAttributes<'state' | 'meetingId'>(parseFixture('action-successful.join-chime-meeting.json'));
    expect(attributes.state).toBe('joining');
    expect(attributes.meetingId).toBe(MEETING_ID);
  });

  it('reads {} before any attributes were stored', () => {
    expect(getTransactionAttributes(parseFixture('new-inbound-call.json'))).toEqual({});
  });

  it('reads one attribute, never an inherited name', () => {
    const event = parseFixture('action-successful.join-chime-meeting.json');
    expect(getTransactionAttribute(event, 'state')).toBe('joining');
    expect(getTransactionAttribute(event, 'missing')).toBeUndefined();
    expect(getTransactionAttribute(event, 'constructor')).toBeUndefined();
    expect(getTransactionAttribute(event.CallDetails, 'state')).toBe('joining');
  });
});
