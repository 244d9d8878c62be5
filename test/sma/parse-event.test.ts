import { LEG_A, LEG_B, loadSmaFixture, MEETING_ID, rejection, smaFixtureNames } from './fixtures';
import { parseSmaEvent, SMA_EVENT_TYPES, SmaEvent } from '../../src/sma';

function parseFixture(name: string): SmaEvent {
  return parseSmaEvent(loadSmaFixture(name));
}

/** A fixture with one change applied to its raw JSON. */
function variant(name: string, change: (raw: Record<string, any>) => void): Record<string, unknown> {
  const raw = loadSmaFixture(name);
  change(raw);
  return raw;
}

describe('fixtures', () => {
  it('cover all 11 event types', () => {
    const types = new Set(smaFixtureNames().map((name) => parseFixture(name).InvocationEventType));
    expect([...types].sort()).toEqual([...SMA_EVENT_TYPES].sort());
    expect(SMA_EVENT_TYPES).toHaveLength(11);
  });

  it.each(smaFixtureNames())('%s parses, and parsing its parse changes nothing', (name) => {
    const event = parseFixture(name);
    expect(parseSmaEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });
});

describe('parseSmaEvent: envelope', () => {
  it('reads NEW_INBOUND_CALL: no Status, no TransactionAttributes, Sequence 1', () => {
    expect(parseFixture('new-inbound-call.json')).toEqual({
      SchemaVersion: '1.0',
      Sequence: 1,
      InvocationEventType: 'NEW_INBOUND_CALL',
      CallDetails: {
        TransactionId: '8b7c2f4e-9d1a-4c3b-a5e6-0f1d2c3b4a59',
        AwsAccountId: '111122223333',
        AwsRegion: 'us-east-1',
        SipRuleId: '3f1a9c2e-7b4d-4e8f-9a6c-5d2b1e0f7a83',
        SipMediaApplicationId: 'c4e7a1b9-2d3f-4a5b-8c6d-9e0f1a2b3c4d',
        Participants: [{
          CallId: LEG_A, ParticipantTag: 'LEG-A', To: '+12065550100', From: '+15105550101', Direction: 'Inbound', StartTimeInMilliseconds: '1700000000000',
        }],
      },
    });
  });

  it('normalizes SipApplicationId to SipMediaApplicationId', () => {
    const event = parseFixture('new-inbound-call.sip-application-id.json');
    expect(event.CallDetails.SipMediaApplicationId).toBe('c4e7a1b9-2d3f-4a5b-8c6d-9e0f1a2b3c4d');
    expect(event.CallDetails).not.toHaveProperty('SipApplicationId');
  });

  it('prefers SipMediaApplicationId when both names are present', () => {
    const raw = variant('new-inbound-call.json', (e) => { e.CallDetails.SipApplicationId = 'other'; });
    expect(parseSmaEvent(raw).CallDetails.SipMediaApplicationId).toBe('c4e7a1b9-2d3f-4a5b-8c6d-9e0f1a2b3c4d');
  });

  it('normalizes Leg-A casing and treats null Status and TransactionAttributes as absent', () => {
    const event = parseFixture('new-inbound-call.leg-casing.json');
    expect(event.CallDetails.Participants[0].ParticipantTag).toBe('LEG-A');
    expect(event.CallDetails.Participants[0]).not.toHaveProperty('Status');
    expect(event.CallDetails).not.toHaveProperty('TransactionAttributes');
  });

  it('accepts InvocationEvent for InvocationEventType, and either in any letter case', () => {
    expect(parseFixture('action-successful.join-chime-meeting.seed.json').InvocationEventType).toBe('ACTION_SUCCESSFUL');
    expect(parseSmaEvent(variant('ringing.json', (e) => { e.InvocationEventType = 'ringing'; })).InvocationEventType).toBe('RINGING');
  });

  it('accepts both keys when they agree and rejects them when they differ', () => {
    expect(parseSmaEvent(variant('ringing.json', (e) => { e.InvocationEvent = 'RINGING'; })).InvocationEventType).toBe('RINGING');
    expect(rejection(() => parseSmaEvent(variant('ringing.json', (e) => { e.InvocationEvent = 'HANGUP'; }))).path).toBe('$.InvocationEvent');
  });

  it('accepts numbers as strings and strings as numbers', () => {
    const event = parseFixture('action-successful.pause.numbers-as-strings.json');
    expect(event.Sequence).toBe(4);
    expect(event.CallDetails.Participants[0].StartTimeInMilliseconds).toBe('1700000000000');
    expect(parseSmaEvent(variant('new-inbound-call.json', (e) => { e.CallDetails.TransactionAttributes = { attempts: 2, muted: true, gone: null }; }))
      .CallDetails.TransactionAttributes).toEqual({ attempts: '2', muted: 'true' });
  });

  it('normalizes Direction and Status casing', () => {
    const event = parseSmaEvent(variant('call-answered.json', (e) => {
      e.CallDetails.Participants[0].Direction = 'outbound';
      e.CallDetails.Participants[0].Status = 'CONNECTED';
    }));
    expect(event.CallDetails.Participants[0]).toMatchObject({ Direction: 'Outbound', Status: 'Connected' });
  });

  it('keeps SipHeaders of the inbound INVITE', () => {
    const raw = variant('new-inbound-call.json', (e) => { e.CallDetails.Participants[0].SipHeaders = { 'X-Meeting-Pin': '123456', 'User-to-User': 'abc' }; });
    expect(parseSmaEvent(raw).CallDetails.Participants[0].SipHeaders).toEqual({ 'X-Meeting-Pin': '123456', 'User-to-User': 'abc' });
  });

  it('drops unknown keys', () => {
    const event = parseSmaEvent(variant('new-inbound-call.json', (e) => { e.Extra = 1; e.CallDetails.Region2 = 'x'; }));
    expect(event).not.toHaveProperty('Extra');
    expect(event.CallDetails).not.toHaveProperty('Region2');
  });

  it('returns a new object that shares nothing with the input', () => {
    const raw = loadSmaFixture('action-successful.join-chime-meeting.json');
    const event = parseSmaEvent(raw);
    (raw.CallDetails as any).Participants[0].CallId = 'changed';
    (raw.CallDetails as any).TransactionAttributes.state = 'changed';
    (raw.ActionData as any).Parameters.MeetingId = 'changed';
    expect(event.CallDetails.Participants[0].CallId).toBe(LEG_A);
    expect(event.CallDetails.TransactionAttributes?.state).toBe('joining');
    expect(event).toMatchObject({ ActionData: { Parameters: { MeetingId: MEETING_ID } } });
  });

  it.each([
    ['not an object', () => [], '$'],
    ['a missing SchemaVersion', (e: any) => { delete e.SchemaVersion; }, '$.SchemaVersion'],
    ['SchemaVersion 2.0', (e: any) => { e.SchemaVersion = '2.0'; }, '$.SchemaVersion'],
    ['a missing event type', (e: any) => { delete e.InvocationEventType; }, '$.InvocationEventType'],
    ['an unknown event type', (e: any) => { e.InvocationEventType = 'CALL_ENDED'; }, '$.InvocationEventType'],
    ['a negative Sequence', (e: any) => { e.Sequence = -1; }, '$.Sequence'],
    ['a missing CallDetails', (e: any) => { delete e.CallDetails; }, '$.CallDetails'],
    ['an empty TransactionId', (e: any) => { e.CallDetails.TransactionId = ''; }, '$.CallDetails.TransactionId'],
    ['Participants that are not an array', (e: any) => { e.CallDetails.Participants = {}; }, '$.CallDetails.Participants'],
    ['a participant without CallId', (e: any) => { delete e.CallDetails.Participants[0].CallId; }, '$.CallDetails.Participants[0].CallId'],
    ['a malformed CallId', (e: any) => { e.CallDetails.Participants[0].CallId = 'a b'; }, '$.CallDetails.Participants[0].CallId'],
    ['an unknown tag', (e: any) => { e.CallDetails.Participants[0].ParticipantTag = 'LEG-C'; }, '$.CallDetails.Participants[0].ParticipantTag'],
    ['an unknown Status', (e: any) => { e.CallDetails.Participants[0].Status = 'Ringing'; }, '$.CallDetails.Participants[0].Status'],
    ['a TransactionAttributes value that is an object', (e: any) => { e.CallDetails.TransactionAttributes = { a: {} }; },
      '$.CallDetails.TransactionAttributes.a'],
  ])('rejects %s, naming its JSON path', (_name, change, path) => {
    const raw = loadSmaFixture('new-inbound-call.json');
    const input = change(raw) ?? raw;
    expect(rejection(() => parseSmaEvent(input)).path).toBe(path);
  });
});

describe('parseSmaEvent: ActionData', () => {
  it('reads the echoed parameters and results of ACTION_SUCCESSFUL', () => {
    expect(parseFixture('action-successful.speak-and-get-digits.json')).toMatchObject({
      ActionData: { Type: 'SpeakAndGetDigits', Parameters: { CallId: LEG_A, RepeatDurationInMilliseconds: 10000 }, ReceivedDigits: '123456' },
    });
  });

  it('turns digits that arrived as a number into a string', () => {
    const raw = variant('action-successful.speak-and-get-digits.json', (e) => { e.ActionData.ReceivedDigits = 123456; });
    expect(parseSmaEvent(raw)).toMatchObject({ ActionData: { ReceivedDigits: '123456' } });
  });

  it('keeps an empty ReceivedDigits (ReceiveDigits armed)', () => {
    const raw = variant('digits-received.json', (e) => { e.InvocationEventType = 'ACTION_SUCCESSFUL'; e.ActionData.ReceivedDigits = ''; });
    expect(parseSmaEvent(raw)).toMatchObject({ ActionData: { Type: 'ReceiveDigits', ReceivedDigits: '' } });
  });

  it('keeps echoed numbers as written (the echo is informational)', () => {
    expect(parseFixture('action-successful.pause.numbers-as-strings.json')).toMatchObject({ ActionData: { Parameters: { DurationInMilliseconds: '3000' } } });
  });

  it('normalizes the echoed ParticipantTag and drops an invalid leg field', () => {
    const raw = variant('hangup.leg-b-meeting-ended.json', (e) => { e.ActionData.Parameters.ParticipantTag = 'Leg-B'; e.ActionData.Parameters.CallId = ''; });
    expect(parseSmaEvent(raw)).toMatchObject({ ActionData: { Parameters: { ParticipantTag: 'LEG-B', SipResponseCode: 0 } } });
    expect(parseSmaEvent(raw)).not.toHaveProperty('ActionData.Parameters.CallId');
  });

  it('reads HANGUP of LEG-B when the meeting ends, with the running action as ActionData (case 5)', () => {
    const event = parseFixture('hangup.leg-b-case-5.json');
    expect(event).toMatchObject({ InvocationEventType: 'HANGUP', ActionData: { Type: 'ReceiveDigits', Parameters: { CallId: LEG_B, ParticipantTag: 'LEG-B' } } });
  });

  it('accepts HANGUP without ActionData', () => {
    const event = parseSmaEvent(variant('hangup.leg-a.json', (e) => { delete e.ActionData; }));
    expect(event.InvocationEventType).toBe('HANGUP');
    expect(event).not.toHaveProperty('ActionData');
  });

  it('reads the ArgumentsMap of NEW_OUTBOUND_CALL, and {} when there is none', () => {
    expect(parseFixture('new-outbound-call.json')).toMatchObject({ ActionData: { Parameters: { Arguments: { meetingId: MEETING_ID } } } });
    expect(parseSmaEvent(variant('new-outbound-call.json', (e) => { delete e.ActionData; }))).toMatchObject({ ActionData: { Parameters: { Arguments: {} } } });
  });

  it('reads the Arguments of CALL_UPDATE_REQUESTED', () => {
    expect(parseFixture('call-update-requested.json')).toMatchObject({
      ActionData: { Type: 'CallUpdateRequest', Parameters: { Arguments: { action: 'MuteAttendee' } } },
    });
  });

  it('requires ReceivedDigits and the ReceiveDigits type on DIGITS_RECEIVED', () => {
    expect(parseFixture('digits-received.json')).toMatchObject({ ActionData: { Type: 'ReceiveDigits', ReceivedDigits: '*6' } });
    expect(rejection(() => parseSmaEvent(variant('digits-received.json', (e) => { delete e.ActionData.ReceivedDigits; }))).path)
      .toBe('$.ActionData.ReceivedDigits');
    expect(rejection(() => parseSmaEvent(variant('digits-received.json', (e) => { e.ActionData.Type = 'Speak'; }))).path).toBe('$.ActionData.Type');
  });

  it('rejects an ActionData of an unknown action type', () => {
    expect(rejection(() => parseSmaEvent(variant('action-interrupted.play-audio.json', (e) => { e.ActionData.Type = 'RecordMeeting'; }))).path)
      .toBe('$.ActionData.Type');
  });
});

describe('parseSmaEvent: one error shape for the three failure shapes (docs/sma-model.md#error-shapes)', () => {
  it('reads ErrorType and ErrorMessage inside ActionData', () => {
    expect(parseFixture('action-failed.join-chime-meeting.json')).toMatchObject({
      ActionData: { ErrorType: 'InvalidActionParameter', ErrorMessage: 'JoinToken parameter value is invalid.' },
    });
  });

  it('splits an "Error" string into ErrorType and ErrorMessage', () => {
    expect(parseFixture('action-failed.join-chime-meeting.seed.json')).toMatchObject({
      ActionData: { ErrorType: 'ErrorJoiningMeeting', ErrorMessage: 'Error while joining meeting.' },
    });
  });

  it('keeps an "Error" string without a type as the message of an UnknownError', () => {
    const raw = variant('action-failed.join-chime-meeting.seed.json', (e) => { e.ActionData.Error = 'Something broke: badly'; });
    expect(parseSmaEvent(raw)).toMatchObject({ ActionData: { ErrorType: 'UnknownError', ErrorMessage: 'Something broke: badly' } });
  });

  it('reads ErrorType and ErrorMessage at the top level of INVALID_LAMBDA_RESPONSE', () => {
    expect(parseFixture('invalid-lambda-response.json')).toMatchObject({
      ErrorType: 'TransactionAttributesInvalidMapSize',
      ErrorMessage: 'Transaction Attributes has too many mappings. Maximum number of mappings is 10',
    });
  });

  it('reads the INVALID_LAMBDA_RESPONSE error from ActionData too, as one page says', () => {
    const raw = variant('invalid-lambda-response.json', (e) => {
      e.ActionData = { ErrorType: e.ErrorType, ErrorMessage: e.ErrorMessage };
      delete e.ErrorType;
      delete e.ErrorMessage;
    });
    expect(parseSmaEvent(raw)).toMatchObject({ ErrorType: 'TransactionAttributesInvalidMapSize' });
  });

  it('reads an ACTION_FAILED error that sits at the top level', () => {
    const raw = variant('action-failed.join-chime-meeting.json', (e) => {
      e.ErrorType = e.ActionData.ErrorType;
      delete e.ActionData.ErrorType;
      delete e.ActionData.ErrorMessage;
    });
    expect(parseSmaEvent(raw)).toMatchObject({ ActionData: { ErrorType: 'InvalidActionParameter', ErrorMessage: '' } });
  });

  it('keeps the ErrorList of ModifyChimeMeetingAttendees', () => {
    expect(parseFixture('action-failed.modify-chime-meeting-attendees.json')).toMatchObject({ ActionData: { ErrorList: [], ErrorType: 'InvalidActionParameter' } });
  });

  it('reports UnknownError when a failure names no error', () => {
    const raw = variant('action-failed.join-chime-meeting.json', (e) => { delete e.ActionData.ErrorType; delete e.ActionData.ErrorMessage; });
    expect(parseSmaEvent(raw)).toMatchObject({ ActionData: { ErrorType: 'UnknownError', ErrorMessage: '' } });
  });
});
