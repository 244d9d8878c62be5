// The smoke call of the integration test, as data: the three events a dial-in call sends the
// handler (built from the project's SMA event fixtures, so they stay in step with the SMA runtime),
// what the SIP media application carries from one answer to the next event, and what each answer
// must hold. The integration test plays it against the deployed handler with tokens for the ids;
// smoke-call.test.ts plays it against the same call flow locally, so a change of the flow that
// would break the real run fails `npm test` first.
import { loadSmaFixture } from '../sma/fixtures';

/** Who the events say handles the call: the deployed resources (tokens in the integration test). */
export interface SmokeCallIdentity {
  readonly accountId: string;
  readonly region: string;
  readonly sipMediaApplicationId: string;
  readonly sipRuleId: string;
  /** The number the caller dialed (`To` of LEG-A). */
  readonly dialInNumber: string;
}

/** The PIN the caller enters: the digits of the fixture's SpeakAndGetDigits success. */
export const SMOKE_CALL_PIN = String((loadSmaFixture('action-successful.speak-and-get-digits.json').ActionData as { ReceivedDigits: string }).ReceivedDigits);

/**
 * When the PIN item expires (epoch seconds, 2100-01-01): a constant, so that the snapshot does not
 * change with the clock. The item goes with the table at the end of the run.
 */
export const SMOKE_CALL_PIN_EXPIRES_AT = Date.UTC(2100, 0, 1) / 1000;

/**
 * The TransactionAttributes the handler keeps after each answer; the SIP media application sends
 * them back with the next event (https://docs.aws.amazon.com/chime-sdk/latest/dg/transaction-attributes.html).
 */
export const ATTRIBUTES_AFTER_INBOUND_CALL = ['flow', 'attempts'] as const;
/** The TransactionAttributes after the PIN answer: the call is joining its meeting. */
export const ATTRIBUTES_AFTER_PIN = ['flow', 'attempts', 'meetingId', 'externalUserId', 'attendeeId', 'joinStartedAt'] as const;

/** Paths into the handler's answers (`Payload.` in the integration test) and what they must hold. */
export const ANSWER_PATHS = {
  /** NEW_INBOUND_CALL is answered with the PIN prompt first. */
  pinPromptType: 'Actions.0.Type',
  /** The PIN is answered with "joining" and then the join. */
  joinType: 'Actions.1.Type',
  joinMeetingId: 'Actions.1.Parameters.MeetingId',
  joinToken: 'Actions.1.Parameters.JoinToken',
  joinCallId: 'Actions.1.Parameters.CallId',
} as const;

/** What a JoinToken must look like: opaque, never short or blank (https://docs.aws.amazon.com/chime-sdk/latest/dg/join-chime-meeting.html). */
export const JOIN_TOKEN_PATTERN = '^\\S{16,}$';

/** LEG-A's CallId in the fixtures: the join must carry it. */
export const SMOKE_CALL_LEG_A = String(participants(loadSmaFixture('new-inbound-call.json'))[0].CallId);

/** NEW_INBOUND_CALL from the fixture, to the deployed number. */
export function inboundCallEvent(identity: SmokeCallIdentity): Record<string, unknown> {
  return withIdentity(loadSmaFixture('new-inbound-call.json'), identity, undefined);
}

/** ACTION_SUCCESSFUL of SpeakAndGetDigits from the fixture: the caller entered {@link SMOKE_CALL_PIN}. */
export function pinEnteredEvent(identity: SmokeCallIdentity, attributes: Record<string, string>): Record<string, unknown> {
  return withIdentity(loadSmaFixture('action-successful.speak-and-get-digits.json'), identity, attributes);
}

/** HANGUP of LEG-A from the fixture: the caller hung up while in the meeting. */
export function hangupEvent(identity: SmokeCallIdentity, attributes: Record<string, string>): Record<string, unknown> {
  return withIdentity(loadSmaFixture('hangup.leg-a.json'), identity, attributes);
}

function withIdentity(
  event: Record<string, unknown>, identity: SmokeCallIdentity, attributes: Record<string, string> | undefined,
): Record<string, unknown> {
  const details = event.CallDetails as Record<string, unknown>;
  details.AwsAccountId = identity.accountId;
  details.AwsRegion = identity.region;
  details.SipMediaApplicationId = identity.sipMediaApplicationId;
  details.SipRuleId = identity.sipRuleId;
  if (attributes) {
    details.TransactionAttributes = attributes;
  } else {
    delete details.TransactionAttributes;
  }
  for (const participant of participants(event)) {
    if (participant.ParticipantTag === 'LEG-A') {
      participant.To = identity.dialInNumber;
    }
  }
  return event;
}

function participants(event: Record<string, unknown>): Array<Record<string, unknown>> {
  return (event.CallDetails as { Participants: Array<Record<string, unknown>> }).Participants;
}
