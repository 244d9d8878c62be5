import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { attendeesOf, CallFlowWorld, callFlowSuite, CallFlowWorldOptions, promptText, startCallFlowWorld, PROMPTS_PLAY } from './call-flow-harness';
import { MeetingDialIn, PhoneNumber } from '../../src';
import { dialInInvitation } from '../../src/client';
import { DEFAULT_SIMULATOR_SETTINGS, SimulatedCall, SimulatorSettingsOverrides, SmaSimulator } from '../../src/testing';

const CALLER = '+15105550101';

const suite = callFlowSuite();

/** Starts the test's world: the flow with the real SDK clients, the fakes, the local directory and the simulator. */
async function startWorld(options: CallFlowWorldOptions = {}, settings: SimulatorSettingsOverrides = {}): Promise<CallFlowWorld> {
  suite.world = await startCallFlowWorld(suite.db, options, 1, settings);
  return suite.world;
}

/**
 * What a phone does with a one-tap dial string such as `+12065550100,,123456#`
 * (docs/sma-model.md#digits-during-prompts): it dials the part before the first comma and, once the
 * call is answered, waits `pauseMs` for each comma and sends the keys that follow as DTMF tones.
 * Android waits 3 s per comma on GSM and IMS calls and 2 s on CDMA calls; each run of keys is
 * pressed at one instant here (the tones' own few hundred milliseconds are left out).
 */
async function dialOneTap(sim: SmaSimulator, dialString: string, pauseMs: number): Promise<{ call: SimulatedCall; keysSentAt: number[] }> {
  const match = /^(\+\d+)(,[0-9*#,]*)$/.exec(dialString);
  if (!match) {
    throw new Error(`not a one-tap dial string: ${dialString}`);
  }
  const [, number, postDial] = match;
  const startedAt = sim.clock.now();
  const call = await sim.inboundCall({ from: CALLER, to: number });
  // The post-dial sequence starts when the call is answered; the first action answers it.
  expect(call.status).toBe('connected');
  const keysSentAt: number[] = [];
  for (const part of postDial.match(/,|[0-9*#]+/g) ?? []) {
    if (part === ',') {
      await call.wait(pauseMs);
    } else {
      keysSentAt.push(sim.clock.now() - startedAt);
      await call.pressDigits(part);
    }
  }
  return { call, keysSentAt };
}

/** The one-tap dial string of the invitation's first number, read back from its `tel:` URI, as a phone gets it when the link is tapped. */
function oneTapDialString(numbers: readonly string[], pin: string): string {
  const invitation = dialInInvitation({ numbers, pin });
  const uri = invitation.entries[0].uri;
  expect(uri.startsWith('tel:')).toBe(true);
  const dialString = decodeURIComponent(uri.slice('tel:'.length));
  // The text an invitation prints holds the same dial string.
  expect(invitation.lines).toContain(dialString);
  return dialString;
}

/** When the first prompt, heard from the moment the call was answered, would end if nothing cut it short. */
function firstPromptEndsAt(call: SimulatedCall, spokenText: string): number {
  const answered = call.transcript.entries.find((entry) => entry.kind === 'state' && entry.change === 'answered')!;
  return answered.t + DEFAULT_SIMULATOR_SETTINGS.speechBaseMs + DEFAULT_SIMULATOR_SETTINGS.speechMsPerCharacter * spokenText.length;
}

function expectCleanEnd(call: SimulatedCall, meetingId: string): void {
  expect(call.status).toBe('ended');
  expect(call.violations).toEqual([]);
  expect(call.orphanAttendees).toEqual([]);
  expect(attendeesOf(suite.world!, meetingId)).toEqual([]);
}

describe('a one-tap join', () => {
  it('with 2 s pauses, the PIN and # arrive while the welcome prompt still plays, and the caller joins', async () => {
    const world = await startWorld();
    const { meetingId, pin } = await world.meetingWithPin();
    const dialString = oneTapDialString([world.dialInNumber], pin);
    expect(dialString).toBe(`${world.dialInNumber},,${pin}#`);

    const { call, keysSentAt } = await dialOneTap(world.sim, dialString, 2_000);
    await call.wait(PROMPTS_PLAY);

    // The welcome is part of the PIN prompt, the action that answered the call: no Speak before it loses the keys.
    const firstResponse = call.transcript.entries.find((entry) => entry.kind === 'response')!;
    expect(JSON.stringify(firstResponse.response)).toMatch(/^\{"SchemaVersion":"1.0","Actions":\[\{"Type":"SpeakAndGetDigits"/);
    expect(keysSentAt).toHaveLength(1);
    expect(keysSentAt[0]).toBeLessThan(firstPromptEndsAt(call, promptText('enterPin')));
    expect(call.transcript.toText()).not.toContain('discarded');
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    expect(call.prompts).toEqual([promptText('enterPin'), promptText('joining')]);
    expect(world.metrics.get('PinFailures')).toBeUndefined();

    await call.hangUp();
    expectCleanEnd(call, meetingId);
  });

  it('with Android\'s 3 s pauses, the PIN comes after the prompt, while the flow listens, and the caller joins', async () => {
    const world = await startWorld();
    const { meetingId, pin } = await world.meetingWithPin();

    const { call, keysSentAt } = await dialOneTap(world.sim, oneTapDialString([world.dialInNumber], pin), 3_000);
    await call.wait(PROMPTS_PLAY);

    expect(keysSentAt[0]).toBeGreaterThan(firstPromptEndsAt(call, promptText('enterPin')));
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    await call.hangUp();
    expectCleanEnd(call, meetingId);
  });

  it('with audio prompts (PlayAudioAndGetDigits), the PIN during the welcome recording joins too', async () => {
    const audio = (key: string) => ({ audio: { bucketName: 'prompts', key } });
    const world = await startWorld({ prompts: { enterPin: audio('welcome.wav'), wrongPin: audio('wrong-pin.wav') } }, { audioPlaybackMs: 8_000 });
    const { meetingId, pin } = await world.meetingWithPin();

    const { call, keysSentAt } = await dialOneTap(world.sim, oneTapDialString([world.dialInNumber], pin), 2_000);
    await call.wait(PROMPTS_PLAY);

    const firstResponse = call.transcript.entries.find((entry) => entry.kind === 'response')!;
    expect(JSON.stringify(firstResponse.response)).toContain('"Type":"PlayAudioAndGetDigits"');
    expect(keysSentAt[0]).toBeLessThan(8_000);
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    await call.hangUp();
    expectCleanEnd(call, meetingId);
  });
});

/** The SIP rules a synthesized dial-in has: the number each one matches → its logical ID and the SMA it targets. */
function sipRulesOf(template: Template): Map<string, { readonly ruleId: string; readonly target: string }> {
  type Rule = { Properties: { TriggerType: string; TriggerValue: unknown; TargetApplications: Array<{ SipMediaApplicationId: unknown }> } };
  const rules = Object.entries(template.findResources('Custom::ChimeSipRule') as Record<string, Rule>);
  return new Map(rules.map(([ruleId, rule]) => {
    expect(rule.Properties.TriggerType).toBe('ToPhoneNumber');
    return [String(rule.Properties.TriggerValue), { ruleId, target: JSON.stringify(rule.Properties.TargetApplications[0].SipMediaApplicationId) }];
  }));
}

describe('a two-number dial-in', () => {
  it('a call to the toll-free number comes through that number\'s SIP rule to the dial-in\'s SIP media application, and the caller joins', async () => {
    const LOCAL = '+12065550100';
    const TOLL_FREE = '+18335550100';
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-')) });
    const stack = new Stack(app, 'TwoNumbers', { env: { region: 'us-east-1', account: '111122223333' } });
    const dialIn = new MeetingDialIn(stack, 'DialIn', {
      phoneNumbers: [PhoneNumber.fromE164(stack, 'Local', LOCAL), PhoneNumber.fromE164(stack, 'TollFree', TOLL_FREE)],
    });
    const template = Template.fromStack(stack);
    const rules = sipRulesOf(template);
    expect([...rules.keys()]).toEqual([LOCAL, TOLL_FREE]);
    // Both rules target the one SMA of the dial-in, which invokes the meeting-join handler.
    expect(rules.get(LOCAL)!.target).toBe(JSON.stringify(stack.resolve(dialIn.sipMediaApplication.sipMediaApplicationId)));
    expect(rules.get(TOLL_FREE)!.target).toBe(rules.get(LOCAL)!.target);
    template.hasResourceProperties('AWS::Chime::SipMediaApplication', { Endpoints: [{ LambdaArn: stack.resolve(dialIn.handler.functionArn) }] });

    const world = await startWorld();
    world.voice.addPhoneNumber(TOLL_FREE);
    const { meetingId, pin } = await world.meetingWithPin();
    const call = await world.sim.inboundCall({ from: CALLER, to: TOLL_FREE, sipRuleId: rules.get(TOLL_FREE)!.ruleId });
    await call.pressDigits(`${pin}#`);
    await call.wait(PROMPTS_PLAY);

    const first = call.transcript.entries.find((entry) => entry.kind === 'invoke')!;
    expect(first.kind === 'invoke' && first.event.CallDetails).toMatchObject({ SipRuleId: rules.get(TOLL_FREE)!.ruleId });
    expect(call.legs['LEG-A']).toMatchObject({ to: TOLL_FREE });
    expect(call.joinedMeeting?.meetingId).toBe(meetingId);
    await call.hangUp();
    expectCleanEnd(call, meetingId);
  });
});
