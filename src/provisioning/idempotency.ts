import { createHash } from 'crypto';
import { ProvisioningEvent } from './provisioning-event';

/**
 * A name that is the same for every delivery of one CloudFormation request and different for any
 * other request. CloudFormation may deliver a Create twice; tagging what we order with this name
 * lets the second delivery find the first one's order instead of buying a second number.
 */
export function requestScopedName(event: ProvisioningEvent): string {
  const digest = createHash('sha256')
    .update(`${event.StackId}\n${event.LogicalResourceId}\n${event.RequestId}`)
    .digest('hex')
    .slice(0, 32);
  return `cdk-dialin-${digest}`;
}
