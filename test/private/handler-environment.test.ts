import { HANDLER_CONFIG_VARIABLE, parseHandlerEnvironment, renderHandlerEnvironment } from '../../src/private/handler-environment';

function parse(config: unknown) {
  return parseHandlerEnvironment({ [HANDLER_CONFIG_VARIABLE]: JSON.stringify(config) });
}

describe('the handler environment contract', () => {
  it('round-trips what the constructs render', () => {
    const config = {
      directoryTableName: 'dir',
      pinLength: 8,
      prompts: { enterPin: { text: 'PIN please' }, goodbye: { audio: { bucketName: 'prompts', key: 'bye.wav' } } },
      voice: { voiceId: 'Lea', engine: 'neural' as const, languageCode: 'fr-FR' },
      callerIdentity: 'anonymous' as const,
      confirmDialOut: false,
      selfMuteDigits: false as const,
      meetingsRegion: 'us-east-1',
      meetingRegions: ['us-east-1', 'eu-central-1'],
      pinGuesses: { maxFailures: 5, windowSeconds: 600, hashKey: 'stack-id/addr' },
      waitingRoom: { lobbyTimeoutMs: 1_800_000 },
    };

    expect(parseHandlerEnvironment(renderHandlerEnvironment(config))).toEqual(config);
  });

  it('says which variable is missing', () => {
    expect(() => parseHandlerEnvironment({})).toThrow(`${HANDLER_CONFIG_VARIABLE} is not set`);
  });

  it.each<[unknown, string]>([
    ['not json', 'is not valid JSON'],
    [[], 'must be a JSON object'],
    [{}, `${HANDLER_CONFIG_VARIABLE}.directoryTableName is required`],
    [{ directoryTableName: 'dir', pinLength: '6' }, `${HANDLER_CONFIG_VARIABLE}.pinLength "6" is invalid: use a whole number`],
    [{ directoryTableName: 'dir', callerIdentity: 'shown' }, 'callerIdentity "shown" is invalid: use masked, full or anonymous'],
    [{ directoryTableName: 'dir', prompts: { hello: { text: 'hi' } } }, 'prompts {"hello":{"text":"hi"}} is invalid'],
    [{ directoryTableName: 'dir', prompts: { goodbye: { text: '' } } }, 'prompts {"goodbye":{"text":""}} is invalid'],
    [{ directoryTableName: 'dir', voice: { voice: 'Lea' } }, 'voice {"voice":"Lea"} is invalid'],
    [{ directoryTableName: 'dir', meetingRegions: [] }, 'meetingRegions [] is invalid: use a non-empty array of region names'],
    [{ directoryTableName: 'dir', meetingRegions: 'us-east-1' }, 'meetingRegions "us-east-1" is invalid'],
    [{ directoryTableName: 'dir', pinLenght: 6 }, `${HANDLER_CONFIG_VARIABLE}.pinLenght is not a setting of this handler version`],
    [{ directoryTableName: 'dir', pinGuesses: { maxFailures: 5 } }, 'pinGuesses {"maxFailures":5} is invalid: use an object with a non-empty hashKey'],
    [{ directoryTableName: 'dir', pinGuesses: { hashKey: 'k', maxFailures: '5' } }, 'pinGuesses {"hashKey":"k","maxFailures":"5"} is invalid'],
    [{ directoryTableName: 'dir', waitingRoom: true }, 'waitingRoom true is invalid: use an object with an optional whole-number lobbyTimeoutMs'],
    [{ directoryTableName: 'dir', waitingRoom: { lobbyTimeout: 60 } }, 'waitingRoom {"lobbyTimeout":60} is invalid'],
  ])('rejects %j naming the field', (config, message) => {
    const raw = typeof config === 'string' ? config : JSON.stringify(config);

    expect(() => parseHandlerEnvironment({ [HANDLER_CONFIG_VARIABLE]: raw })).toThrow(message);
  });

  it('accepts the minimal configuration', () => {
    expect(parse({ directoryTableName: 'dir' })).toEqual({ directoryTableName: 'dir' });
  });
});
