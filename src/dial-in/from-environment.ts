import { DynamoDbMeetingDirectory } from './meeting-directory';
import { createMeetingJoinHandler, MeetingJoinHandlerOptions } from './meeting-join-handler';
import { SdkMeetingsGateway } from './meetings-gateway';
import { CallFlowLogger, CallFlowMetrics } from './metrics';
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
  return createMeetingJoinHandler({
    directory: new DynamoDbMeetingDirectory({ tableName: config.directoryTableName, endpoint: config.dynamoDbEndpoint }),
    meetings: new SdkMeetingsGateway({ endpoint: config.meetingsEndpoint, region: config.meetingsRegion }),
    pinLength: config.pinLength,
    maxPinAttempts: config.maxPinAttempts,
    pinTimeoutMs: config.pinTimeoutMs,
    prompts: config.prompts,
    voice: config.voice,
    callerIdentity: config.callerIdentity,
    confirmDialOut: config.confirmDialOut,
    selfMuteDigits: config.selfMuteDigits,
    ...extras,
  });
}
