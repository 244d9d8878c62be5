import type { IdStream, SeededIds } from '../ids';
import { badRequest, notFound } from '../service-error';
import { VOICE_REGIONS } from './sip-rule-book';
import type { SipMediaApplicationSnapshot } from './voice-types';

/** CreateSipMediaApplication's body. */
export interface CreateSipMediaApplicationParams {
  readonly AwsRegion: string;
  readonly Name: string;
  readonly Endpoints: ReadonlyArray<{ readonly LambdaArn?: string }>;
}

/** UpdateSipMediaApplication's body; absent members stay as they are. */
export interface UpdateSipMediaApplicationParams {
  readonly Name?: string;
  readonly Endpoints?: ReadonlyArray<{ readonly LambdaArn?: string }>;
}

interface SipMediaApplicationRecord {
  readonly sipMediaApplicationId: string;
  readonly awsRegion: string;
  name: string;
  endpoints: string[];
  readonly createdAt: number;
  updatedAt: number;
}

const LAMBDA_ARN = /^arn:[^:]+:lambda:([a-z0-9-]+):\d{12}:function:[^:]+(:[^:]+)?$/;

/**
 * The account's SIP media applications, with the rules the Voice API reference states for
 * CreateSipMediaApplication and UpdateSipMediaApplication
 * (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_CreateSipMediaApplication.html):
 * a Region where PSTN Audio runs, exactly one endpoint ("Currently, only one endpoint per SIP media
 * application is permitted"), and a Lambda function "created in the same AWS Region as the SIP
 * media application".
 */
export class SipMediaApplicationBook {
  private readonly applications = new Map<string, SipMediaApplicationRecord>();
  private readonly applicationIds: IdStream;

  constructor(private readonly now: () => number, ids: SeededIds, private readonly accountId: string) {
    this.applicationIds = ids.stream('sip-media-application');
  }

  /** Applies CreateSipMediaApplication. */
  public create(params: CreateSipMediaApplicationParams): SipMediaApplicationSnapshot {
    if (!VOICE_REGIONS.includes(params.AwsRegion)) {
      throw badRequest(`AwsRegion ${params.AwsRegion} has no SIP media applications`);
    }
    const now = this.now();
    const record: SipMediaApplicationRecord = {
      sipMediaApplicationId: this.applicationIds.uuid(),
      awsRegion: params.AwsRegion,
      name: params.Name,
      endpoints: checkEndpoints(params.Endpoints, params.AwsRegion),
      createdAt: now,
      updatedAt: now,
    };
    this.applications.set(record.sipMediaApplicationId, record);
    return this.snapshot(record);
  }

  /** A SIP media application, or NotFoundException. */
  public get(sipMediaApplicationId: string): SipMediaApplicationSnapshot {
    return this.snapshot(this.require(sipMediaApplicationId));
  }

  /** Applies UpdateSipMediaApplication. */
  public update(sipMediaApplicationId: string, params: UpdateSipMediaApplicationParams): SipMediaApplicationSnapshot {
    const record = this.require(sipMediaApplicationId);
    const endpoints = params.Endpoints === undefined ? record.endpoints : checkEndpoints(params.Endpoints, record.awsRegion);
    record.name = params.Name ?? record.name;
    record.endpoints = endpoints;
    record.updatedAt = this.now();
    return this.snapshot(record);
  }

  /** Applies DeleteSipMediaApplication. */
  public delete(sipMediaApplicationId: string): void {
    this.require(sipMediaApplicationId);
    this.applications.delete(sipMediaApplicationId);
  }

  /** Every SIP media application, oldest first. */
  public list(): SipMediaApplicationSnapshot[] {
    return [...this.applications.values()].map((record) => this.snapshot(record));
  }

  private require(sipMediaApplicationId: string): SipMediaApplicationRecord {
    const record = this.applications.get(sipMediaApplicationId);
    if (!record) {
      throw notFound(`SIP media application ${sipMediaApplicationId} does not exist`);
    }
    return record;
  }

  private snapshot(record: SipMediaApplicationRecord): SipMediaApplicationSnapshot {
    return {
      ...record,
      endpoints: [...record.endpoints],
      sipMediaApplicationArn: `arn:aws:chime:${record.awsRegion}:${this.accountId}:sma/${record.sipMediaApplicationId}`,
    };
  }
}

function checkEndpoints(endpoints: ReadonlyArray<{ readonly LambdaArn?: string }>, region: string): string[] {
  if (endpoints.length !== 1) {
    throw badRequest(`Endpoints must list exactly one endpoint, got ${endpoints.length}`);
  }
  const lambdaArn = endpoints[0].LambdaArn ?? '';
  const match = LAMBDA_ARN.exec(lambdaArn);
  if (!match) {
    throw badRequest(`Endpoints[0].LambdaArn ${lambdaArn} is not a Lambda function ARN`);
  }
  if (match[1] !== region) {
    throw badRequest(`Endpoints[0].LambdaArn is in ${match[1]}: the function must be in the SIP media application's Region ${region}`);
  }
  return [lambdaArn];
}
