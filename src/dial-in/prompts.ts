import {
  DigitCollectionOptions,
  playAudio,
  playAudioAndGetDigits,
  S3ObjectOptions,
  SmaAction,
  speak,
  speakAndGetDigits,
  SpeechOptions,
} from '../sma';

/** The moments the call flow speaks to the caller. */
export type PromptName =
  | 'enterPin'
  | 'wrongPin'
  | 'noPin'
  | 'tooManyAttempts'
  | 'joining'
  | 'meetingEnded'
  | 'meetingNotStarted'
  | 'waitingForMeeting'
  | 'joinFailed'
  | 'removed'
  | 'confirmDialOut'
  | 'goodbye'
  | 'apology'
  | 'hold'
  | 'pinNotChecked'
  | 'tooManyGuesses'
  | 'muted'
  | 'unmuted'
  | 'waitingRoom'
  | 'lobbyTimedOut';

/** A prompt read by Amazon Polly, or a WAV file in S3 played as is. */
export type Prompt = { readonly text: string } | { readonly audio: S3ObjectOptions };

/** The Polly voice of text prompts (docs/sma-model.md#speak). */
export interface VoiceOptions {
  /** Polly voice. Default: the service's (Joanna). */
  readonly voiceId?: string;
  /** `standard` or `neural`. Default: the service's (standard). */
  readonly engine?: 'standard' | 'neural';
  /** Polly language code, e.g. `en-US`. Default: the voice's. */
  readonly languageCode?: string;
}

/** The words the call flow uses when the user configures none. */
export const DEFAULT_PROMPTS: Readonly<Record<PromptName, Prompt>> = {
  enterPin: { text: 'Welcome. Please enter your meeting PIN, followed by the pound key.' },
  wrongPin: { text: 'That PIN was not recognized. Please enter your meeting PIN, followed by the pound key.' },
  noPin: { text: 'We did not receive a PIN. Please enter your meeting PIN, followed by the pound key.' },
  tooManyAttempts: { text: 'Sorry, that PIN was not recognized. Please check your invitation and call again. Goodbye.' },
  joining: { text: 'Joining your meeting.' },
  meetingEnded: { text: 'The meeting has ended. Goodbye.' },
  meetingNotStarted: { text: 'The meeting has not started yet. Please call again when it has started. Goodbye.' },
  waitingForMeeting: { text: 'The meeting has not started yet. Please hold: you will join as soon as it starts.' },
  joinFailed: { text: 'Sorry, we could not connect you to the meeting. Please try again later. Goodbye.' },
  removed: { text: 'You have been removed from the meeting. Goodbye.' },
  confirmDialOut: { text: 'You are invited to join a meeting. Press 1 to join.' },
  goodbye: { text: 'Goodbye.' },
  apology: { text: 'Sorry, something went wrong. Please try again later. Goodbye.' },
  hold: { text: 'One moment, please.' },
  pinNotChecked: { text: 'Sorry, we could not check that PIN. Please enter your meeting PIN again, followed by the pound key.' },
  tooManyGuesses: { text: 'Too many wrong PINs came from this number. Please try again later. Goodbye.' },
  muted: { text: 'You are muted.' },
  unmuted: { text: 'You are unmuted.' },
  waitingRoom: { text: 'You are in the waiting room. Please hold: the host will let you into the meeting.' },
  lobbyTimedOut: { text: 'No one has let you into the meeting. Please try again later. Goodbye.' },
};

/** Builds the actions that say prompts to one leg, in the configured voice. */
export class PromptBook {
  constructor(
    private readonly prompts: Readonly<Record<PromptName, Prompt>>,
    private readonly voice: VoiceOptions,
  ) {}

  /** Whether the prompt is a WAV file (its length is not known to the flow). */
  public isAudio(name: PromptName): boolean {
    return 'audio' in this.prompts[name];
  }

  /** The prompt as a Speak or PlayAudio action on `callId`. */
  public say(name: PromptName, callId: string): SmaAction {
    const prompt = this.prompts[name];
    return 'audio' in prompt
      ? playAudio({ audioSource: prompt.audio, callId })
      : speak({ ...this.speech(prompt.text), callId });
  }

  /**
   * The prompt followed by digit collection on `callId`; `failure` is what the service says
   * between attempts when the input does not match.
   */
  public ask(name: PromptName, failure: PromptName, callId: string, collection: DigitCollectionOptions): SmaAction {
    const prompt = this.prompts[name];
    const failurePrompt = this.prompts[failure];
    if ('audio' in prompt && 'audio' in failurePrompt) {
      return playAudioAndGetDigits({ ...collection, callId, audioSource: prompt.audio, failureAudioSource: failurePrompt.audio });
    }
    if ('text' in prompt && 'text' in failurePrompt) {
      return speakAndGetDigits({
        ...collection,
        callId,
        speechParameters: this.speech(prompt.text),
        failureSpeechParameters: this.speech(failurePrompt.text),
      });
    }
    throw new Error(`prompts "${name}" and "${failure}" must both be text or both be audio: they are played by one action.`);
  }

  private speech(text: string): SpeechOptions {
    return { text, voiceId: this.voice.voiceId, engine: this.voice.engine, languageCode: this.voice.languageCode };
  }
}
