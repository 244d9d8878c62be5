import { ActionDefinition } from './action-reader';
import { callAndBridgeSpec } from './call-and-bridge';
import { callRecordingControlSpec, startCallRecordingSpec } from './call-recording';
import { hangupSpec } from './hangup';
import { joinChimeMeetingSpec } from './join-chime-meeting';
import { modifyChimeMeetingAttendeesSpec } from './modify-chime-meeting-attendees';
import { pauseSpec } from './pause';
import { playAudioSpec } from './play-audio';
import { playAudioAndGetDigitsSpec } from './play-audio-and-get-digits';
import { receiveDigitsSpec } from './receive-digits';
import { recordAudioSpec } from './record-audio';
import { sendDigitsSpec } from './send-digits';
import { speakSpec } from './speak';
import { speakAndGetDigitsSpec } from './speak-and-get-digits';
import { startBotConversationSpec } from './start-bot-conversation';
import { voiceFocusSpec } from './voice-focus';
import { SmaActionType } from '../types/actions';

/**
 * The parameter definition of each of the 18 action types (docs/sma-model.md#actions), for `validateAction`. Neither
 * the router nor parseSmaEvent imports this table; a single builder imports only its own definition.
 * @internal
 */
export const ACTION_DEFINITIONS: { readonly [T in SmaActionType]: () => ActionDefinition } = {
  CallAndBridge: callAndBridgeSpec,
  Hangup: hangupSpec,
  JoinChimeMeeting: joinChimeMeetingSpec,
  ModifyChimeMeetingAttendees: modifyChimeMeetingAttendeesSpec,
  Pause: pauseSpec,
  PlayAudio: playAudioSpec,
  PlayAudioAndGetDigits: playAudioAndGetDigitsSpec,
  ReceiveDigits: receiveDigitsSpec,
  RecordAudio: recordAudioSpec,
  SendDigits: sendDigitsSpec,
  Speak: speakSpec,
  SpeakAndGetDigits: speakAndGetDigitsSpec,
  StartBotConversation: startBotConversationSpec,
  StartCallRecording: startCallRecordingSpec,
  StopCallRecording: callRecordingControlSpec,
  PauseCallRecording: callRecordingControlSpec,
  ResumeCallRecording: callRecordingControlSpec,
  VoiceFocus: voiceFocusSpec,
};
