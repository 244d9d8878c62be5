import * as path from 'path';
import { ChimeSDKMeetingsClient, CreateMeetingCommand } from '@aws-sdk/client-chime-sdk-meetings';
import { synthesizeExample } from './synthesize';
import { registerMeeting } from '../src/client';
import { HANDLER_CONFIG_VARIABLE } from '../src/private/handler-environment';
import { FakeMeetingsService, SmaSimulator, startLocalMeetingDirectory, VirtualClock } from '../src/testing';

/**
 * The README's main command: synthesizes the example app, then plays a dial-in call through the
 * handler asset it synthesized, with a local SIP media application simulator, a fake Chime SDK
 * Meetings service and a local DynamoDB-compatible meeting directory. Offline; no AWS account.
 */
const CALLER = '+15105550101';

async function main(): Promise<number> {
  const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
  step(`Synthesizing the example app to ${path.relative(process.cwd(), outdir)} ...`);
  const example = synthesizeExample(outdir);
  for (const [type, count] of example.resourceCounts) {
    console.log(`    ${String(count).padStart(3)} x ${type}`);
  }
  console.log(`  template: ${path.relative(process.cwd(), example.templatePath)}`);
  console.log(`  handler asset: ${path.relative(process.cwd(), example.handlerAssetPath)}`);

  step('Starting the local meeting directory and the fake Chime SDK Meetings service ...');
  const directory = await startLocalMeetingDirectory();
  const clock = new VirtualClock(Date.now());
  const meetings = new FakeMeetingsService({ clock });
  await meetings.start();
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const meetingsClient = new ChimeSDKMeetingsClient({ endpoint: meetings.endpoint, region: 'us-east-1', credentials });
  // The handler's SDK clients read credentials and region from the environment, as in Lambda; its
  // JSON logs and EMF metrics would only drown the transcript here.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });

  try {
    step('Creating a meeting and registering its dial-in PIN ...');
    const { Meeting } = await meetingsClient.send(new CreateMeetingCommand({
      ClientRequestToken: 'demo-meeting', ExternalMeetingId: 'weekly-demo', MediaRegion: 'us-east-1',
    }));
    const meetingId = Meeting!.MeetingId!;
    const { pin } = await registerMeeting({ dynamodb: directory.client, tableName: directory.tableName, meetingId });
    console.log(`  meeting ${meetingId}, PIN ${pin}`);

    step('Calling in through the synthesized handler asset ...');
    const sim = new SmaSimulator({
      handler: example.handlerAssetPath,
      env: {
        [HANDLER_CONFIG_VARIABLE]: JSON.stringify({
          directoryTableName: directory.tableName,
          meetingsEndpoint: meetings.endpoint,
          dynamoDbEndpoint: directory.endpoint,
          meetingsRegion: 'us-east-1',
        }),
      },
      meetings,
      clock,
    });
    const call = await sim.inboundCall({ from: CALLER, to: '+12065550100' });
    let joined;
    let attendees = 0;
    if (call.status !== 'ended') {
      await call.pressDigits('000000#');
      await call.pressDigits(`${pin}#`);
      await call.wait(5_000);
      joined = call.joinedMeeting;
      attendees = meetings.attendees(meetingId).length;
    }
    if (call.status !== 'ended') {
      await call.hangUp();
    }
    sim.dispose();

    console.log('');
    console.log(call.transcript.toText());
    console.log('');
    if (!joined || joined.meetingId !== meetingId) {
      console.error(`The call did not end in the meeting (violations: ${JSON.stringify(call.violations)}).`);
      return 1;
    }
    console.log(`The call ended in the meeting: attendee ${joined.attendeeId} joined ${meetingId} (${attendees} phone attendee in the roster),`);
    console.log(`and was deleted when the caller hung up (${meetings.attendees(meetingId).length} left). Rule violations: ${call.violations.length}.`);
    console.log(`Template written to ${path.relative(process.cwd(), example.templatePath)}.`);
    return call.violations.length === 0 ? 0 : 1;
  } finally {
    meetingsClient.destroy();
    await meetings.stop();
    await directory.stop();
  }
}

function step(message: string): void {
  console.log(`\n> ${message}`);
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
