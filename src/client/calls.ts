import type { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { DialInClientError } from './errors';
import { requireE164, requireMeetingId, requireText } from './validation';
import { voiceSdk } from '../dial-in/aws-sdk';
import { CALL_UPDATE_ACTION, CALL_UPDATE_ACTIONS, CallUpdateAction, DIAL_OUT_ARGUMENTS } from '../dial-in/call-arguments';

/** Options of {@link dialOut}. */
export interface DialOutOptions {
  /** The Voice client (region of the SIP media application). */
  readonly voice: ChimeSDKVoiceClient;
  /** `MeetingDialIn.sipMediaApplication.sipMediaApplicationId`. */
  readonly sipMediaApplicationId: string;
  /** The number the call comes from: one the account holds, e.g. `MeetingDialIn.phoneNumber`. */
  readonly fromPhoneNumber: string;
  /** The phone to call, in E.164. */
  readonly toPhoneNumber: string;
  /** The meeting to bring the callee into. */
  readonly meetingId: string;
  /** Whether the callee must press 1 to join (so voicemail never joins). Default: the handler's setting (on). */
  readonly confirm?: boolean;
}

/** Calls a phone and, once it answers (and confirms), joins it to the meeting. Returns the TransactionId. */
export async function dialOut(options: DialOutOptions): Promise<string> {
  const argumentsMap: Record<string, string> = { [DIAL_OUT_ARGUMENTS.meetingId]: requireMeetingId('meetingId', options.meetingId) };
  if (options.confirm !== undefined) {
    argumentsMap[DIAL_OUT_ARGUMENTS.confirm] = String(options.confirm);
  }
  const sdk = voiceSdk();
  const response = await options.voice.send(new sdk.CreateSipMediaApplicationCallCommand({
    SipMediaApplicationId: requireText('sipMediaApplicationId', options.sipMediaApplicationId),
    FromPhoneNumber: requireE164('fromPhoneNumber', options.fromPhoneNumber),
    ToPhoneNumber: requireE164('toPhoneNumber', options.toPhoneNumber),
    ArgumentsMap: argumentsMap,
  }));
  const transactionId = response.SipMediaApplicationCall?.TransactionId;
  if (!transactionId) {
    throw new Error('CreateSipMediaApplicationCall returned no TransactionId');
  }
  return transactionId;
}

/** Options of {@link updateCall}. */
export interface UpdateCallOptions {
  readonly voice: ChimeSDKVoiceClient;
  readonly sipMediaApplicationId: string;
  /** The call's TransactionId (from `dialOut`, or the meeting's attendee records). */
  readonly transactionId: string;
  /** `mute`, `unmute` or `remove` the phone attendee. */
  readonly action: CallUpdateAction;
}

/**
 * Asks the call's handler to mute, unmute or remove its phone attendee. The handler runs
 * asynchronously (UpdateSipMediaApplicationCall answers 202 before it does, docs/sma-model.md#call-updates).
 */
export async function updateCall(options: UpdateCallOptions): Promise<void> {
  if (!CALL_UPDATE_ACTIONS.includes(options.action)) {
    throw new DialInClientError('action', options.action, `use ${CALL_UPDATE_ACTIONS.join(', ')}`);
  }
  const sdk = voiceSdk();
  await options.voice.send(new sdk.UpdateSipMediaApplicationCallCommand({
    SipMediaApplicationId: requireText('sipMediaApplicationId', options.sipMediaApplicationId),
    TransactionId: requireText('transactionId', options.transactionId),
    Arguments: { [CALL_UPDATE_ACTION]: options.action },
  }));
}
