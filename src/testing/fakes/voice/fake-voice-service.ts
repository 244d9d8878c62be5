import { FakeService } from '../fake-service';
import type { FakeServiceOptions } from '../fake-service';
import type { OperationHandler } from '../http-server';
import type { JsonObject } from '../json';
import { formatValidationIssues, validateInput } from '../model-validator';
import { VOICE_MODEL } from '../models/voice-model.generated';
import { paginate } from '../paging';
import { badRequest } from '../service-error';
import { PhoneNumberCatalog } from './phone-number-catalog';
import type { CatalogQuery } from './phone-number-catalog';
import { PhoneNumberInventory } from './phone-number-inventory';
import { SipMediaApplicationCalls } from './sip-media-application-calls';
import { SipRuleBook } from './sip-rule-book';
import type { CreateSipRuleParams, UpdateSipRuleParams } from './sip-rule-book';
import type {
  PhoneNumberOrderOutcome,
  PhoneNumberOrderSnapshot,
  PhoneNumberProductType,
  PhoneNumberSnapshot,
  SipMediaApplicationCallHooks,
  SipMediaApplicationCallRequest,
  SipMediaApplicationCallSnapshot,
  SipMediaApplicationCallUpdate,
  SipRuleSnapshot,
} from './voice-types';

/** What {@link FakeVoiceService.createSipMediaApplicationCall} takes: the request without the transaction ID. */
export type SipMediaApplicationCallInit = Omit<SipMediaApplicationCallRequest, 'transactionId' | 'sipHeaders' | 'argumentsMap'>
& Partial<Pick<SipMediaApplicationCallRequest, 'sipHeaders' | 'argumentsMap'>>;

/** Options of {@link FakeVoiceService}. */
export interface FakeVoiceServiceOptions extends FakeServiceOptions {
  /** Phone numbers the account may hold or have on order. Default: 5 (the default quota). */
  readonly phoneNumberQuota?: number;
  /** How long an order stays `Processing`. Default: 30 seconds (undocumented; US orders take about a minute). */
  readonly orderProcessingMs?: number;
  /** How orders end unless {@link FakeVoiceService.queueOrderOutcome} says otherwise. Default: `{ kind: 'successful' }`. */
  readonly orderOutcome?: PhoneNumberOrderOutcome;
  /** How long a deleted number stays in the deletion queue. Default: 7 days (the documented value). */
  readonly deletionQueueMs?: number;
  /** Hooks that take over CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall. */
  readonly callHooks?: SipMediaApplicationCallHooks;
}

/** What {@link FakeVoiceService.inventory} lists. */
export interface InventoryOptions {
  /** Whether numbers in the deletion queue (`DeleteInProgress`) count. Default: true, the account still holds them. */
  readonly includeDeletionQueue?: boolean;
}

const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_PAGE_SIZE = 100;
const US = 'US';

/**
 * A fake Amazon Chime SDK Voice service (API 2022-08-03) on 127.0.0.1, for the real
 * `@aws-sdk/client-chime-sdk-voice` client. Serves the phone-number, SIP-rule and
 * SIP-media-application-call operations the construct's provisioning and the app's dial-out use,
 * validated against the service model:
 *
 * - SearchAvailablePhoneNumbers from a deterministic pool (see {@link PhoneNumberCatalog});
 * - CreatePhoneNumberOrder / GetPhoneNumberOrder: `Processing` for a while on the fake's clock,
 *   then `Successful`, or the outcome queued with {@link queueOrderOutcome} (`Failed`, `Partial`, stuck);
 * - GetPhoneNumber, ListPhoneNumbers, UpdatePhoneNumber, DeletePhoneNumber (to the 7-day deletion
 *   queue; refused while an enabled SIP rule routes the number);
 * - CreateSipRule, GetSipRule, UpdateSipRule, DeleteSipRule (see {@link SipRuleBook});
 * - CreateSipMediaApplicationCall, UpdateSipMediaApplicationCall, through hooks the simulator installs.
 *
 * {@link inventory} answers "which numbers does this account hold", so tests can prove that no
 * phone number leaks.
 */
export class FakeVoiceService extends FakeService {
  private readonly catalog = new PhoneNumberCatalog();
  private readonly numbers: PhoneNumberInventory;
  private readonly sipRuleBook: SipRuleBook;
  private readonly smaCalls: SipMediaApplicationCalls;

  /** @param options clock, seed, quotas, order behaviour and call hooks */
  constructor(options: FakeVoiceServiceOptions = {}) {
    super(VOICE_MODEL, options);
    const now = () => this.clock.now();
    this.numbers = new PhoneNumberInventory(now, this.ids, this.catalog, {
      phoneNumberQuota: options.phoneNumberQuota ?? 5,
      deletionQueueMs: options.deletionQueueMs ?? 7 * DAY_MS,
      orderProcessingMs: options.orderProcessingMs ?? 30_000,
      defaultOrderOutcome: options.orderOutcome ?? { kind: 'successful' },
    });
    this.sipRuleBook = new SipRuleBook(now, this.ids, this.numbers);
    this.smaCalls = new SipMediaApplicationCalls(this.ids);
    this.smaCalls.setHooks(options.callHooks ?? {});
  }

  /** The phone numbers the account holds, with status, product type and SIP rule associations. */
  public inventory(options: InventoryOptions = {}): PhoneNumberSnapshot[] {
    this.catchUpWithClock();
    const numbers = this.numbers.list();
    return options.includeDeletionQueue === false ? numbers.filter((number) => number.status !== 'DeleteInProgress') : numbers;
  }

  /** Every phone number order, oldest first. */
  public phoneNumberOrders(): PhoneNumberOrderSnapshot[] {
    this.catchUpWithClock();
    return this.numbers.listOrders();
  }

  /** Every SIP rule, oldest first. */
  public sipRules(): SipRuleSnapshot[] {
    return this.sipRuleBook.list();
  }

  /** Makes the next phone number order end as `outcome` (outcomes queue up, one per order). */
  public queueOrderOutcome(outcome: PhoneNumberOrderOutcome): void {
    this.numbers.queueOrderOutcome(outcome);
  }

  /** Puts a number straight into the inventory (status `Unassigned`), for tests that start from a number the account already holds. */
  public addPhoneNumber(e164PhoneNumber: string, productType: PhoneNumberProductType = 'SipMediaApplicationDialIn'): PhoneNumberSnapshot {
    this.catchUpWithClock();
    return this.numbers.addPhoneNumber(e164PhoneNumber, productType);
  }

  /** Installs the hooks that take over the call operations (replacing earlier ones). */
  public setCallHooks(hooks: SipMediaApplicationCallHooks): void {
    this.smaCalls.setHooks(hooks);
  }

  /** Every call placed through CreateSipMediaApplicationCall, with its updates. */
  public calls(): SipMediaApplicationCallSnapshot[] {
    return this.smaCalls.list();
  }

  /**
   * Places a call without HTTP, exactly as CreateSipMediaApplicationCall does (same checks, same
   * hooks). Throws {@link FakeServiceError} like the operation. @returns the transaction ID
   */
  public async createSipMediaApplicationCall(init: SipMediaApplicationCallInit): Promise<string> {
    const input: JsonObject = {
      SipMediaApplicationId: init.sipMediaApplicationId,
      FromPhoneNumber: init.fromPhoneNumber,
      ToPhoneNumber: init.toPhoneNumber,
      SipHeaders: init.sipHeaders && { ...init.sipHeaders },
      ArgumentsMap: init.argumentsMap && { ...init.argumentsMap },
    };
    checkInput('CreateSipMediaApplicationCall', input);
    this.catchUpWithClock();
    return this.createCall(input);
  }

  /**
   * Updates a call without HTTP, exactly as UpdateSipMediaApplicationCall does (same checks, same
   * hooks). Throws {@link FakeServiceError} like the operation.
   */
  public async updateSipMediaApplicationCall(update: SipMediaApplicationCallUpdate): Promise<void> {
    checkInput('UpdateSipMediaApplicationCall', {
      SipMediaApplicationId: update.sipMediaApplicationId, TransactionId: update.transactionId, Arguments: { ...update.arguments },
    });
    this.catchUpWithClock();
    await this.smaCalls.update({ ...update, arguments: { ...update.arguments } });
  }

  /** Ends a call, so that UpdateSipMediaApplicationCall answers NotFoundException (without an update hook). @returns whether it was active */
  public endCall(transactionId: string): boolean {
    return this.smaCalls.end(transactionId);
  }

  protected applyTime(now: number): void {
    this.numbers.applyTime(now);
  }

  protected operationHandlers(): Record<string, OperationHandler> {
    return {
      CreateSipMediaApplicationCall: async (input) => ({ SipMediaApplicationCall: { TransactionId: await this.createCall(input) } }),
      UpdateSipMediaApplicationCall: async (input) => {
        await this.smaCalls.update({
          sipMediaApplicationId: String(input.SipMediaApplicationId),
          transactionId: String(input.TransactionId),
          arguments: stringMap(input.Arguments),
        });
        return { SipMediaApplicationCall: { TransactionId: String(input.TransactionId) } };
      },
      SearchAvailablePhoneNumbers: (input) => this.searchAvailablePhoneNumbers(input),
      CreatePhoneNumberOrder: (input) => ({
        PhoneNumberOrder: wireOrder(this.numbers.createOrder(
          input.ProductType as PhoneNumberProductType, input.E164PhoneNumbers as string[], optionalString(input.Name))),
      }),
      ListPhoneNumberOrders: (input) => {
        const page = paginate(this.numbers.listOrders(), maxResults(input), optionalString(input.NextToken));
        return { PhoneNumberOrders: page.items.map(wireOrder), NextToken: page.nextToken };
      },
      GetPhoneNumberOrder: (input) => ({ PhoneNumberOrder: wireOrder(this.numbers.requireOrder(String(input.PhoneNumberOrderId))) }),
      GetPhoneNumber: (input) => ({ PhoneNumber: wirePhoneNumber(this.numbers.requireNumber(String(input.PhoneNumberId))) }),
      ListPhoneNumbers: (input) => this.listPhoneNumbers(input),
      UpdatePhoneNumber: (input) => ({
        PhoneNumber: wirePhoneNumber(this.numbers.update(String(input.PhoneNumberId), {
          productType: input.ProductType as PhoneNumberProductType | undefined,
          callingName: input.CallingName as string | undefined,
          name: input.Name as string | undefined,
        })),
      }),
      DeletePhoneNumber: (input) => {
        this.numbers.delete(String(input.PhoneNumberId));
      },
      CreateSipRule: (input) => ({ SipRule: wireSipRule(this.sipRuleBook.create(input as unknown as CreateSipRuleParams)) }),
      GetSipRule: (input) => ({ SipRule: wireSipRule(this.sipRuleBook.get(String(input.SipRuleId))) }),
      ListSipRules: (input) => {
        const sipMediaApplicationId = optionalString(input.SipMediaApplicationId);
        const rules = this.sipRuleBook.list().filter((rule) => sipMediaApplicationId === undefined
          || rule.targetApplications.some((target) => target.sipMediaApplicationId === sipMediaApplicationId));
        const page = paginate(rules, maxResults(input), optionalString(input.NextToken));
        return { SipRules: page.items.map(wireSipRule), NextToken: page.nextToken };
      },
      UpdateSipRule: (input) => ({ SipRule: wireSipRule(this.sipRuleBook.update(String(input.SipRuleId), input as unknown as UpdateSipRuleParams)) }),
      DeleteSipRule: (input) => {
        this.sipRuleBook.delete(String(input.SipRuleId));
      },
    };
  }

  private async createCall(input: JsonObject): Promise<string> {
    const fromPhoneNumber = String(input.FromPhoneNumber);
    if (!this.numbers.findUsableNumber(fromPhoneNumber)) {
      throw badRequest('FromPhoneNumber must be a phone number this account holds');
    }
    return this.smaCalls.create({
      sipMediaApplicationId: String(input.SipMediaApplicationId),
      fromPhoneNumber,
      toPhoneNumber: String(input.ToPhoneNumber),
      sipHeaders: stringMap(input.SipHeaders),
      argumentsMap: stringMap(input.ArgumentsMap),
    });
  }

  private searchAvailablePhoneNumbers(input: JsonObject): JsonObject {
    const query = catalogQuery(input);
    const available = this.catalog.search(query).filter((number) => this.numbers.isAvailable(number));
    const page = paginate(available, maxResults(input), optionalString(input.NextToken));
    return { E164PhoneNumbers: page.items, NextToken: page.nextToken };
  }

  private listPhoneNumbers(input: JsonObject): JsonObject {
    const filterName = optionalString(input.FilterName);
    const filterValue = optionalString(input.FilterValue);
    if ((filterName === undefined) !== (filterValue === undefined)) {
      throw badRequest('FilterName and FilterValue go together');
    }
    const associated = (number: PhoneNumberSnapshot) =>
      number.associations.some((association) => association.name === filterName && association.value === filterValue);
    const numbers = this.numbers.list().filter((number) =>
      (input.Status === undefined || number.status === input.Status)
      && (input.ProductType === undefined || number.productType === input.ProductType)
      && (filterName === undefined || associated(number)));
    const page = paginate(numbers, maxResults(input), optionalString(input.NextToken));
    return { PhoneNumbers: page.items.map(wirePhoneNumber), NextToken: page.nextToken };
  }
}

/** Validates a programmatic request as the HTTP front end would. */
function checkInput(operation: string, input: JsonObject): void {
  const issues = validateInput(VOICE_MODEL, operation, input);
  if (issues.length > 0) {
    throw badRequest(formatValidationIssues(issues));
  }
}

/** SearchAvailablePhoneNumbers' filters, with the combinations the service refuses. */
function catalogQuery(input: JsonObject): CatalogQuery {
  const tollFreePrefix = optionalString(input.TollFreePrefix);
  const areaCode = optionalString(input.AreaCode);
  const state = optionalString(input.State);
  const city = optionalString(input.City);
  const country = optionalString(input.Country) ?? US;
  if (input.PhoneNumberType === 'Local' && tollFreePrefix !== undefined) {
    throw badRequest('TollFreePrefix cannot be combined with PhoneNumberType Local');
  }
  const type = input.PhoneNumberType === 'TollFree' || tollFreePrefix !== undefined ? 'TollFree' : 'Local';
  if (type === 'TollFree' && (areaCode ?? state ?? city) !== undefined) {
    throw badRequest('Toll-free numbers are searched by TollFreePrefix, not by AreaCode, State or City');
  }
  if (country === US && city !== undefined && state === undefined) {
    throw badRequest('City needs State');
  }
  return { country, type, areaCode, state, city, tollFreePrefix };
}

function maxResults(input: JsonObject): number {
  return typeof input.MaxResults === 'number' ? input.MaxResults : DEFAULT_PAGE_SIZE;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      map[key] = String(entry);
    }
  }
  return map;
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function wireOrder(order: PhoneNumberOrderSnapshot): JsonObject {
  return {
    PhoneNumberOrderId: order.phoneNumberOrderId,
    ProductType: order.productType,
    Status: order.status,
    OrderType: 'New',
    OrderedPhoneNumbers: order.orderedPhoneNumbers.map((item) => ({ E164PhoneNumber: item.e164PhoneNumber, Status: item.status })),
    CreatedTimestamp: iso(order.createdAt),
    UpdatedTimestamp: iso(order.updatedAt),
  };
}

function wirePhoneNumber(number: PhoneNumberSnapshot): JsonObject {
  return {
    PhoneNumberId: number.phoneNumberId,
    E164PhoneNumber: number.e164PhoneNumber,
    Country: number.country,
    Type: number.type,
    ProductType: number.productType,
    Status: number.status,
    Capabilities: { InboundCall: true, OutboundCall: true, InboundSMS: false, OutboundSMS: false, InboundMMS: false, OutboundMMS: false },
    Associations: number.associations.map((association) => ({
      Value: association.value,
      Name: association.name,
      AssociatedTimestamp: iso(association.associatedAt),
    })),
    CallingName: number.callingName,
    CallingNameStatus: number.callingName === undefined ? 'Unassigned' : 'UpdateSucceeded',
    CreatedTimestamp: iso(number.createdAt),
    UpdatedTimestamp: iso(number.updatedAt),
    DeletionTimestamp: iso(number.deletionRequestedAt),
    OrderId: number.orderId,
    Name: number.name,
  };
}

function wireSipRule(rule: SipRuleSnapshot): JsonObject {
  return {
    SipRuleId: rule.sipRuleId,
    Name: rule.name,
    Disabled: rule.disabled,
    TriggerType: rule.triggerType,
    TriggerValue: rule.triggerValue,
    TargetApplications: rule.targetApplications.map((target) => ({
      SipMediaApplicationId: target.sipMediaApplicationId,
      Priority: target.priority,
      AwsRegion: target.awsRegion,
    })),
    CreatedTimestamp: iso(rule.createdAt),
    UpdatedTimestamp: iso(rule.updatedAt),
  };
}
