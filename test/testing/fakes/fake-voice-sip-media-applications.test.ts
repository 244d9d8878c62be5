import {
  BadRequestException,
  CreateSipMediaApplicationCommand,
  DeleteSipMediaApplicationCommand,
  GetSipMediaApplicationCommand,
  NotFoundException,
  UpdateSipMediaApplicationCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { fakeVoiceServicePerTest, GUID, rejectionOf } from './sdk-clients';

const voice = fakeVoiceServicePerTest();
const HANDLER = 'arn:aws:lambda:us-west-2:111122223333:function:handler';

function create(region = 'us-west-2', endpoints = [{ LambdaArn: HANDLER }]) {
  return voice.client.send(new CreateSipMediaApplicationCommand({ AwsRegion: region, Name: 'dial-in', Endpoints: endpoints }));
}

describe('SIP media applications', () => {
  test('CreateSipMediaApplication, GetSipMediaApplication, UpdateSipMediaApplication and DeleteSipMediaApplication', async () => {
    const { SipMediaApplication: created } = await create();
    expect(created).toMatchObject({
      SipMediaApplicationId: expect.stringMatching(GUID),
      SipMediaApplicationArn: `arn:aws:chime:us-west-2:111122223333:sma/${created!.SipMediaApplicationId}`,
      AwsRegion: 'us-west-2',
      Endpoints: [{ LambdaArn: HANDLER }],
    });

    const moved = `${HANDLER}-v2`;
    const smaId = created!.SipMediaApplicationId;
    await voice.client.send(new UpdateSipMediaApplicationCommand({ SipMediaApplicationId: smaId, Endpoints: [{ LambdaArn: moved }] }));
    const { SipMediaApplication: read } = await voice.client.send(new GetSipMediaApplicationCommand({ SipMediaApplicationId: smaId }));
    expect(read).toMatchObject({ Name: 'dial-in', Endpoints: [{ LambdaArn: moved }] });

    await voice.client.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: created!.SipMediaApplicationId }));
    expect(voice.fake.sipMediaApplications()).toEqual([]);
    await expect(voice.client.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: created!.SipMediaApplicationId })))
      .rejects.toBeInstanceOf(NotFoundException);
  });

  test.each([
    ['a Region without PSTN Audio', 'eu-north-1', [{ LambdaArn: HANDLER }], /has no SIP media applications/],
    ['a handler in another Region', 'us-east-1', [{ LambdaArn: HANDLER }], /must be in the SIP media application's Region us-east-1/],
    ['two endpoints', 'us-west-2', [{ LambdaArn: HANDLER }, { LambdaArn: HANDLER }], /'Endpoints' failed to satisfy constraint: Member must have length less than or equal to 1/],
  ])('refuses %s with BadRequestException', async (_name, region, endpoints, message) => {
    const error = await rejectionOf(create(region, endpoints));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(message);
  });
});
