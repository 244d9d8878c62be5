// The bundled default handler of MeetingDialIn: configuration from the environment, Powertools
// logs and metrics, and the call flow from cdk-chime-meeting-dialin/dial-in.
import { powertoolsLogger, powertoolsMetrics } from './observability';
import { createMeetingJoinHandlerFromConfig } from '../dial-in/from-environment';
import { parseHandlerEnvironment } from '../private/handler-environment';

const metrics = powertoolsMetrics();
const callFlow = createMeetingJoinHandlerFromConfig(parseHandlerEnvironment(process.env), { logger: powertoolsLogger(), metrics });

export async function handler(event: unknown): Promise<unknown> {
  try {
    return await callFlow(event);
  } finally {
    metrics.publish();
  }
}
