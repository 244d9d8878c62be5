/**
 * The shapes the CDK custom resource Provider framework hands our provisioning handlers.
 * CloudFormation passes every scalar resource property as a string.
 */
export interface ProvisioningEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  /** Absent on Create; on isComplete calls it is the one onEvent returned. */
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
  readonly OldResourceProperties?: Readonly<Record<string, unknown>>;
  /** On isComplete calls: the Data onEvent returned. */
  readonly Data?: Readonly<Record<string, string>>;
}

/** What onEvent returns to the Provider framework. */
export interface OnEventResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** What isComplete returns to the Provider framework. */
export interface IsCompleteResult {
  readonly IsComplete: boolean;
  /**
   * The physical id to report, when it is not the one onEvent returned: the framework spreads
   * isComplete's answer over the event it responds with.
   */
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** A resource type's lifecycle, as the Provider framework drives it. */
export interface ProvisioningLifecycle {
  onEvent(event: ProvisioningEvent): Promise<OnEventResult>;
  isComplete(event: ProvisioningEvent): Promise<IsCompleteResult>;
}

/** Reads a required string property, failing with the property's name when it is missing. */
export function requiredProperty(properties: Readonly<Record<string, unknown>>, name: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`Resource property ${name} is required, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Reads an optional string property. */
export function optionalProperty(properties: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = properties[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The physical ID every request but Create carries. */
export function requirePhysicalId(event: ProvisioningEvent): string {
  if (!event.PhysicalResourceId) {
    throw new Error(`${event.RequestType} of ${event.LogicalResourceId} arrived without a physical resource ID.`);
  }
  return event.PhysicalResourceId;
}
