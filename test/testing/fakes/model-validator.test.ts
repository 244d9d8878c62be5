import { compileModelPattern, formatValidationIssues, validateInput } from '../../../src/testing/fakes/model-validator';
import { MEETINGS_MODEL } from '../../../src/testing/fakes/models/meetings-model.generated';
import { VOICE_MODEL } from '../../../src/testing/fakes/models/voice-model.generated';
import type { ServiceModel } from '../../../src/testing/fakes/service-model';

describe.each<[string, ServiceModel]>([['Meetings', MEETINGS_MODEL], ['Voice', VOICE_MODEL]])('the generated %s model', (_name, model) => {
  test('every pattern compiles as a JavaScript regular expression', () => {
    const patterns = Object.values(model.shapes).flatMap((shape) => ('pattern' in shape && shape.pattern !== undefined ? [shape.pattern] : []));
    expect(patterns.length).toBeGreaterThan(3);
    for (const pattern of patterns) {
      expect(() => compileModelPattern(pattern)).not.toThrow();
    }
  });

  test('every shape an operation refers to is present, and every declared error has a status code', () => {
    const missing: string[] = [];
    const visit = (name: string) => {
      const shape = model.shapes[name];
      if (!shape) {
        missing.push(name);
      } else if (shape.type === 'structure') {
        Object.values(shape.members).forEach((member) => visit(member.shape));
      } else if (shape.type === 'list') {
        visit(shape.member);
      } else if (shape.type === 'map') {
        visit(shape.key);
        visit(shape.value);
      }
    };
    for (const operation of Object.values(model.operations)) {
      if (operation.input) {
        visit(operation.input);
      }
      for (const error of operation.errors) {
        expect(model.errors[error]?.httpStatusCode).toBeGreaterThanOrEqual(400);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('validateInput', () => {
  test('the services\' operations and routes come from the model', () => {
    expect(MEETINGS_MODEL.operations.DeleteAttendee).toEqual(expect.objectContaining({
      method: 'DELETE', path: '/meetings/{MeetingId}/attendees/{AttendeeId}', responseCode: 204,
    }));
    expect(MEETINGS_MODEL.operations.BatchCreateAttendee.query).toEqual({ operation: 'batch-create' });
    expect(VOICE_MODEL.operations.SearchAvailablePhoneNumbers.query).toEqual({ type: 'phone-numbers' });
    expect(MEETINGS_MODEL.errors.ServiceUnavailableException.headerMembers).toEqual({ RetryAfterSeconds: 'Retry-After' });
  });

  test('patterns must match the whole value', () => {
    const pattern = compileModelPattern('[-_a-zA-Z0-9]*');
    expect(pattern.test('abc-_1')).toBe(true);
    expect(pattern.test('abc def')).toBe(false);
    expect(compileModelPattern('^$|^[a-zA-Z0-9 ]{2,15}$').test('')).toBe(true);
  });

  test('reports type mismatches, map sizes and nested list paths', () => {
    const issues = validateInput(VOICE_MODEL, 'CreateSipRule', {
      Name: 7,
      TriggerType: 'ToPhoneNumber',
      TriggerValue: '   ',
      Disabled: 'no',
      TargetApplications: [{ SipMediaApplicationId: 'a', Priority: 1.5, AwsRegion: 'us-east-1' }],
    });
    expect(issues.map((issue) => `${issue.path}: ${issue.constraint}`)).toEqual([
      'Name: Member must be of type string',
      'TriggerValue: Member must satisfy regular expression pattern: .*\\S.*',
      'Disabled: Member must be of type boolean',
      'TargetApplications[0].Priority: Member must be of type integer',
    ]);

    const mapIssues = validateInput(VOICE_MODEL, 'UpdateSipMediaApplicationCall', {
      SipMediaApplicationId: 'sma', TransactionId: 't', Arguments: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])),
    });
    expect(formatValidationIssues(mapIssues)).toBe(
      "1 validation error detected: Value at 'Arguments' failed to satisfy constraint: Member must have length less than or equal to 20");
  });

  test('a valid input has no issues, and an unknown operation is a programming error', () => {
    expect(validateInput(MEETINGS_MODEL, 'GetMeeting', { MeetingId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    expect(() => validateInput(MEETINGS_MODEL, 'GetMeetings', {})).toThrow(/no operation GetMeetings/);
  });
});
