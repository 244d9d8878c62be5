import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callFlowDynamoDbSdk } from './aws-sdk';
import { DynamoDbCallRecords } from './call-records';
import { DynamoDbMeetingDirectory } from './meeting-directory';
import { createMeetingJoinHandler, MeetingJoinHandlerOptions } from './meeting-join-handler';
import { SdkMeetingsGateway } from './meetings-gateway';
import { CallFlowLogger, CallFlowMetrics } from './metrics';
import { DynamoDbPendingCleanUps } from './pending-clean-ups';
import { DynamoDbPinGuessCounters } from './pin-guess-counters';
import { DynamoDbWaitingRoom } from './waiting-room';
import { HandlerConfig } from '../private/handler-environment';
import { SmaResponse } from '../sma';

/** What the environment does not say: where to report, and (in tests) the clock. */
export interface EnvironmentHandlerExtras {
  readonly logger?: CallFlowLogger;
  readonly metrics?: CallFlowMetrics;
  readonly clock?: MeetingJoinHandlerOptions['clock'];
}

/** The meeting-join handler configured the way the bundled Lambda is: from its `HandlerConfig`. */
export function createMeetingJoinHandlerFromConfig(
  config: HandlerConfig,
  extras: EnvironmentHandlerExtras = {},
): (event: unknown) => Promise<SmaResponse> {
  // The directory and the call records share one table, hence one client, made on first use.
  let dynamodb: Promise<DynamoDBClient> | undefined;
  const dynamoDbClient = () => dynamodb ??= Promise.resolve(new (callFlowDynamoDbSdk().DynamoDBClient)({
    endpoint: config.dynamoDbEndpoint,
    maxAttempts: 2,
  }));
  const tableName = config.directoryTableName;
  return createMeetingJoinHandler({
    directory: new DynamoDbMeetingDirectory({ tableName, clientFactory: dynamoDbClient }),
    callRecords: new DynamoDbCallRecords({ tableName, clientFactory: dynamoDbClient }),
    // The table always holds them; MeetingDialIn's schedule sweeps them every minute.
    pendingCleanUps: new DynamoDbPendingCleanUps({ tableName, clientFactory: dynamoDbClient, now: extras.clock && (() => extras.clock!.now()) }),
    pinGuesses: config.pinGuesses ? new DynamoDbPinGuessCounters({ tableName, clientFactory: dynamoDbClient, ...config.pinGuesses }) : undefined,
    meetings: new SdkMeetingsGateway({ endpoint: config.meetingsEndpoint, region: config.meetingsRegion ?? process.env.AWS_REGION }),
    meetingRegions: config.meetingRegions,
    pinLength: config.pinLength,
    maxPinAttempts: config.maxPinAttempts,
    pinTimeoutMs: config.pinTimeoutMs,
    meetingStartWaitMs: config.meetingStartWaitMs,
    waitingRoom: config.waitingRoom
      ? { store: new DynamoDbWaitingRoom({ tableName, clientFactory: dynamoDbClient }), lobbyTimeoutMs: config.waitingRoom.lobbyTimeoutMs }
      : undefined,
    prompts: config.prompts,
    voice: config.voice,
    callerIdentity: config.callerIdentity,
    confirmDialOut: config.confirmDialOut,
    selfMuteDigits: config.selfMuteDigits,
    ...extras,
  });
}
