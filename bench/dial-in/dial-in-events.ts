/**
 * The SMA events of one dial-in call, each built from the handler's previous response the way the
 * SIP media application builds them: the action it ran, and the TransactionAttributes it stored.
 * Plain data and no imports, so that the cold-start probe can carry it into a fresh process.
 */

/** The part of a handler response the next event depends on. */
export interface DialInResponse {
  readonly Actions?: ReadonlyArray<{ readonly Type?: string; readonly Parameters?: object }>;
  readonly TransactionAttributes?: Record<string, string>;
}

/** An SMA invocation event, as plain JSON. */
export type DialInEvent = Record<string, unknown>;

/** The steps of a dial-in, in order: each names what the handler is answering. */
export const DIAL_IN_STEPS = ['NEW_INBOUND_CALL', 'PIN entered', 'JoinChimeMeeting succeeded'] as const;

const CALLER_LEG_ID = '5d2f8a1c-3b4e-4f6a-9c7d-1e2f3a4b5c6d';
const MEETING_LEG_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e';

/**
 * One call: `next(previous)` returns the event of the next step, given the response to the
 * current one (undefined for the first step).
 */
export class DialInCall {
  private sequence = 0;
  private attributes: Record<string, string> | undefined;

  /** @param transactionId unique per call (the handler derives the attendee's ExternalUserId from it) */
  constructor(private readonly transactionId: string, private readonly pin: string) {}

  /** The event of step `step` (an index into {@link DIAL_IN_STEPS}), after `previous` answered the step before. */
  public event(step: number, previous?: DialInResponse): DialInEvent {
    if (previous?.TransactionAttributes) {
      this.attributes = previous.TransactionAttributes;
    }
    switch (step) {
      case 0:
        return this.envelope('NEW_INBOUND_CALL', undefined, false);
      case 1:
        return this.envelope('ACTION_SUCCESSFUL', {
          Type: 'SpeakAndGetDigits',
          Parameters: actionOf(previous, 'SpeakAndGetDigits').Parameters,
          ReceivedDigits: `${this.pin}#`,
        }, false);
      case 2:
        return this.envelope('ACTION_SUCCESSFUL', {
          Type: 'JoinChimeMeeting',
          Parameters: { ...actionOf(previous, 'JoinChimeMeeting').Parameters, ParticipantTag: 'LEG-A' },
        }, true);
      default:
        throw new Error(`a dial-in has ${DIAL_IN_STEPS.length} steps, not ${step + 1}`);
    }
  }

  private envelope(type: string, actionData: Record<string, unknown> | undefined, inMeeting: boolean): DialInEvent {
    this.sequence += 1;
    const participants: Array<Record<string, string>> = [{
      CallId: CALLER_LEG_ID,
      ParticipantTag: 'LEG-A',
      To: '+12065550100',
      From: '+15105550101',
      Direction: 'Inbound',
      StartTimeInMilliseconds: '1700000000000',
      Status: 'Connected',
    }];
    if (inMeeting) {
      participants.push({
        CallId: MEETING_LEG_ID,
        ParticipantTag: 'LEG-B',
        To: '+17035550122',
        From: 'SMA',
        Direction: 'Outbound',
        StartTimeInMilliseconds: '1700000012000',
        Status: 'Connected',
      });
    }
    return {
      SchemaVersion: '1.0',
      Sequence: this.sequence,
      InvocationEventType: type,
      ...actionData ? { ActionData: actionData } : {},
      CallDetails: {
        TransactionId: this.transactionId,
        ...this.attributes ? { TransactionAttributes: this.attributes } : {},
        AwsAccountId: '111122223333',
        AwsRegion: 'us-east-1',
        SipRuleId: '3f1a9c2e-7b4d-4e8f-9a6c-5d2b1e0f7a83',
        SipMediaApplicationId: 'c4e7a1b9-2d3f-4a5b-8c6d-9e0f1a2b3c4d',
        Participants: participants,
      },
    };
  }
}

/** The action types of a response, e.g. `Speak, JoinChimeMeeting`, to compare two handlers' answers. */
export function actionTypes(response: DialInResponse | undefined): string {
  return (response?.Actions ?? []).map((action) => action.Type ?? '?').join(', ');
}

function actionOf(response: DialInResponse | undefined, type: string): { readonly Parameters?: object } {
  const action = response?.Actions?.find((candidate) => candidate.Type === type);
  if (!action) {
    throw new Error(`expected a ${type} action in the previous response, got [${actionTypes(response)}]`);
  }
  return action;
}
