import { createHash } from 'crypto';
import {
  BadRequestException,
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumbersCommand,
  NotFoundException,
  PhoneNumber,
  PhoneNumberOrder,
  SearchAvailablePhoneNumbersCommand,
  SearchAvailablePhoneNumbersCommandInput,
  UpdatePhoneNumberCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { resourceScopedName } from './idempotency';
import { unlessNotFound } from './not-found';
import { findInPages } from './paging';
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

/** The status of a number whose order is still running. */
const ACQUIRING = 'AcquireInProgress';

/** Numbers in these states are in the account and can serve calls. */
const HELD_STATUSES = new Set(['Unassigned', 'Assigned']);

/** A number in the account that no SIP rule routes. */
const UNASSIGNED = 'Unassigned';

/** Numbers in these states are gone or on their way out: nothing is left to release. */
const RELEASED_STATUSES = new Set(['AcquireFailed', 'Cancelled', 'ReleaseInProgress', 'DeleteInProgress', 'ReleaseFailed', 'DeleteFailed']);

/** The one order status known to end by itself (a US order takes about a minute). */
const SELF_FINISHING_ORDER_STATUS = 'Processing';

/** Order statuses that end an order; every other status waits on a person. */
const FINAL_ORDER_STATUSES = new Set(['Successful', 'Failed', 'Partial', 'Cancelled', 'CancelRequested']);

/**
 * What the account owner must do about an order that waits on a person. The statuses are those of
 * `PhoneNumberOrder` in the Voice API reference
 * (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_PhoneNumberOrder.html).
 */
const WAITING_ORDER_ADVICE: Readonly<Record<string, string>> = {
  PendingDocuments: 'AWS needs documents from the account owner before it can assign the number: '
    + 'upload them in the Amazon Chime SDK console (Phone number management, Orders) or through an AWS Support case',
  ChangeRequested: 'AWS asked the account owner to change the order: '
    + 'answer the request in the Amazon Chime SDK console (Phone number management, Orders) or through an AWS Support case',
  FOC: 'the carrier has committed to a date for the number (FOC): the order finishes on that date, not during this deployment',
};
const DEFAULT_WAITING_ADVICE = 'the order waits on AWS Support or a carrier: open an AWS Support case about it';

/** How many numbers onEvent orders when the one it found is taken by someone else before its order. */
const MAX_ORDER_ATTEMPTS = 3;

/**
 * How long a Delete whose physical id CloudFormation made up looks for a number before it
 * concludes there is none: the create's onEvent may still be placing its order (the provisioning
 * functions time out after 2 minutes).
 */
const ON_EVENT_GRACE_MS = 3 * 60_000;

/**
 * How long a Delete waits for an order still `Processing` to finish so that it can release the
 * number: well inside the Provider framework's 30-minute total timeout, so that the rollback
 * completes rather than ending in ROLLBACK_FAILED.
 */
const DELETE_ORDER_WAIT_MS = 25 * 60_000;

/** How long a Delete waits for a SIP rule's association to clear before it gives up. */
const ASSOCIATION_WAIT_MS = 20 * 60_000;

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Orders, keeps and releases one phone number for `SipMediaApplicationDialIn`.
 *
 * Every number is named after its stack, logical id and search criteria, so that any request
 * about the resource finds it without the physical id: a repeated Create adopts it, the Delete
 * after a cancelled create (made-up physical id) releases it, the Update that rolls back a
 * replacement returns to it.
 *
 * - Create (and Update with new search criteria): search, order, and report the number as the
 *   physical id; a number taken before its order is replaced by another, a bounded number of
 *   times. isComplete waits while the order is `Processing`, fails at once on a status that waits
 *   on a person, saying what to do, and cleans up after a failed order.
 * - Delete: releases the number. CloudFormation decides whether a Delete comes at all (the
 *   resource's DeletionPolicy and UpdateReplacePolicy: RetainExceptOnCreate releases the number of
 *   a rolled-back create). An order still `Processing` is waited for, within bounds; an order that
 *   waits on a person leaves nothing to release yet, and the Delete completes.
 */
export class PhoneNumberLifecycle implements ProvisioningLifecycle {
  constructor(
    private readonly voice: ChimeSDKVoiceClient,
    private readonly now: () => number = Date.now,
    // Lambda sends the provisioning functions' console output to their log groups.
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  public async onEvent(event: ProvisioningEvent): Promise<OnEventResult> {
    switch (event.RequestType) {
      case 'Create':
        return this.order(event);
      case 'Update':
        return searchCriteriaChanged(event) ? this.order(event) : { PhysicalResourceId: requirePhysicalId(event) };
      case 'Delete':
        return this.prepareRelease(event);
    }
  }

  public async isComplete(event: ProvisioningEvent): Promise<IsCompleteResult> {
    if (event.RequestType === 'Delete') {
      return this.release(event);
    }
    if (event.RequestType === 'Update' && !searchCriteriaChanged(event)) {
      // An Update that kept the number: nothing was ordered.
      const e164 = requirePhysicalId(event);
      return { IsComplete: true, Data: { E164PhoneNumber: e164, PhoneNumberId: e164 } };
    }
    return this.awaitOrder(event);
  }

  private async order(event: ProvisioningEvent): Promise<OnEventResult> {
    const name = numberName(event);
    const { own: earlier, predecessor } = await this.findOwnOrPredecessor(name);
    if (earlier?.E164PhoneNumber) {
      return { PhysicalResourceId: earlier.E164PhoneNumber, Data: earlier.OrderId ? { PhoneNumberOrderId: earlier.OrderId } : {} };
    }
    if (predecessor?.E164PhoneNumber) {
      return this.takeOver(predecessor, name);
    }
    const criteria = searchCriteria(event.ResourceProperties);
    const taken: string[] = [];
    for (let attempt = 1; attempt <= MAX_ORDER_ATTEMPTS; attempt++) {
      const e164 = await this.firstAvailable(criteria);
      const order = await this.placeOrder(e164, name);
      const ours = order.OrderedPhoneNumbers?.find((ordered) => ordered.E164PhoneNumber === e164);
      if (ours?.Status !== 'Failed') {
        return { PhysicalResourceId: e164, Data: { PhoneNumberOrderId: order.PhoneNumberOrderId! } };
      }
      // Someone else bought the number between our search and our order: search again.
      taken.push(e164);
    }
    throw new Error(
      `The numbers ${taken.join(', ')} were each taken by another buyer between search and order. `
      + 'Deploy again, or widen the search (another area code or state).',
    );
  }

  /**
   * A number an earlier deployment of this stack left unassigned (its rollback gave up on an order
   * that finished later, or its DeletionPolicy kept it): renamed for this resource, it is this
   * create's number, and nothing is bought. One still on order cannot be renamed yet, so the create
   * fails at once rather than buy a second number.
   */
  private async takeOver(predecessor: PhoneNumber, name: string): Promise<OnEventResult> {
    const e164 = predecessor.E164PhoneNumber!;
    if (predecessor.Status === ACQUIRING) {
      throw new Error(
        `Phone number ${e164}, ordered by an earlier deployment of this stack, is still being acquired${predecessor.OrderId ? ` (order ${predecessor.OrderId})` : ''}. `
        + 'Deploy again once its order has completed: this stack then takes the number over instead of buying another. '
        + `To buy another number instead, release that one once it has arrived (aws chime-sdk-voice delete-phone-number --phone-number-id ${e164}).`,
      );
    }
    await this.voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: predecessor.PhoneNumberId ?? e164, Name: name }));
    return { PhysicalResourceId: e164, Data: {} };
  }

  private async firstAvailable(criteria: SearchAvailablePhoneNumbersCommandInput): Promise<string> {
    const found = await this.voice.send(new SearchAvailablePhoneNumbersCommand({ ...criteria, MaxResults: 10 }));
    const [e164] = found.E164PhoneNumbers ?? [];
    if (!e164) {
      throw new Error(
        `No phone number is available for ${JSON.stringify(criteria)}. `
        + 'Widen the search (another area code or state), or order a number in the console and use PhoneNumber.fromE164().',
      );
    }
    return e164;
  }

  private async placeOrder(e164: string, name: string): Promise<PhoneNumberOrder> {
    try {
      const created = await this.voice.send(new CreatePhoneNumberOrderCommand({
        ProductType: 'SipMediaApplicationDialIn',
        E164PhoneNumbers: [e164],
        Name: name,
      }));
      if (!created.PhoneNumberOrder?.PhoneNumberOrderId) {
        throw new Error(`CreatePhoneNumberOrder for ${e164} returned no order ID.`);
      }
      return created.PhoneNumberOrder;
    } catch (error) {
      // The order may have been placed before the error reached us; a failed onEvent would leave
      // it to no one, so adopt it when it exists.
      const placed = await this.findNumberNamed(name);
      if (placed?.E164PhoneNumber && placed.OrderId) {
        return { PhoneNumberOrderId: placed.OrderId, OrderedPhoneNumbers: [{ E164PhoneNumber: placed.E164PhoneNumber, Status: 'Processing' }] };
      }
      throw error;
    }
  }

  private async awaitOrder(event: ProvisioningEvent): Promise<IsCompleteResult> {
    const number = await this.findNumberNamed(numberName(event));
    if (number?.E164PhoneNumber && HELD_STATUSES.has(number.Status ?? '')) {
      const e164 = number.E164PhoneNumber;
      return { IsComplete: true, PhysicalResourceId: e164, Data: { E164PhoneNumber: e164, PhoneNumberId: number.PhoneNumberId ?? e164 } };
    }
    const orderId = number?.OrderId ?? event.Data?.PhoneNumberOrderId;
    if (!orderId) {
      throw new Error(`The number ordered for ${event.LogicalResourceId} is gone from the account; deploy again to order another.`);
    }
    const order = await this.getOrder(orderId);
    const status = order.Status ?? '';
    if (status === SELF_FINISHING_ORDER_STATUS || (status === 'Successful' && number?.Status === ACQUIRING)) {
      return { IsComplete: false };
    }
    const e164 = number?.E164PhoneNumber ?? order.OrderedPhoneNumbers?.[0]?.E164PhoneNumber ?? requirePhysicalId(event);
    if (status === 'Successful') {
      // The order went through, but its number was released meanwhile: CloudFormation cancelled
      // this create and its Delete has run (it ignores this answer).
      throw new Error(`Phone number ${e164} was released before its create completed: the create was cancelled.`);
    }
    if (!FINAL_ORDER_STATUSES.has(status)) {
      throw new Error(
        `Phone number order ${orderId} for ${e164} is ${status}: ${WAITING_ORDER_ADVICE[status] ?? DEFAULT_WAITING_ADVICE}. `
        + 'The deployment does not wait for it. Once the number is in the account, use it with PhoneNumber.fromE164(); '
        + 'or ask AWS Support to cancel the order, then deploy again.',
      );
    }
    await this.releaseAcquired(order);
    throw new Error(
      `Phone number order ${orderId} for ${e164} ended with status ${status}: the number was not provisioned. `
      + 'Deploy again to order another number, or choose other search criteria.',
    );
  }

  private async prepareRelease(event: ProvisioningEvent): Promise<OnEventResult> {
    const target = await this.deleteTarget(event);
    return {
      PhysicalResourceId: requirePhysicalId(event),
      Data: {
        DeleteRequestedAt: String(this.now()),
        // Only templates of earlier versions ask the handler to retain (see `retainedByProperty`).
        ...target?.Status === ACQUIRING ? { NeverInService: 'true' } : {},
      },
    };
  }

  private async release(event: ProvisioningEvent): Promise<IsCompleteResult> {
    const requestedAt = Number(event.Data?.DeleteRequestedAt ?? this.now());
    const waited = this.now() - requestedAt;
    const target = await this.deleteTarget(event);
    if (!target) {
      // After a cancelled create, the create's onEvent may not have placed its order yet.
      const madeUpId = !E164.test(requirePhysicalId(event));
      return { IsComplete: !(madeUpId && waited < ON_EVENT_GRACE_MS) };
    }
    if (RELEASED_STATUSES.has(target.Status ?? '')) {
      return { IsComplete: true };
    }
    if (target.Status === ACQUIRING) {
      // Releasing now would race the order, which could then leave the number bought and unowned.
      // An order that waits on a person, or one that outlasts the wait, has nothing to release yet.
      const order = target.OrderId ? await this.getOrder(target.OrderId) : undefined;
      const stillProcessing = order === undefined || order.Status === SELF_FINISHING_ORDER_STATUS || order.Status === 'Successful';
      if (stillProcessing && waited < DELETE_ORDER_WAIT_MS) {
        return { IsComplete: false };
      }
      if (stillProcessing) {
        // The number may still arrive. Its name carries the stack's lineage, so the next deployment
        // of this stack takes it over (see `takeOver`) instead of buying another.
        this.warn(`Phone number ${target.E164PhoneNumber} (order ${target.OrderId ?? 'unknown'}) was still being acquired after `
          + `${Math.round(waited / 60_000)} minutes; this delete stops waiting for it. The next deployment of stack `
          + `${stackNameOf(event)} takes it over; to release it instead, once it has arrived: `
          + `aws chime-sdk-voice delete-phone-number --phone-number-id ${target.E164PhoneNumber}`);
      }
      return { IsComplete: true };
    }
    if (retainedByProperty(event)) {
      return { IsComplete: true };
    }
    return this.deleteNumber(target.PhoneNumberId ?? target.E164PhoneNumber!, waited);
  }

  /**
   * The number a Delete is about: the physical id when it is a number (CloudFormation knew the
   * create's answer), otherwise the number named after the resource.
   */
  private async deleteTarget(event: ProvisioningEvent): Promise<PhoneNumber | undefined> {
    const physicalId = requirePhysicalId(event);
    return E164.test(physicalId) ? this.getNumber(physicalId) : this.findNumberNamed(numberName(event));
  }

  private async releaseAcquired(order: PhoneNumberOrder): Promise<void> {
    for (const ordered of order.OrderedPhoneNumbers ?? []) {
      if (ordered.Status === 'Acquired' && ordered.E164PhoneNumber) {
        await this.deleteNumber(ordered.E164PhoneNumber, 0);
      }
    }
  }

  private async deleteNumber(phoneNumberId: string, waited: number): Promise<IsCompleteResult> {
    try {
      await this.voice.send(new DeletePhoneNumberCommand({ PhoneNumberId: phoneNumberId }));
    } catch (error) {
      if (error instanceof NotFoundException) {
        return { IsComplete: true };
      }
      if (isAssociationStillClearing(error)) {
        // The SIP rule was just deleted; the service clears its association asynchronously.
        if (waited < ASSOCIATION_WAIT_MS) {
          return { IsComplete: false };
        }
        throw new Error(
          `Phone number ${phoneNumberId} is still associated with a SIP rule after ${Math.round(waited / 60_000)} minutes: `
          + 'delete or disable the SIP rule that routes it, then retry the deletion.',
        );
      }
      throw error;
    }
    return { IsComplete: true };
  }

  private async getOrder(orderId: string): Promise<PhoneNumberOrder> {
    const response = await this.voice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }));
    if (!response.PhoneNumberOrder) {
      throw new Error(`GetPhoneNumberOrder returned nothing for order ${orderId}.`);
    }
    return response.PhoneNumberOrder;
  }

  private async getNumber(e164: string): Promise<PhoneNumber | undefined> {
    return (await unlessNotFound(() => this.voice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))))?.PhoneNumber;
  }

  private async findNumberNamed(name: string): Promise<PhoneNumber | undefined> {
    return (await this.findOwnOrPredecessor(name)).own;
  }

  /**
   * In one pass over the account's numbers: the number named `name`, and else one an earlier
   * deployment of the same stack left unassigned or still on order (same lineage, see `numberName`).
   */
  private async findOwnOrPredecessor(name: string): Promise<{ own?: PhoneNumber; predecessor?: PhoneNumber }> {
    const lineage = lineageOf(name);
    let predecessor: PhoneNumber | undefined;
    const own = await findInPages(async (nextToken) => {
      const page = await this.voice.send(new ListPhoneNumbersCommand({ ProductType: 'SipMediaApplicationDialIn', NextToken: nextToken }));
      return { items: page.PhoneNumbers, nextToken: page.NextToken };
    }, (number) => {
      if (RELEASED_STATUSES.has(number.Status ?? '')) {
        return false;
      }
      if (number.Name === name) {
        return true;
      }
      const leftBehind = number.Status === UNASSIGNED || number.Status === ACQUIRING;
      if (!predecessor && lineage && leftBehind && number.Name && lineageOf(number.Name) === lineage) {
        predecessor = number;
      }
      return false;
    });
    return { own, predecessor: own ? undefined : predecessor };
  }
}

/**
 * Templates of earlier versions of this library asked the handler to keep the number on delete
 * (`RemovalPolicy: retain`), except for one still on order; current templates leave that to
 * CloudFormation's DeletionPolicy, which sends no Delete for a number it keeps.
 */
function retainedByProperty(event: ProvisioningEvent): boolean {
  return optionalProperty(event.ResourceProperties, 'RemovalPolicy') === 'retain' && event.Data?.NeverInService !== 'true';
}

function isAssociationStillClearing(error: unknown): boolean {
  return error instanceof BadRequestException && (error as { Code?: string }).Code === 'PhoneNumberAssociationsExist';
}

/**
 * The number's name: one per resource and search criteria (see `resourceScopedName`), then its
 * lineage: a digest of what stays the same across deployments of the stack (the StackId without
 * the deployment's UUID, i.e. partition, region, account and stack name; the logical id; the search
 * criteria), so that a later deployment can recognise what an earlier one left behind.
 */
function numberName(event: ProvisioningEvent): string {
  const criteria = JSON.stringify(searchCriteria(event.ResourceProperties));
  const lineage = createHash('sha256')
    .update(`${event.StackId.replace(/\/[^/]*$/, '')}\n${event.LogicalResourceId}\n${criteria}`)
    .digest('hex')
    .slice(0, LINEAGE_DIGEST_LENGTH);
  return `${resourceScopedName(event, criteria)}-${lineage}`;
}

const LINEAGE_DIGEST_LENGTH = 16;

function lineageOf(name: string): string | undefined {
  const lineage = /-([0-9a-f]+)$/.exec(name)?.[1];
  return lineage?.length === LINEAGE_DIGEST_LENGTH ? lineage : undefined;
}

/** The stack's name, from arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>. */
function stackNameOf(event: ProvisioningEvent): string {
  return /:stack\/([^/]+)/.exec(event.StackId)?.[1] ?? event.StackId;
}

/**
 * SearchAvailablePhoneNumbers' filters, as the Voice API reference allows them
 * (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_SearchAvailablePhoneNumbers.html):
 * "Numbers outside the US only support the PhoneNumberType filter", so other filters are dropped
 * for them (the construct refuses them at synth).
 */
function searchCriteria(properties: Readonly<Record<string, unknown>>): SearchAvailablePhoneNumbersCommandInput {
  const phoneNumberType = requiredProperty(properties, 'PhoneNumberType');
  if (phoneNumberType !== 'Local' && phoneNumberType !== 'TollFree') {
    throw new Error(`Resource property PhoneNumberType must be Local or TollFree, got "${phoneNumberType}".`);
  }
  const country = requiredProperty(properties, 'Country');
  if (country !== 'US') {
    return { Country: country, PhoneNumberType: phoneNumberType };
  }
  return {
    Country: country,
    PhoneNumberType: phoneNumberType,
    AreaCode: optionalProperty(properties, 'AreaCode'),
    State: optionalProperty(properties, 'State'),
    City: optionalProperty(properties, 'City'),
    TollFreePrefix: optionalProperty(properties, 'TollFreePrefix'),
  };
}

function searchCriteriaChanged(event: ProvisioningEvent): boolean {
  const before = event.OldResourceProperties ?? {};
  return SEARCH_PROPERTIES.some((name) => optionalProperty(before, name) !== optionalProperty(event.ResourceProperties, name));
}
