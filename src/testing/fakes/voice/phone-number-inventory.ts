import type { IdStream, SeededIds } from '../ids';
import { FakeServiceError, badRequest, notFound } from '../service-error';
import type { PhoneNumberCatalog } from './phone-number-catalog';
import type {
  OrderedPhoneNumberStatus,
  PhoneNumberOrderOutcome,
  PhoneNumberOrderSnapshot,
  PhoneNumberOrderStatus,
  PhoneNumberProductType,
  PhoneNumberSnapshot,
  PhoneNumberStatus,
  PhoneNumberType,
} from './voice-types';

/** Quotas and timings of the phone-number inventory. */
export interface PhoneNumberInventoryLimits {
  /** How many numbers the account may hold or have on order. */
  readonly phoneNumberQuota: number;
  /** How long a deleted number stays in the deletion queue before it is released. */
  readonly deletionQueueMs: number;
  /** How long an order stays `Processing` unless its outcome says otherwise. */
  readonly orderProcessingMs: number;
  /** How orders end when no outcome was queued. */
  readonly defaultOrderOutcome: PhoneNumberOrderOutcome;
  /**
   * How long a number's SIP rule association lingers after the rule is disabled or deleted;
   * DeletePhoneNumber is refused until it clears.
   */
  readonly associationClearingMs: number;
}

/** The fields UpdatePhoneNumber may change; the service takes one per call. */
export interface PhoneNumberChanges {
  readonly productType?: PhoneNumberProductType;
  readonly callingName?: string;
  readonly name?: string;
}

/** Where a number stands in its life. */
type Phase = 'acquiring' | 'held' | 'deleting';

interface PhoneNumberRecord {
  readonly e164PhoneNumber: string;
  readonly country: string;
  readonly type: PhoneNumberType;
  productType: PhoneNumberProductType;
  phase: Phase;
  readonly orderId?: string;
  name?: string;
  callingName?: string;
  readonly createdAt: number;
  updatedAt: number;
  deletionRequestedAt?: number;
  readonly associations: Array<{ readonly sipRuleId: string; readonly associatedAt: number; clearsAt?: number }>;
}

interface OrderRecord {
  readonly phoneNumberOrderId: string;
  readonly productType: PhoneNumberProductType;
  readonly outcome: PhoneNumberOrderOutcome;
  readonly createdAt: number;
  /** `Infinity` for a stuck order. */
  readonly completesAt: number;
  updatedAt: number;
  status: PhoneNumberOrderStatus;
  readonly numbers: Array<{ readonly e164PhoneNumber: string; status: OrderedPhoneNumberStatus }>;
}

const US = 'US';

/**
 * The numbers an account holds and the orders that bring them in, on the fake's clock:
 * an order is `Processing` (its numbers `AcquireInProgress`) until it completes as its outcome
 * says; DeletePhoneNumber moves a number to the deletion queue (`DeleteInProgress`), from which it
 * is released after the queue time (7 days by default) and becomes orderable again.
 */
export class PhoneNumberInventory {
  private readonly numbers = new Map<string, PhoneNumberRecord>();
  private readonly orders = new Map<string, OrderRecord>();
  private readonly queuedOutcomes: PhoneNumberOrderOutcome[] = [];
  /** Numbers another account bought: no longer available to anyone here. */
  private readonly takenElsewhere = new Set<string>();
  private readonly orderIds: IdStream;

  constructor(
    private readonly now: () => number,
    ids: SeededIds,
    private readonly catalog: PhoneNumberCatalog,
    private readonly limits: PhoneNumberInventoryLimits,
  ) {
    this.orderIds = ids.stream('phone-number-order');
  }

  /** Makes the next order (after those already queued) end as `outcome`. */
  public queueOrderOutcome(outcome: PhoneNumberOrderOutcome): void {
    this.queuedOutcomes.push(outcome);
  }

  /** Whether nobody (this account included) holds or has ordered the number, and the catalog offers it. */
  public isAvailable(e164PhoneNumber: string): boolean {
    return this.catalog.lookup(e164PhoneNumber) !== undefined && !this.numbers.has(e164PhoneNumber)
      && !this.takenElsewhere.has(e164PhoneNumber);
  }

  /**
   * Another account buys the number: it leaves the pool, and an order for it fails (the ordered
   * number and the order end `Failed`), as a number taken between search and order does.
   */
  public takeElsewhere(e164PhoneNumber: string): void {
    this.takenElsewhere.add(normalizeE164(e164PhoneNumber));
  }

  /**
   * Orders numbers. Unavailable numbers fail in the order; quota and product rules fail the request.
   * `name` is given to every number of the order, as CreatePhoneNumberOrder's `Name` is.
   */
  public createOrder(productType: PhoneNumberProductType, requestedNumbers: readonly string[], name?: string): PhoneNumberOrderSnapshot {
    const numbers = requestedNumbers.map(normalizeE164);
    if (numbers.length === 0) {
      throw badRequest('E164PhoneNumbers must name at least one number');
    }
    if (new Set(numbers).size !== numbers.length) {
      throw badRequest('E164PhoneNumbers must not repeat a number');
    }
    if (productType === 'VoiceConnector' && numbers.some((number) => countryOf(this.catalog, number) !== US)) {
      throw badRequest('Numbers outside the US must be ordered with ProductType SipMediaApplicationDialIn');
    }
    const orderable = numbers.filter((number) => this.isAvailable(number));
    const counted = [...this.numbers.values()].filter((record) => record.phase !== 'deleting').length;
    if (counted + orderable.length > this.limits.phoneNumberQuota) {
      throw new FakeServiceError('ResourceLimitExceededException',
        `The order would bring the account to ${counted + orderable.length} phone numbers; the quota is ${this.limits.phoneNumberQuota}`);
    }
    const outcome = this.queuedOutcomes.shift() ?? this.limits.defaultOrderOutcome;
    const now = this.now();
    const order: OrderRecord = {
      phoneNumberOrderId: this.orderIds.uuid(),
      productType,
      outcome,
      createdAt: now,
      completesAt: outcome.kind === 'stuck' ? Infinity : now + (outcome.processingMs ?? this.limits.orderProcessingMs),
      updatedAt: now,
      status: 'Processing',
      numbers: numbers.map((e164PhoneNumber) => ({ e164PhoneNumber, status: orderable.includes(e164PhoneNumber) ? 'Processing' : 'Failed' })),
    };
    this.orders.set(order.phoneNumberOrderId, order);
    for (const e164PhoneNumber of orderable) {
      const entry = this.catalog.lookup(e164PhoneNumber)!;
      this.numbers.set(e164PhoneNumber, {
        e164PhoneNumber,
        country: entry.country,
        type: entry.type,
        productType,
        phase: 'acquiring',
        orderId: order.phoneNumberOrderId,
        name: name === '' ? undefined : name,
        createdAt: now,
        updatedAt: now,
        associations: [],
      });
    }
    this.completeDueOrders(now);
    return orderSnapshot(order);
  }

  /**
   * Puts a number straight into the inventory, as if ordered long ago: for tests that start from
   * an account that already holds a number.
   */
  public addPhoneNumber(e164PhoneNumber: string, productType: PhoneNumberProductType): PhoneNumberSnapshot {
    const number = normalizeE164(e164PhoneNumber);
    if (this.numbers.has(number)) {
      throw new Error(`addPhoneNumber: the account already holds ${number}`);
    }
    const entry = this.catalog.lookup(number);
    const now = this.now();
    const record: PhoneNumberRecord = {
      e164PhoneNumber: number,
      country: entry?.country ?? countryOf(this.catalog, number),
      type: entry?.type ?? 'Local',
      productType,
      phase: 'held',
      createdAt: now,
      updatedAt: now,
      associations: [],
    };
    this.numbers.set(number, record);
    return this.numberSnapshot(record);
  }

  /** An order, or NotFoundException. */
  public requireOrder(orderId: string): PhoneNumberOrderSnapshot {
    const order = this.orders.get(orderId);
    if (!order) {
      throw notFound(`The phone number order ${orderId} does not exist`);
    }
    return orderSnapshot(order);
  }

  /** A number the account holds (in any phase), or NotFoundException. */
  public requireNumber(phoneNumberId: string): PhoneNumberSnapshot {
    return this.numberSnapshot(this.requireRecord(phoneNumberId));
  }

  /** A number the account holds and can route calls to: neither on order nor being deleted. */
  public findUsableNumber(e164PhoneNumber: string): PhoneNumberSnapshot | undefined {
    const record = this.numbers.get(normalizeE164(e164PhoneNumber));
    return record?.phase === 'held' ? this.numberSnapshot(record) : undefined;
  }

  /** Every number the account holds, oldest first (numbers of one order in order). */
  public list(): PhoneNumberSnapshot[] {
    return [...this.numbers.values()].map((record) => this.numberSnapshot(record));
  }

  /** Every order, oldest first. */
  public listOrders(): PhoneNumberOrderSnapshot[] {
    return [...this.orders.values()].map(orderSnapshot);
  }

  /** Applies UpdatePhoneNumber: one field per call. */
  public update(phoneNumberId: string, changes: PhoneNumberChanges): PhoneNumberSnapshot {
    const record = this.requireRecord(phoneNumberId);
    const changed = [changes.productType, changes.callingName, changes.name].filter((value) => value !== undefined).length;
    if (changed > 1) {
      throw badRequest('UpdatePhoneNumber changes one of ProductType, CallingName or Name per call');
    }
    if (record.phase !== 'held') {
      throw badRequest(`The phone number is ${statusOf(record)} and cannot be updated`);
    }
    if (changes.productType !== undefined && changes.productType !== record.productType) {
      if (changes.productType === 'VoiceConnector' && record.country !== US) {
        throw badRequest('Numbers outside the US must keep ProductType SipMediaApplicationDialIn');
      }
      if (record.associations.length > 0) {
        throw new FakeServiceError('ConflictException', 'The phone number is associated with a SIP rule; remove the rule before changing its product type');
      }
      record.productType = changes.productType;
    }
    if (changes.callingName !== undefined) {
      record.callingName = changes.callingName === '' ? undefined : changes.callingName;
    }
    if (changes.name !== undefined) {
      record.name = changes.name === '' ? undefined : changes.name;
    }
    record.updatedAt = this.now();
    return this.numberSnapshot(record);
  }

  /**
   * Applies DeletePhoneNumber: the number goes to the deletion queue. A number that an enabled SIP
   * rule still routes is refused with BadRequestException, code `PhoneNumberAssociationsExist`.
   */
  public delete(phoneNumberId: string): void {
    const record = this.requireRecord(phoneNumberId);
    if (record.phase !== 'held') {
      throw badRequest(`The phone number is ${statusOf(record)} and cannot be deleted`);
    }
    if (record.associations.length > 0) {
      throw badRequest(
        `The phone number is associated with SIP rule ${record.associations.map((association) => association.sipRuleId).join(', ')}; disable or delete the rule first`,
        'PhoneNumberAssociationsExist',
      );
    }
    const now = this.now();
    record.phase = 'deleting';
    record.deletionRequestedAt = now;
    record.updatedAt = now;
  }

  /** Records that an enabled SIP rule routes calls to this number. */
  public associate(e164PhoneNumber: string, sipRuleId: string): void {
    const record = this.numbers.get(normalizeE164(e164PhoneNumber));
    const existing = record?.associations.find((association) => association.sipRuleId === sipRuleId);
    if (existing) {
      existing.clearsAt = undefined;
    } else if (record) {
      record.associations.push({ sipRuleId, associatedAt: this.now() });
      record.updatedAt = this.now();
    }
  }

  /**
   * Removes a SIP rule's association, after the clearing time (immediately by default). The
   * service clears associations asynchronously: DeletePhoneNumber right after DeleteSipRule can
   * still be refused with PhoneNumberAssociationsExist.
   */
  public dissociate(e164PhoneNumber: string, sipRuleId: string): void {
    const record = this.numbers.get(normalizeE164(e164PhoneNumber));
    const association = record?.associations.find((candidate) => candidate.sipRuleId === sipRuleId);
    if (record && association && association.clearsAt === undefined) {
      association.clearsAt = this.now() + this.limits.associationClearingMs;
      this.clearAssociations(record, this.now());
    }
  }

  /** Completes due orders, clears lingering associations and releases numbers whose time in the deletion queue is over. */
  public applyTime(now: number): void {
    this.completeDueOrders(now);
    for (const record of [...this.numbers.values()]) {
      this.clearAssociations(record, now);
      if (record.phase === 'deleting' && record.deletionRequestedAt! + this.limits.deletionQueueMs <= now) {
        this.numbers.delete(record.e164PhoneNumber);
      }
    }
  }

  private clearAssociations(record: PhoneNumberRecord, now: number): void {
    for (let index = record.associations.length - 1; index >= 0; index--) {
      const clearsAt = record.associations[index].clearsAt;
      if (clearsAt !== undefined && clearsAt <= now) {
        record.associations.splice(index, 1);
        record.updatedAt = now;
      }
    }
  }

  private completeDueOrders(now: number): void {
    for (const order of this.orders.values()) {
      if (order.status === 'Processing' && order.completesAt <= now) {
        this.complete(order);
      }
    }
  }

  private complete(order: OrderRecord): void {
    if (order.outcome.kind === 'waiting') {
      // Only a person moves the order on from here; its numbers stay on order.
      order.status = order.outcome.status;
      order.updatedAt = order.completesAt;
      return;
    }
    const failing = failingNumbers(order);
    for (const item of order.numbers) {
      if (item.status !== 'Processing') {
        continue;
      }
      const record = this.numbers.get(item.e164PhoneNumber)!;
      if (failing.has(item.e164PhoneNumber)) {
        item.status = 'Failed';
        this.numbers.delete(item.e164PhoneNumber);
      } else {
        item.status = 'Acquired';
        record.phase = 'held';
        record.updatedAt = order.completesAt;
      }
    }
    const acquired = order.numbers.filter((item) => item.status === 'Acquired').length;
    order.status = acquired === order.numbers.length ? 'Successful' : acquired === 0 ? 'Failed' : 'Partial';
    order.updatedAt = order.completesAt;
  }

  private requireRecord(phoneNumberId: string): PhoneNumberRecord {
    const record = this.numbers.get(normalizeE164(phoneNumberId));
    if (!record) {
      throw notFound(`The account holds no phone number ${phoneNumberId}`);
    }
    return record;
  }

  private numberSnapshot(record: PhoneNumberRecord): PhoneNumberSnapshot {
    return {
      phoneNumberId: record.e164PhoneNumber,
      e164PhoneNumber: record.e164PhoneNumber,
      country: record.country,
      type: record.type,
      productType: record.productType,
      status: statusOf(record),
      associations: record.associations.map((association) => ({ name: 'SipRuleId', value: association.sipRuleId, associatedAt: association.associatedAt })),
      orderId: record.orderId,
      name: record.name,
      callingName: record.callingName,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      deletionRequestedAt: record.deletionRequestedAt,
    };
  }
}

/** `+` and digits: the API accepts E.164 with or without `+`, the fake stores it with. */
export function normalizeE164(number: string): string {
  return number.startsWith('+') ? number : `+${number}`;
}

function countryOf(catalog: PhoneNumberCatalog, e164PhoneNumber: string): string {
  // Outside the catalog, +1 counts as the US: the rule being enforced is about non-US numbers.
  return catalog.lookup(e164PhoneNumber)?.country ?? (e164PhoneNumber.startsWith('+1') ? US : 'ZZ');
}

function statusOf(record: PhoneNumberRecord): PhoneNumberStatus {
  switch (record.phase) {
    case 'acquiring':
      return 'AcquireInProgress';
    case 'deleting':
      return 'DeleteInProgress';
    default:
      return record.associations.length > 0 ? 'Assigned' : 'Unassigned';
  }
}

function failingNumbers(order: OrderRecord): Set<string> {
  const orderable = order.numbers.filter((item) => item.status === 'Processing').map((item) => item.e164PhoneNumber);
  switch (order.outcome.kind) {
    case 'failed':
      return new Set(orderable);
    case 'partial':
      return new Set(order.outcome.failedNumbers?.map(normalizeE164) ?? orderable.slice(1));
    default:
      return new Set();
  }
}

function orderSnapshot(order: OrderRecord): PhoneNumberOrderSnapshot {
  return {
    phoneNumberOrderId: order.phoneNumberOrderId,
    productType: order.productType,
    status: order.status,
    orderedPhoneNumbers: order.numbers.map((item) => ({ ...item })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
