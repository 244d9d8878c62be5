import type { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callRecordTableName, fromPhoneNumberOf, meetingRegionsOf, sipMediaApplicationIdOf } from './backend-defaults';
import { DialInClientError } from './errors';
import { requireAttendeeId, requireE164, requireMeeting, requireMeetingId, requireText } from './validation';
import { dynamoDbSdk, voiceSdk } from '../dial-in/aws-sdk';
import { CALL_UPDATE_ACTION, CALL_UPDATE_ACTIONS, CallUpdateAction, DIAL_OUT_ARGUMENTS } from '../dial-in/call-arguments';
import { CALL_RECORD_ATTRIBUTES, CallRecord, callRecordKey } from '../dial-in/call-records';
import { DIRECTORY_ATTRIBUTES } from '../dial-in/meeting-directory';

/** Options of {@link dialOut}. */
export interface DialOutOptions {
  /** The Voice client (region of the SIP media application). */
  readonly voice: ChimeSDKVoiceClient;
  /**
   * `MeetingDialIn.sipMediaApplication.sipMediaApplicationId`.
   * Default: `CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_ID` (set by `MeetingDialIn.connectBackend`).
   */
  readonly sipMediaApplicationId?: string;
  /**
   * The number the call comes from: one the account holds, e.g. `MeetingDialIn.phoneNumber`.
   * Default: the first of `CDK_CHIME_DIALIN_PHONE_NUMBERS` (set by `MeetingDialIn.connectBackend`).
   */
  readonly fromPhoneNumber?: string;
  /** The phone to call, in E.164. */
  readonly toPhoneNumber: string;
  /** The meeting to bring the callee into. Default: `meeting.MeetingId`; give one of the two. */
  readonly meetingId?: string;
  /** The `Meeting` of the CreateMeeting response; its MeetingArn gives the meeting's control region. */
  readonly meeting?: { readonly MeetingId?: string; readonly MeetingArn?: string };
  /**
   * The control region the meeting was created in. Default: the region of `meeting.MeetingArn`;
   * without either, the handler's default region.
   */
  readonly meetingRegion?: string;
  /**
   * The dial-in's `meetingRegions` (`MeetingDialIn.meetingRegions`): a meeting in another region is
   * refused here, before any call is placed. Default: `CDK_CHIME_DIALIN_MEETING_REGIONS` (set by
   * `MeetingDialIn.connectBackend`); without it, not checked here (the handler refuses it).
   */
  readonly meetingRegions?: readonly string[];
  /** Whether the callee must press 1 to join (so voicemail never joins). Default: the handler's setting (on). */
  readonly confirm?: boolean;
}

/** Calls a phone and, once it answers (and confirms), joins it to the meeting. Returns the TransactionId. */
export async function dialOut(options: DialOutOptions): Promise<string> {
  const { meetingId, meetingRegion } = meetingToDial(options);
  const argumentsMap: Record<string, string> = { [DIAL_OUT_ARGUMENTS.meetingId]: meetingId };
  if (meetingRegion) {
    argumentsMap[DIAL_OUT_ARGUMENTS.meetingRegion] = meetingRegion;
  }
  if (options.confirm !== undefined) {
    argumentsMap[DIAL_OUT_ARGUMENTS.confirm] = String(options.confirm);
  }
  const sdk = voiceSdk();
  const response = await options.voice.send(new sdk.CreateSipMediaApplicationCallCommand({
    SipMediaApplicationId: sipMediaApplicationIdOf(options.sipMediaApplicationId),
    FromPhoneNumber: requireE164('fromPhoneNumber', fromPhoneNumberOf(options.fromPhoneNumber)),
    ToPhoneNumber: requireE164('toPhoneNumber', options.toPhoneNumber),
    ArgumentsMap: argumentsMap,
  }));
  const transactionId = response.SipMediaApplicationCall?.TransactionId;
  if (!transactionId) {
    throw new Error('CreateSipMediaApplicationCall returned no TransactionId');
  }
  return transactionId;
}

/** A phone attendee as the web app sees it in its roster. */
export interface PhoneAttendeeRef {
  /** The meeting's MeetingId. */
  readonly meetingId: string;
  /** The phone attendee's AttendeeId. */
  readonly attendeeId: string;
}

/** Where the handler records its calls: the meeting directory table. */
export interface CallRecordTable {
  /** The DynamoDB client (region and credentials of the app's backend; `MeetingDialIn.grantReadCallRecords`). */
  readonly dynamodb: DynamoDBClient;
  /**
   * `MeetingDialIn.meetingDirectory.tableName`.
   * Default: `CDK_CHIME_DIALIN_CALL_RECORD_TABLE` (set by `MeetingDialIn.connectBackend`).
   */
  readonly tableName?: string;
  /** The clock a record's expiry is compared with, in milliseconds. Default: `Date.now`. */
  readonly now?: () => number;
}

/** Options of {@link updateCall}. */
export interface UpdateCallOptions {
  /** The Voice client, in the region of the SIP media application. */
  readonly voice: ChimeSDKVoiceClient;
  /**
   * For a call that a failover moved to a SIP media application in another region: the Voice
   * client of that region. Default: `voice`, whose region must then be the call's.
   */
  readonly voiceFor?: (region: string) => ChimeSDKVoiceClient;
  /**
   * The SIP media application of `transactionId`. Not needed with `attendee` (the call record names it).
   * Default: `CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_ID` (set by `MeetingDialIn.connectBackend`).
   */
  readonly sipMediaApplicationId?: string;
  /** The call's TransactionId, as `dialOut` returns it. Give this or `attendee`. */
  readonly transactionId?: string;
  /** The phone attendee to update, by the ids in the meeting's roster; needs `callRecords`. */
  readonly attendee?: PhoneAttendeeRef;
  /** Where the handler recorded the call of `attendee`. */
  readonly callRecords?: CallRecordTable;
  /** `mute`, `unmute` or `remove` the phone attendee. */
  readonly action: CallUpdateAction;
}

/**
 * Asks the call's handler to mute, unmute or remove its phone attendee, given the call's
 * TransactionId or the attendee's ids (dial-in and dial-out callers alike). The handler runs
 * asynchronously (UpdateSipMediaApplicationCall answers 202 before it does,
 * https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_UpdateSipMediaApplicationCall.html).
 * An attendee whose caller has hung up fails with a {@link DialInClientError} naming the attendee.
 */
export async function updateCall(options: UpdateCallOptions): Promise<void> {
  if (!CALL_UPDATE_ACTIONS.includes(options.action)) {
    throw new DialInClientError('action', options.action, `use ${CALL_UPDATE_ACTIONS.join(', ')}`);
  }
  if ((options.transactionId === undefined) === (options.attendee === undefined)) {
    throw new DialInClientError('transactionId', options.transactionId, 'give either transactionId or attendee, not both and not neither');
  }
  if (options.transactionId !== undefined) {
    await sendUpdate(options.voice, sipMediaApplicationIdOf(options.sipMediaApplicationId),
      requireText('transactionId', options.transactionId), options.action);
    return;
  }
  const attendee = options.attendee!;
  const record = await readCallRecord({ ...requireCallRecords(options.callRecords), attendee });
  if (!record) {
    throw new DialInClientError('attendee', attendee, 'has no live phone call: the caller has hung up, or the attendee is not a phone caller');
  }
  const voice = await voiceForCall(options, record);
  try {
    await sendUpdate(voice, record.sipMediaApplicationId, record.transactionId, options.action);
  } catch (error) {
    if (error instanceof voiceSdk().NotFoundException) {
      throw new DialInClientError('attendee', attendee, 'has no live phone call: the caller has hung up');
    }
    throw error;
  }
}

/** Options of {@link readCallRecord}. */
export interface ReadCallRecordOptions extends CallRecordTable {
  /** The phone attendee, by the ids in the meeting's roster. */
  readonly attendee: PhoneAttendeeRef;
}

/** The call of a phone attendee in a meeting, while it lasts; undefined once the caller has hung up. */
export async function readCallRecord(options: ReadCallRecordOptions): Promise<CallRecord | undefined> {
  const meetingId = requireMeetingId('attendee.meetingId', options.attendee.meetingId);
  const attendeeId = requireAttendeeId('attendee.attendeeId', options.attendee.attendeeId);
  const sdk = dynamoDbSdk();
  const { Item } = await options.dynamodb.send(new sdk.GetItemCommand({
    TableName: callRecordTableName(options.tableName),
    Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: callRecordKey(meetingId, attendeeId) } },
    ConsistentRead: true,
  }));
  const transactionId = Item?.[CALL_RECORD_ATTRIBUTES.transactionId]?.S;
  const sipMediaApplicationId = Item?.[CALL_RECORD_ATTRIBUTES.sipMediaApplicationId]?.S;
  const expiresAt = Number(Item?.[DIRECTORY_ATTRIBUTES.expiresAt]?.N);
  // DynamoDB deletes expired items only eventually: an expired record counts as absent.
  if (!transactionId || !sipMediaApplicationId || !(expiresAt * 1000 > (options.now ?? Date.now)())) {
    return undefined;
  }
  return {
    meetingId,
    attendeeId,
    transactionId,
    sipMediaApplicationId,
    sipMediaApplicationRegion: Item?.[CALL_RECORD_ATTRIBUTES.sipMediaApplicationRegion]?.S,
    expiresAt,
  };
}

async function sendUpdate(voice: ChimeSDKVoiceClient, sipMediaApplicationId: string, transactionId: string, action: CallUpdateAction): Promise<void> {
  const sdk = voiceSdk();
  await voice.send(new sdk.UpdateSipMediaApplicationCallCommand({
    SipMediaApplicationId: sipMediaApplicationId,
    TransactionId: transactionId,
    Arguments: { [CALL_UPDATE_ACTION]: action },
  }));
}

function requireCallRecords(callRecords: CallRecordTable | undefined): CallRecordTable {
  if (!callRecords) {
    throw new DialInClientError('callRecords', callRecords, 'is required with attendee: the DynamoDB client and the meeting directory table name');
  }
  return callRecords;
}

/** The Voice client of the region whose SIP media application handles the call. */
async function voiceForCall(options: UpdateCallOptions, record: CallRecord): Promise<ChimeSDKVoiceClient> {
  const region = record.sipMediaApplicationRegion;
  if (!region) {
    return options.voice;
  }
  if (options.voiceFor) {
    return options.voiceFor(region);
  }
  const voiceRegion = await options.voice.config.region();
  if (voiceRegion !== region) {
    throw new DialInClientError('voiceFor', undefined,
      `the call is handled by the SIP media application in ${region} (after a failover), but voice is in ${voiceRegion}: pass voiceFor to give a Voice client of that region`);
  }
  return options.voice;
}

/** The meeting and its control Region, checked against the dial-in's `meetingRegions` when given. */
function meetingToDial(options: DialOutOptions): { meetingId: string; meetingRegion?: string } {
  const meeting = requireMeeting(options);
  const meetingRegions = meetingRegionsOf(options.meetingRegions);
  if (meetingRegions && meeting.meetingRegion !== undefined && !meetingRegions.includes(meeting.meetingRegion)) {
    throw new DialInClientError(options.meetingRegion === undefined ? 'meeting.MeetingArn' : 'meetingRegion', meeting.meetingRegion,
      `is not one of the dial-in's meetingRegions (${meetingRegions.join(', ')}): its handler cannot create attendees there; add the region to meetingRegions`);
  }
  return meeting;
}
