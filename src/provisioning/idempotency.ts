import { createHash } from 'crypto';
import { ProvisioningEvent } from './provisioning-event';

/**
 * A name that is the same for every request about one resource of one stack with the same
 * `discriminator`, and different for any other resource. Tagging what we order with it lets
 * - a second delivery of a Create find the first one's order instead of buying a second number;
 * - the Delete that CloudFormation sends after cancelling a create, which carries a physical id
 *   CloudFormation made up (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1814),
 *   find the number the create ordered;
 * - the Update that rolls back a replacement find the number it replaced.
 */
export function resourceScopedName(event: ProvisioningEvent, discriminator: string): string {
  const digest = createHash('sha256')
    .update(`${event.StackId}\n${event.LogicalResourceId}\n${discriminator}`)
    .digest('hex')
    .slice(0, 32);
  return `cdk-dialin-${digest}`;
}
