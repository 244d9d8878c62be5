import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { App, AssetStaging, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ChimePhoneNumber, ChimeSipMediaApp, ChimeSipRule, PhoneCountry, PhoneNumberType, PhoneProductType, TriggerType } from 'cdk-amazon-chime-resources';
import { Construct } from 'constructs';
import { MeetingDialIn } from '../../src';
import { BENCH_WORK_DIR } from '../paths';

/** Adds one dial-in (number, rule, SIP media application, handler, directory) to `scope`. */
export type DialInShape = (scope: Construct, id: string) => void;

const AREA_CODE = '206';

/** The library's shape: one `MeetingDialIn`, with a number in the same area code as the baseline's. */
export function libraryDialIn(): DialInShape {
  return (scope, id) => {
    new MeetingDialIn(scope, id, { phoneNumberOptions: { areaCode: AREA_CODE } });
  };
}

/**
 * The same shape from `cdk-amazon-chime-resources`: ChimePhoneNumber, ChimeSipMediaApp and
 * ChimeSipRule (custom resources with one provider per stack), and what `MeetingDialIn` adds around
 * them written by hand: the handler function (`handlerDirectory`) with its log group, the
 * directory table, and the same grants.
 */
export function baselineDialIn(handlerDirectory: string): DialInShape {
  return (parent, id) => {
    const scope = new Construct(parent, id);
    const stack = Stack.of(scope);
    const table = new dynamodb.Table(scope, 'MeetingDirectory', {
      partitionKey: { name: 'pin', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const handler = new lambda.Function(scope, 'Handler', {
      code: lambda.Code.fromAsset(handlerDirectory),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(8),
      logGroup: new logs.LogGroup(scope, 'HandlerLogs', { retention: logs.RetentionDays.ONE_MONTH }),
      environment: { CDK_CHIME_DIALIN_CONFIG: stack.toJsonString({ directoryTableName: table.tableName }) },
    });
    table.grantReadData(handler);
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['chime:CreateAttendee', 'chime:DeleteAttendee', 'chime:ListAttendees'],
      resources: [stack.formatArn({ service: 'chime', resource: 'meeting', resourceName: '*' })],
    }));
    const phoneNumber = new ChimePhoneNumber(scope, 'PhoneNumber', {
      phoneProductType: PhoneProductType.SMA,
      phoneNumberType: PhoneNumberType.LOCAL,
      phoneCountry: PhoneCountry.US,
      phoneAreaCode: Number(AREA_CODE),
    });
    const sipMediaApplication = new ChimeSipMediaApp(scope, 'SipMediaApplication', { endpoint: handler.functionArn, region: stack.region });
    new ChimeSipRule(scope, 'SipRule', {
      triggerType: TriggerType.TO_PHONE_NUMBER,
      triggerValue: phoneNumber.phoneNumber,
      targetApplications: [{ sipMediaApplicationId: sipMediaApplication.sipMediaAppId, priority: 1, region: stack.region }],
    });
  };
}

/** One synthesis. */
export interface SynthRun {
  /** From `new App()` to `app.synth()` returning, in ms. */
  readonly ms: number;
  /** Bytes of the synthesized template JSON file. */
  readonly templateBytes: number;
}

/**
 * Synthesizes a fresh app with one stack holding `count` dial-ins of `shape`, into a temporary
 * cloud assembly (deleted afterwards). Before the clock starts: the asset hash cache is cleared, so
 * every run hashes its assets as a new `cdk synth` process would, and the garbage of earlier runs
 * is collected. While it runs, the console is muted (the baseline's deprecation and validation
 * warnings would otherwise be timed as terminal output), as are jsii deprecation warnings.
 */
export function synthesize(shape: DialInShape, count: number): SynthRun {
  AssetStaging.clearAssetHashCache();
  fs.mkdirSync(BENCH_WORK_DIR, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(BENCH_WORK_DIR, 'synth-'));
  collectGarbage();
  const restoreConsole = muteConsole();
  try {
    const start = performance.now();
    const app = new App({ outdir });
    const stack = new Stack(app, 'DialIns', { env: { account: '111122223333', region: 'us-east-1' } });
    for (let index = 0; index < count; index++) {
      shape(stack, `DialIn${index}`);
    }
    const assembly = app.synth();
    const ms = performance.now() - start;
    return { ms, templateBytes: fs.statSync(assembly.getStackByName(stack.stackName).templateFullPath).size };
  } finally {
    restoreConsole();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

let gc: (() => void) | undefined;

function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

function muteConsole(): () => void {
  const saved = { log: console.log, warn: console.warn, error: console.error, deprecated: process.env.JSII_DEPRECATED };
  console.log = console.warn = console.error = () => undefined;
  process.env.JSII_DEPRECATED = 'quiet';
  return () => {
    Object.assign(console, { log: saved.log, warn: saved.warn, error: saved.error });
    if (saved.deprecated === undefined) {
      delete process.env.JSII_DEPRECATED;
    } else {
      process.env.JSII_DEPRECATED = saved.deprecated;
    }
  };
}
