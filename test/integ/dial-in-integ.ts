// The dial-in integration test: MeetingDialIn deployed to a real account, its resources checked
// through the Voice API, and a smoke call without a phone played through the deployed handler.
// It keeps integ-runner's layout (integ.dial-in.ts, an IntegTest manifest, integ.dial-in.ts.snapshot);
// run.ts deploys it (`npm run integ`) and dial-in-integ.test.ts checks the same app in `npm test`.
import { ActualResult, ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Aws, CfnOutput, Duration, Fn, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ASSERTION_STACK_NAME, DIAL_IN_STACK_NAME, INTEG_REGIONS } from './names';
import {
  ANSWER_PATHS, ATTRIBUTES_AFTER_INBOUND_CALL, ATTRIBUTES_AFTER_PIN, hangupEvent, inboundCallEvent, JOIN_TOKEN_PATTERN, pinEnteredEvent,
  SMOKE_CALL_LEG_A, SMOKE_CALL_PIN, SMOKE_CALL_PIN_EXPIRES_AT, SmokeCallIdentity,
} from './smoke-call';
import { MeetingDialIn, SipMediaApplicationProvisioning } from '../../src';
import { directoryItem } from '../../src/dial-in/meeting-directory';

/** What the dial-in integration test is made of. */
export interface DialInInteg {
  readonly app: App;
  readonly stack: Stack;
  readonly assertionStack: Stack;
  readonly dialIn: MeetingDialIn;
  readonly integ: IntegTest;
}

/**
 * Builds the dial-in integration test into `app`. The stacks are environment-agnostic: a run deploys
 * them to the region of its environment, and the snapshot is the same for both regions.
 */
export function buildDialInInteg(app: App): DialInInteg {
  const stack = new Stack(app, DIAL_IN_STACK_NAME);
  const dialIn = new MeetingDialIn(stack, 'DialIn', {
    // The stack is environment-agnostic and runs in us-west-2 too, whose CloudFormation has no
    // AWS::Chime::SipMediaApplication: the Voice API provisions it in both regions.
    sipMediaApplicationProvisioning: SipMediaApplicationProvisioning.VOICE_API,
    // A run must leave nothing billed behind: the number is released, the table deleted.
    phoneNumberOptions: { removalPolicy: RemovalPolicy.DESTROY },
    meetingDirectoryRemovalPolicy: RemovalPolicy.DESTROY,
    handlerOptions: { logGroup: new logs.LogGroup(stack, 'HandlerLogs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY }) },
  });
  // What no prop reaches (the provisioning provider's log groups) is deleted with the stack too.
  RemovalPolicies.of(stack).destroy();

  const assertionStack = new Stack(app, ASSERTION_STACK_NAME);
  const integ = new IntegTest(app, 'DialInInteg', {
    testCases: [stack],
    assertionStack,
    regions: INTEG_REGIONS,
    // The committed snapshot is checked, never deployed first: each run orders a number once.
    stackUpdateWorkflow: false,
    diffAssets: false,
  });
  RemovalPolicies.of(assertionStack).destroy();

  assertResources(integ, dialIn);
  playSmokeCall(integ, dialIn, assertionStack);
  return { app, stack, assertionStack, dialIn, integ };
}

/** The number reaches Assigned, the SIP rule is enabled and targets the application, whose endpoint is the handler. */
function assertResources(integ: IntegTest, dialIn: MeetingDialIn): void {
  // A number's order completes asynchronously, and the number is Assigned once the SIP rule uses it
  // (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_GetPhoneNumber.html).
  integ.assertions.awsApiCall('ChimeSDKVoice', 'getPhoneNumber', { PhoneNumberId: dialIn.phoneNumber.e164PhoneNumber })
    .expect(ExpectedResult.objectLike({ PhoneNumber: { E164PhoneNumber: dialIn.phoneNumber.e164PhoneNumber, Status: 'Assigned' } }))
    .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15), backoffRate: 1 });

  integ.assertions.awsApiCall('ChimeSDKVoice', 'getSipRule', { SipRuleId: dialIn.sipRule.sipRuleId })
    .expect(ExpectedResult.objectLike({
      SipRule: {
        Disabled: false,
        TriggerType: 'ToPhoneNumber',
        TriggerValue: dialIn.phoneNumber.e164PhoneNumber,
        TargetApplications: [{ SipMediaApplicationId: dialIn.sipMediaApplication.sipMediaApplicationId, Priority: 1, AwsRegion: Aws.REGION }],
      },
    }));

  integ.assertions.awsApiCall('ChimeSDKVoice', 'getSipMediaApplication', { SipMediaApplicationId: dialIn.sipMediaApplication.sipMediaApplicationId })
    .expect(ExpectedResult.objectLike({
      SipMediaApplication: { AwsRegion: Aws.REGION, Endpoints: [{ LambdaArn: dialIn.handler.functionArn }] },
    }));
}

/**
 * A dial-in call without a phone: a real meeting and PIN, the handler invoked with the call's
 * events as the SIP media application would send them, and the meeting deleted at the end.
 */
function playSmokeCall(integ: IntegTest, dialIn: MeetingDialIn, assertStack: Stack): void {
  const identity: SmokeCallIdentity = {
    accountId: Aws.ACCOUNT_ID,
    region: Aws.REGION,
    sipMediaApplicationId: dialIn.sipMediaApplication.sipMediaApplicationId,
    sipRuleId: dialIn.sipRule.sipRuleId,
    dialInNumber: dialIn.phoneNumber.e164PhoneNumber,
  };

  // The stack ID is new with every deployment: an idempotency token that never reuses an old meeting.
  const createMeeting = integ.assertions.awsApiCall('ChimeSDKMeetings', 'createMeeting', {
    ClientRequestToken: Fn.select(2, Fn.split('/', assertStack.stackId)),
    ExternalMeetingId: 'cdk-chime-meeting-dialin integ',
    MediaRegion: Aws.REGION,
  });
  const meetingId = createMeeting.getAttString('Meeting.MeetingId');

  const registerPin = integ.assertions.awsApiCall('DynamoDB', 'putItem', {
    TableName: dialIn.meetingDirectory.tableName,
    // The meeting was created in this region: the handler manages its attendees there.
    Item: directoryItem(SMOKE_CALL_PIN, { meetingId, meetingRegion: Aws.REGION, expiresAt: SMOKE_CALL_PIN_EXPIRES_AT }),
  });

  const invoke = (event: Record<string, unknown>) => integ.assertions.invokeFunction({
    functionName: dialIn.handler.functionName,
    payload: assertStack.toJsonString(event),
  });

  const inboundCall = invoke(inboundCallEvent(identity));
  inboundCall.assertAtPath(`Payload.${ANSWER_PATHS.pinPromptType}`, ExpectedResult.exact('SpeakAndGetDigits'));

  const pinEntered = invoke(pinEnteredEvent(identity, carried(inboundCall, ATTRIBUTES_AFTER_INBOUND_CALL)));
  pinEntered.assertAtPath(`Payload.${ANSWER_PATHS.joinType}`, ExpectedResult.exact('JoinChimeMeeting'));
  expectEqual(integ, assertStack, 'JoinsTheMeeting', ExpectedResult.exact(meetingId), ActualResult.fromAwsApiCall(pinEntered, `Payload.${ANSWER_PATHS.joinMeetingId}`));
  expectEqual(integ, assertStack, 'JoinsLegA', ExpectedResult.exact(SMOKE_CALL_LEG_A), ActualResult.fromAwsApiCall(pinEntered, `Payload.${ANSWER_PATHS.joinCallId}`));
  expectEqual(integ, assertStack, 'CarriesAJoinToken', ExpectedResult.stringLikeRegexp(JOIN_TOKEN_PATTERN), ActualResult.fromAwsApiCall(pinEntered, `Payload.${ANSWER_PATHS.joinToken}`));

  // The caller's attendee is in the real meeting.
  const attendeeInMeeting = integ.assertions.awsApiCall('ChimeSDKMeetings', 'listAttendees', { MeetingId: meetingId })
    .expect(ExpectedResult.objectLike({ Attendees: [Match.objectLike({ AttendeeId: pinEntered.getAttString('Payload.TransactionAttributes.attendeeId') })] }));

  const hangup = invoke(hangupEvent(identity, carried(pinEntered, ATTRIBUTES_AFTER_PIN)));
  hangup.assertAtPath('Payload.SchemaVersion', ExpectedResult.exact('1.0'));

  // The handler deletes the caller's attendee when LEG-A hangs up.
  const noPhoneAttendee = integ.assertions.awsApiCall('ChimeSDKMeetings', 'listAttendees', { MeetingId: meetingId })
    .expect(ExpectedResult.objectLike({ Attendees: [] }))
    .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(10), backoffRate: 1 });

  const deleteMeeting = integ.assertions.awsApiCall('ChimeSDKMeetings', 'deleteMeeting', { MeetingId: meetingId });

  sequence(createMeeting, registerPin, inboundCall, pinEntered, attendeeInMeeting, hangup, noPhoneAttendee, deleteMeeting);
}

/** The TransactionAttributes of an answer, as the SIP media application sends them with the next event. */
function carried(answer: IApiCall, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, answer.getAttString(`Payload.TransactionAttributes.${key}`)]));
}

/**
 * `integ.assertions.expect`, with an output name that depends on `id` only: integ-tests-alpha names
 * it after a hash of the unresolved token of `actual`, which changes with every token created before.
 */
function expectEqual(integ: IntegTest, assertStack: Stack, id: string, expected: ExpectedResult, actual: ActualResult): void {
  integ.assertions.expect(id, expected, actual);
  const output = assertStack.node.findChild(`EqualsAssertion${id}`).node.findChild('AssertionResults') as CfnOutput;
  output.overrideLogicalId(`AssertionResults${id}`);
}

function sequence(...calls: IApiCall[]): void {
  calls.reduce((previous, next) => previous.next(next));
}
