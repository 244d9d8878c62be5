import {
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumberOrdersCommand,
  ListPhoneNumbersCommand,
  NotFoundException,
  PhoneNumber,
  PhoneNumberOrder,
  SearchAvailablePhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { requestScopedName } from './idempotency';
import {
  IsCompleteResult,
  OnEventResult,
  optionalProperty,
  ProvisioningEvent,
  ProvisioningLifecycle,
  requiredProperty,
  requirePhysicalId,
} from './provisioning-event';

/** `Custom::ChimePhoneNumber` properties that pick which number to order; changing one orders a new number. */
const SEARCH_PROPERTIES = ['Country', 'PhoneNumberType', 'AreaCode', 'State', 'City', 'TollFreePrefix'] as const;

/** Numbers in these states are still being bought: deleting them now would race the order. */
const ACQUIRING_STATUSES = new Set(['AcquireInProgress']);

/** Orders in these states may still acquire their numbers. */
const PENDING_ORDER_STATUSES = new Set(['Processing', 'Submitted', 'PendingDocuments', 'FOC', 'ChangeRequested']);

/** Numbers in these states are gone or on their way out: nothing is left to release. */
const RELEASED_STATUSES = new Set(['AcquireFailed', 'Cancelled', 'ReleaseInProgress', 'DeleteInProgress']);

/**
 * Orders, keeps and releases one phone number for `SipMediaApplicationDialIn`.
 *
 * - Create (and Update with new search criteria): search, order the first match and report the
 *   number as the physical id; isComplete waits for the order and cleans up after a failed one.
 * - Delete: waits for an order still in flight, then releases the number unless the resource's
 *   `RemovalPolicy` is `retain` and the number was in service (its create had completed).
 */
export class PhoneNumberLifecycle implements ProvisioningLifecycle {
  constructor(private readonly voice: ChimeSDKVoiceClient) {}

  public async onEvent(event: ProvisioningEvent): Promise<OnEventResult> {
    switch (event.RequestType) {
      case 'Create':
        return this.order(event);
      case 'Update':
        return searchCriteriaChanged(event) ? this.order(event) : { PhysicalResourceId: requirePhysicalId(event) };
      case 'Delete':
        return this.prepareRelease(requirePhysicalId(event));
    }
  }

  public async isComplete(event: ProvisioningEvent): Promise<IsCompleteResult> {
    const e164 = requirePhysicalId(event);
    if (event.RequestType === 'Delete') {
      const retain = optionalProperty(event.ResourceProperties, 'RemovalPolicy') === 'retain' && event.Data?.NeverInService !== 'true';
      return this.release(e164, retain);
    }
    const orderId = event.Data?.PhoneNumberOrderId;
    if (!orderId) {
      // An Update that kept the number: nothing was ordered.
      return { IsComplete: true, Data: { E164PhoneNumber: e164, PhoneNumberId: e164 } };
    }
    const order = await this.getOrder(orderId);
    if (PENDING_ORDER_STATUSES.has(order.Status ?? '')) {
      return { IsComplete: false };
    }
    if (order.Status === 'Successful') {
      const number = await this.getNumber(e164);
      return { IsComplete: true, Data: { E164PhoneNumber: e164, PhoneNumberId: number?.PhoneNumberId ?? e164 } };
    }
    await this.releaseAcquired(order);
    throw new Error(
      `Phone number order ${orderId} for ${e164} ended with status ${order.Status}: the number was not provisioned. `
      + 'Deploy again to order another number, or choose other search criteria.',
    );
  }

  private async order(event: ProvisioningEvent): Promise<OnEventResult> {
    const name = requestScopedName(event);
    const earlier = await this.findNumberNamed(name);
    if (earlier?.E164PhoneNumber && earlier.OrderId) {
      return { PhysicalResourceId: earlier.E164PhoneNumber, Data: { PhoneNumberOrderId: earlier.OrderId } };
    }

    const criteria = searchCriteria(event.ResourceProperties);
    const found = await this.voice.send(new SearchAvailablePhoneNumbersCommand({ ...criteria, MaxResults: 10 }));
    const [e164] = found.E164PhoneNumbers ?? [];
    if (!e164) {
      throw new Error(
        `No phone number is available for ${JSON.stringify(criteria)}. `
        + 'Widen the search (another area code, state or city, or no city), or order a number in the console and use PhoneNumber.fromE164().',
      );
    }
    let orderId: string | undefined;
    try {
      const created = await this.voice.send(new CreatePhoneNumberOrderCommand({
        ProductType: 'SipMediaApplicationDialIn',
        E164PhoneNumbers: [e164],
        Name: name,
      }));
      orderId = created.PhoneNumberOrder?.PhoneNumberOrderId;
    } catch (error) {
      // The order may have been placed before the error reached us; a failed onEvent would leave
      // it to no one, so adopt it when it exists.
      const placed = await this.findNumberNamed(name);
      if (placed?.E164PhoneNumber && placed.OrderId) {
        return { PhysicalResourceId: placed.E164PhoneNumber, Data: { PhoneNumberOrderId: placed.OrderId } };
      }
      throw error;
    }
    if (!orderId) {
      throw new Error(`CreatePhoneNumberOrder for ${e164} returned no order ID.`);
    }
    return { PhysicalResourceId: e164, Data: { PhoneNumberOrderId: orderId } };
  }

  /**
   * A number still being bought when its resource is deleted never served a call (creation waits
   * for the order), so it is released whatever the removal policy: that is a rolled-back create.
   */
  private async prepareRelease(e164: string): Promise<OnEventResult> {
    const neverInService = await this.isStillOrdering(e164, await this.getNumber(e164));
    return { PhysicalResourceId: e164, Data: neverInService ? { NeverInService: 'true' } : {} };
  }

  private async release(e164: string, retain: boolean): Promise<IsCompleteResult> {
    const number = await this.getNumber(e164);
    if (await this.isStillOrdering(e164, number)) {
      // Releasing now would race the order, which could then leave the number bought and unowned.
      return { IsComplete: false };
    }
    if (!number || RELEASED_STATUSES.has(number.Status ?? '')) {
      return { IsComplete: true };
    }
    if (!retain) {
      await this.deleteNumber(number.PhoneNumberId ?? e164);
    }
    return { IsComplete: true };
  }

  private async releaseAcquired(order: PhoneNumberOrder): Promise<void> {
    for (const ordered of order.OrderedPhoneNumbers ?? []) {
      if (ordered.Status === 'Acquired' && ordered.E164PhoneNumber) {
        await this.deleteNumber(ordered.E164PhoneNumber);
      }
    }
  }

  private async deleteNumber(phoneNumberId: string): Promise<void> {
    try {
      await this.voice.send(new DeletePhoneNumberCommand({ PhoneNumberId: phoneNumberId }));
    } catch (error) {
      if (!(error instanceof NotFoundException)) {
        throw error;
      }
    }
  }

  private async getOrder(orderId: string): Promise<PhoneNumberOrder> {
    const response = await this.voice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }));
    if (!response.PhoneNumberOrder) {
      throw new Error(`GetPhoneNumberOrder returned nothing for order ${orderId}.`);
    }
    return response.PhoneNumberOrder;
  }

  private async getNumber(e164: string): Promise<PhoneNumber | undefined> {
    try {
      return (await this.voice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber;
    } catch (error) {
      if (error instanceof NotFoundException) {
        return undefined;
      }
      throw error;
    }
  }

  private async isStillOrdering(e164: string, number: PhoneNumber | undefined): Promise<boolean> {
    if (ACQUIRING_STATUSES.has(number?.Status ?? '')) {
      return true;
    }
    let nextToken: string | undefined;
    do {
      const page = await this.voice.send(new ListPhoneNumberOrdersCommand({ NextToken: nextToken }));
      const pending = page.PhoneNumberOrders?.some((order) => PENDING_ORDER_STATUSES.has(order.Status ?? '')
        && order.OrderedPhoneNumbers?.some((ordered) => ordered.E164PhoneNumber === e164));
      if (pending) {
        return true;
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return false;
  }

  private async findNumberNamed(name: string): Promise<PhoneNumber | undefined> {
    let nextToken: string | undefined;
    do {
      const page = await this.voice.send(new ListPhoneNumbersCommand({ ProductType: 'SipMediaApplicationDialIn', NextToken: nextToken }));
      const match = page.PhoneNumbers?.find((number) => number.Name === name && !RELEASED_STATUSES.has(number.Status ?? ''));
      if (match) {
        return match;
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }
}

function searchCriteria(properties: Readonly<Record<string, unknown>>) {
  const phoneNumberType = requiredProperty(properties, 'PhoneNumberType');
  if (phoneNumberType !== 'Local' && phoneNumberType !== 'TollFree') {
    throw new Error(`Resource property PhoneNumberType must be Local or TollFree, got "${phoneNumberType}".`);
  }
  return {
    Country: requiredProperty(properties, 'Country'),
    PhoneNumberType: phoneNumberType,
    AreaCode: optionalProperty(properties, 'AreaCode'),
    State: optionalProperty(properties, 'State'),
    City: optionalProperty(properties, 'City'),
    TollFreePrefix: optionalProperty(properties, 'TollFreePrefix'),
  } as const;
}

function searchCriteriaChanged(event: ProvisioningEvent): boolean {
  const before = event.OldResourceProperties ?? {};
  return SEARCH_PROPERTIES.some((name) => optionalProperty(before, name) !== optionalProperty(event.ResourceProperties, name));
}
