import * as fc from 'fast-check';
import { LEG_A, loadSmaFixture, MEETING_ID, smaFixtureNames } from './fixtures';
import {
  callAndBridge, checkSmaResponse, createSmaRouter, hangup, joinChimeMeeting, modifyChimeMeetingAttendees, parseSmaEvent, pause, pauseCallRecording,
  playAudio, playAudioAndGetDigits, receiveDigits, recordAudio, resumeCallRecording, sendDigits, SmaValidationError, speak, speakAndGetDigits,
  startBotConversation, startCallRecording, stopCallRecording, STRICT_ACTION_RULES, validateAction, validateSmaResponse, voiceFocus,
} from '../../src/sma';

// Fixed seeds: a failure is reproducible, and a run is the same on every machine.
const SEED = 20261125;

/** Runs `run`; any throw other than SmaValidationError fails the property. Returns whether it succeeded. */
function succeeds(run: () => void): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (error instanceof SmaValidationError) {
      return false;
    }
    throw error;
  }
}

/** A value that differs from `base` at one randomly chosen path (set to anything, or deleted). */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const collect = (value: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        collect(item, [...path, Array.isArray(value) ? Number(key) : key]);
      }
    }
  };
  collect(base, []);
  return fc.tuple(fc.nat({ max: paths.length - 1 }), fc.oneof(fc.anything(), fc.jsonValue(), fc.constant(undefined)), fc.boolean())
    .map(([index, replacement, remove]) => {
      const copy: unknown = JSON.parse(JSON.stringify(base));
      const path = paths[index];
      if (path.length === 0) {
        return replacement;
      }
      let parent = copy as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) {
        parent = parent[key] as Record<string | number, unknown>;
      }
      if (remove) {
        delete parent[path[path.length - 1]];
      } else {
        parent[path[path.length - 1]] = replacement;
      }
      return copy;
    });
}

const prompt = { bucketName: 'dial-in-prompts', key: 'welcome.wav' };

/** Each builder with options it accepts; the properties feed it those options changed at random. */
const BUILDERS: [string, (options: never) => unknown, unknown][] = [
  ['callAndBridge', callAndBridge, { callerIdNumber: '+12065550100', endpoints: [{ bridgeEndpointType: 'PSTN', uri: '+15105550101' }], callTimeoutSeconds: 30 }],
  ['hangup', hangup, { callId: LEG_A, sipResponseCode: 0 }],
  ['joinChimeMeeting', joinChimeMeeting, { joinToken: 'token-1', callId: LEG_A, participantTag: 'LEG-A', meetingId: MEETING_ID }],
  ['modifyChimeMeetingAttendees', modifyChimeMeetingAttendees, { operation: 'Mute', meetingId: MEETING_ID, attendeeList: [MEETING_ID], participantTag: 'LEG-B' }],
  ['pause', pause, { durationInMilliseconds: 1000, participantTag: 'LEG-A' }],
  ['playAudio', playAudio, { audioSource: prompt, repeat: 2, playbackTerminators: ['#'] }],
  ['playAudioAndGetDigits', playAudioAndGetDigits, { audioSource: prompt, failureAudioSource: prompt, repeatDurationInMilliseconds: 5000, minNumberOfDigits: 4 }],
  ['receiveDigits', receiveDigits, { inputDigitsRegex: '^\\d$', inBetweenDigitsDurationInMilliseconds: 1000, flushDigitsDurationInMilliseconds: 5000 }],
  ['recordAudio', recordAudio, { recordingDestination: { bucketName: 'recordings' }, recordingTerminators: ['#'], silenceThreshold: 100 }],
  ['sendDigits', sendDigits, { callId: LEG_A, digits: '12#', toneDurationInMilliseconds: 100 }],
  ['speak', speak, { callId: LEG_A, text: 'Hello', voiceId: 'Joanna' }],
  ['speakAndGetDigits', speakAndGetDigits, { callId: LEG_A, speechParameters: { text: 'PIN?' }, failureSpeechParameters: { text: 'No.' }, repeatDurationInMilliseconds: 5000 }],
  ['startBotConversation', startBotConversation, {
    botAliasArn: 'arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/TSTALIASID',
    configuration: { sessionState: { dialogAction: { type: 'ElicitIntent' } }, welcomeMessages: [{ content: 'Hi', contentType: 'PlainText' }] },
  }],
  ['startCallRecording', startCallRecording, { callId: LEG_A, track: 'BOTH', destination: { location: 'recordings/calls' } }],
  ['stopCallRecording', stopCallRecording, { callId: LEG_A }],
  ['pauseCallRecording', pauseCallRecording, { callId: LEG_A }],
  ['resumeCallRecording', resumeCallRecording, { callId: LEG_A }],
  ['voiceFocus', voiceFocus, { enable: true, callId: LEG_A }],
];

describe('property: builders either throw SmaValidationError or return an action that re-validates', () => {
  it.each(BUILDERS)('%s', (_name, build, valid) => {
    let built = 0;
    let rejected = 0;
    const options = fc.oneof(
      { weight: 1, arbitrary: fc.anything() },
      { weight: 1, arbitrary: fc.constant(valid) },
      { weight: 4, arbitrary: mutated(valid) },
    );
    fc.assert(fc.property(options, (input) => {
      let action: unknown;
      if (succeeds(() => { action = build(input as never); })) {
        built += 1;
        expect(validateAction(action, { rules: STRICT_ACTION_RULES })).toEqual(action);
        expect(JSON.parse(JSON.stringify(action))).toEqual(action);
      } else {
        rejected += 1;
      }
    }), { numRuns: 300, seed: SEED });
    // Both outcomes must occur, or the property says nothing.
    expect(built).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('property: parseSmaEvent throws nothing but SmaValidationError', () => {
  it('on arbitrary JSON and arbitrary values', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => {
      succeeds(() => parseSmaEvent(input));
    }), { numRuns: 500, seed: SEED });
  });

  it.each(smaFixtureNames())('on %s changed at one random place; what it accepts parses again to the same event', (name) => {
    let parsed = 0;
    fc.assert(fc.property(mutated(loadSmaFixture(name)), (input) => {
      let event: unknown;
      if (succeeds(() => { event = parseSmaEvent(input); })) {
        parsed += 1;
        expect(parseSmaEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
      }
    }), { numRuns: 150, seed: SEED });
    expect(parsed).toBeGreaterThan(0);
  });
});

describe('property: the router always returns a valid response and never rejects', () => {
  const anyEvent = fc.oneof(
    { weight: 1, arbitrary: fc.anything() },
    {
      weight: 6,
      arbitrary: fc.constantFrom(...smaFixtureNames()).chain((name) => fc.oneof(fc.constant(loadSmaFixture(name)), mutated(loadSmaFixture(name)))),
    },
  );
  const anyOutcome = fc.oneof(
    fc.record({ kind: fc.constant('return' as const), value: fc.anything() }),
    fc.record({ kind: fc.constant('return' as const), value: fc.array(fc.oneof(fc.anything(), fc.constant(hangup()), fc.constant({ Type: 'Speak', Parameters: {} }))) }),
    fc.record({ kind: fc.constant('throw' as const), value: fc.anything() }),
    fc.record({ kind: fc.constant('valid' as const), value: fc.constant(undefined) }),
  );
  const options = { onError: () => undefined, onWarning: () => undefined };

  it('with handlers that return or throw anything (cheap check)', async () => {
    await fc.assert(fc.asyncProperty(anyEvent, anyOutcome, async (input, outcome) => {
      const router = createSmaRouter(options);
      router.on('NEW_INBOUND_CALL', () => respond(outcome)).onActionSuccessful('JoinChimeMeeting', () => respond(outcome))
        .on('HANGUP', () => respond(outcome)).on('ACTION_FAILED', () => respond(outcome));
      const response = await router.handler(input);
      expect(checkSmaResponse(response, options)).toEqual(response);
    }), { numRuns: 400, seed: SEED });
  });

  it('with handlers that return or throw anything (full check)', async () => {
    await fc.assert(fc.asyncProperty(anyEvent, anyOutcome, async (input, outcome) => {
      const router = createSmaRouter({ ...options, validateAction }).on('NEW_INBOUND_CALL', () => respond(outcome)).on('HANGUP', () => respond(outcome));
      const response = await router.handler(input);
      expect(validateSmaResponse(response, options)).toEqual(response);
    }), { numRuns: 400, seed: SEED });
  });

  it('with no handlers: every default passes the full check', async () => {
    await fc.assert(fc.asyncProperty(anyEvent, async (input) => {
      const response = await createSmaRouter(options).handler(input);
      expect(validateSmaResponse(response, { ...options, actionRules: STRICT_ACTION_RULES })).toEqual(response);
    }), { numRuns: 400, seed: SEED });
  });
});

function respond(outcome: { kind: 'return' | 'throw' | 'valid'; value: unknown }): never {
  if (outcome.kind === 'throw') {
    throw outcome.value;
  }
  return (outcome.kind === 'valid' ? [hangup()] : outcome.value) as never;
}
