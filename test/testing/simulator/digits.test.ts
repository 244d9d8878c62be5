import { CALLER, DIAL_IN_NUMBER, eventsOfType, Fakes, hangupLegA, legA, rawHandler, respond, simulator, startFakes } from './helpers';
import type { SmaEvent } from '../../../src/sma';

let fakes: Fakes;

beforeEach(async () => {
  fakes = await startFakes();
});

afterEach(async () => {
  await fakes.stop();
});

const PROMPT = 'Enter the code';
/** speech time of PROMPT with the default settings: 200 ms + 60 ms per character */
const PROMPT_MS = 200 + 60 * PROMPT.length;

/** A call whose first action is SpeakAndGetDigits with these parameters; the outcome event is answered with a Hangup. */
async function collect(parameters: Record<string, unknown>) {
  const sim = simulator(fakes, rawHandler((event: SmaEvent) => event.InvocationEventType === 'NEW_INBOUND_CALL'
    ? respond([{
      Type: 'SpeakAndGetDigits',
      Parameters: {
        CallId: legA(event), SpeechParameters: { Text: PROMPT }, FailureSpeechParameters: { Text: 'Try again' }, RepeatDurationInMilliseconds: 3000, ...parameters,
      },
    }])
    : respond(event.InvocationEventType === 'HANGUP' ? [] : [hangupLegA(event)])));
  return sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
}

function outcome(call: Awaited<ReturnType<typeof collect>>) {
  const success = eventsOfType(call, 'ACTION_SUCCESSFUL')[0];
  const failure = eventsOfType(call, 'ACTION_FAILED')[0];
  return success ? { digits: success.ActionData.ReceivedDigits } : failure ? { error: failure.ActionData.ErrorType } : undefined;
}

describe('*AndGetDigits', () => {
  test('the terminator ends input and is not part of the digits; a digit during the prompt interrupts it', async () => {
    const call = await collect({});
    await call.pressDigits('42#');
    expect(outcome(call)).toEqual({ digits: '42' });
  });

  test('MaxNumberOfDigits ends input without a terminator; the extra digits are not part of the result', async () => {
    const call = await collect({ MaxNumberOfDigits: 4 });
    await call.pressDigits('123456');
    expect(outcome(call)).toEqual({ digits: '1234' });
  });

  test('without terminator or maximum, input ends InBetweenDigits after the last digit', async () => {
    const call = await collect({ InBetweenDigitsDurationInMilliseconds: 2000 });
    await call.wait(PROMPT_MS);
    await call.pressDigits('77');
    await call.wait(1999);
    expect(outcome(call)).toBeUndefined();
    await call.wait(1);
    expect(outcome(call)).toEqual({ digits: '77' });
  });

  /** A Speak, then a SpeakAndGetDigits, in one list: the caller presses keys while the Speak plays. */
  async function keysDuringASpeak(settings: Parameters<typeof simulator>[2] = {}) {
    const sim = simulator(fakes, rawHandler((event) => {
      if (event.InvocationEventType === 'NEW_INBOUND_CALL') {
        return respond([{ Type: 'Speak', Parameters: { CallId: legA(event), Text: 'Hello there' } }, {
          Type: 'SpeakAndGetDigits',
          Parameters: { CallId: legA(event), SpeechParameters: { Text: PROMPT }, FailureSpeechParameters: { Text: 'x' }, RepeatDurationInMilliseconds: 3000 },
        }]);
      }
      return respond(event.InvocationEventType === 'HANGUP' ? [] : [hangupLegA(event)]);
    }), settings);
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.pressDigits('9#');
    expect(outcome(call)).toBeUndefined();
    await call.wait(10_000);
    expect(call.prompts).toEqual(['Hello there', PROMPT]);
    return call;
  }

  // https://docs.aws.amazon.com/chime-sdk/latest/dg/listen-to-digits.html: "The SIP media application
  // discards DTMF digits for the duration of a call until it receives a new ReceiveDigits action."
  test('digits pressed while no action collects them (a Speak plays) are discarded: the next collection does not see them', async () => {
    const call = await keysDuringASpeak();
    expect(outcome(call)).toEqual({ error: 'InvalidDigitsReceived' });
    expect(call.transcript.toText()).toContain('digits 9# discarded: Speak takes no digits and no ReceiveDigits is armed');
  });

  test('with digitsWithoutCollector: type-ahead, they wait for the next collection, which takes them', async () => {
    const call = await keysDuringASpeak({ digitsWithoutCollector: 'type-ahead' });
    expect(outcome(call)).toEqual({ digits: '9' });
  });

  test('digits during the failure prompt are the next attempt\'s input', async () => {
    const call = await collect({ MinNumberOfDigits: 2, Repeat: 2 });
    await call.pressDigits('1#');
    expect(call.prompts).toEqual([PROMPT, 'Try again']);
    await call.pressDigits('42#');
    await call.wait(PROMPT_MS);
    expect(outcome(call)).toEqual({ digits: '42' });
  });

  test('too few digits, or digits that do not match InputDigitsRegex, use up an attempt; then ACTION_FAILED', async () => {
    const call = await collect({ MinNumberOfDigits: 3, InputDigitsRegex: '^[12]+$', Repeat: 3 });
    await call.pressDigits('12#');
    await call.wait(PROMPT_MS);
    await call.pressDigits('333#');
    await call.wait(PROMPT_MS);
    expect(outcome(call)).toBeUndefined();
    await call.pressDigits('1212#');
    expect(outcome(call)).toEqual({ digits: '1212' });
    expect(call.prompts).toEqual([PROMPT, 'Try again', PROMPT, 'Try again', PROMPT]);
  });

  test('no input at all: each attempt waits RepeatDuration after its prompt, then the action fails with InvalidDigitsReceived', async () => {
    const call = await collect({ Repeat: 2 });
    await call.wait(60_000);
    expect(outcome(call)).toEqual({ error: 'InvalidDigitsReceived' });
    const failedAt = call.transcript.entries.find((entry) => entry.kind === 'invoke' && entry.event.InvocationEventType === 'ACTION_FAILED')!.t;
    const failurePromptMs = 200 + 60 * 'Try again'.length;
    expect(failedAt).toBe(PROMPT_MS + 3000 + failurePromptMs + PROMPT_MS + 3000);
  });

  test('the ErrorType of a digit failure is a setting', async () => {
    const sim = simulator(fakes, rawHandler((event) => event.InvocationEventType === 'NEW_INBOUND_CALL'
      ? respond([{
        Type: 'PlayAudioAndGetDigits',
        Parameters: {
          ParticipantTag: 'LEG-A',
          AudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'pin.wav' },
          FailureAudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'again.wav' },
          RepeatDurationInMilliseconds: 1000,
        },
      }])
      : respond([])), { digitsFailureErrorType: 'SystemException' });
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.wait(10_000);
    expect(call.prompts).toEqual(['s3://prompts/pin.wav']);
    expect(eventsOfType(call, 'ACTION_FAILED')[0].ActionData.ErrorType).toBe('SystemException');
  });
});

describe('ReceiveDigits', () => {
  test('succeeds at once, then each match of the regex raises DIGITS_RECEIVED; stray digits are cleared after InBetween', async () => {
    const sim = simulator(fakes, rawHandler((event) => {
      if (event.InvocationEventType === 'NEW_INBOUND_CALL') {
        return respond([{ Type: 'Speak', Parameters: { CallId: legA(event), Text: 'Listening' } }, {
          Type: 'ReceiveDigits',
          Parameters: { ParticipantTag: 'LEG-A', InputDigitsRegex: '^\\*\\d$', InBetweenDigitsDurationInMilliseconds: 1000, FlushDigitsDurationInMilliseconds: 5000 },
        }, { Type: 'Pause', Parameters: { DurationInMilliseconds: 60_000 } }]);
      }
      // No action list: the running Pause is not interrupted and keeps the caller company.
      return respond(null);
    }));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.wait(1000);
    await call.pressDigits('*6');
    await call.pressDigits('*');
    await call.wait(1500);
    await call.pressDigits('7');
    await call.wait(1500);
    await call.pressDigits('*1');
    const received = eventsOfType(call, 'DIGITS_RECEIVED');
    expect(eventsOfType(call, 'ACTION_INTERRUPTED')).toEqual([]);
    expect(received.map((event) => event.ActionData.ReceivedDigits)).toEqual(['*6', '*1']);
    expect(received[0].ActionData.Type).toBe('ReceiveDigits');
  });
});

describe('interruptible PlayAudio and RecordAudio', () => {
  test('a PlaybackTerminator stops PlayAudio and completes it; a RecordingTerminator ends RecordAudio with RecordingTerminatorUsed', async () => {
    const sim = simulator(fakes, rawHandler((event) => {
      if (event.InvocationEventType === 'NEW_INBOUND_CALL') {
        return respond([
          { Type: 'PlayAudio', Parameters: { ParticipantTag: 'LEG-A', AudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'hold.wav' }, Repeat: 10, PlaybackTerminators: ['#'] } },
          { Type: 'RecordAudio', Parameters: { RecordingDestination: { Type: 'S3', BucketName: 'recordings' }, RecordingTerminators: ['*'] } },
        ]);
      }
      return respond(event.InvocationEventType === 'HANGUP' ? [] : [hangupLegA(event)]);
    }));
    const call = await sim.inboundCall({ from: CALLER, to: DIAL_IN_NUMBER });
    await call.pressDigits('#');
    await call.wait(2000);
    await call.pressDigits('*');
    const [success] = eventsOfType(call, 'ACTION_SUCCESSFUL');
    expect(success.ActionData).toEqual(expect.objectContaining({
      Type: 'RecordAudio',
      RecordingTerminatorUsed: '*',
      RecordingDestination: { Type: 'S3', BucketName: 'recordings', Key: `${call.transactionId}-${call.legs['LEG-A']!.callId}.wav` },
    }));
    const successAt = call.transcript.entries.find((entry) => entry.kind === 'invoke' && entry.event.InvocationEventType === 'ACTION_SUCCESSFUL')!.t;
    expect(successAt).toBe(2000);
  });
});
