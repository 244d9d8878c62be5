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
import { SipMediaApplicationBook } from './sip-media-application-book';
import type { CreateSipMediaApplicationParams, UpdateSipMediaApplicationParams } from './sip-media-application-book';
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
  SipMediaApplicationSnapshot,
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
  /**
   * How long a number's SIP rule association lingers after the rule is disabled or deleted, during
   * which DeletePhoneNumber is refused (`PhoneNumberAssociationsExist`). Default: 0 (undocumented).
   */
  readonly associationClearingMs?: number;
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
 *   then `Successful`, or the outcome queued with {@link queueOrderOutcome} (`Failed`, `Partial`, stuck,
 *   or a status that waits on a person such as `PendingDocuments`); numbers another account takes
 *   ({@link takeNumberElsewhere}, {@link loseFirstSearchResults}) fail in the order;
 * - SearchAvailablePhoneNumbers refuses the filter combinations the API reference excludes;
 * - GetPhoneNumber, ListPhoneNumbers, UpdatePhoneNumber, DeletePhoneNumber (to the 7-day deletion
 *   queue; refused while an enabled SIP rule routes the number);
 * - CreateSipRule, GetSipRule, UpdateSipRule, DeleteSipRule (see {@link SipRuleBook}); an association
 *   may linger after its rule is disabled (`associationClearingMs`);
 * - Create/Get/List/Update/DeleteSipMediaApplication (see {@link SipMediaApplicationBook});
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
  private readonly smaBook: SipMediaApplicationBook;
  /** Searches after which another account takes the first number listed. */
  private searchesLosingTheirFirstNumber = 0;

  /** @param options clock, seed, quotas, order behaviour and call hooks */
  constructor(options: FakeVoiceServiceOptions = {}) {
    super(VOICE_MODEL, options);
    const now = () => this.clock.now();
    this.numbers = new PhoneNumberInventory(now, this.ids, this.catalog, {
      phoneNumberQuota: options.phoneNumberQuota ?? 5,
      deletionQueueMs: options.deletionQueueMs ?? 7 * DAY_MS,
      orderProcessingMs: options.orderProcessingMs ?? 30_000,
      defaultOrderOutcome: options.orderOutcome ?? { kind: 'successful' },
      associationClearingMs: options.associationClearingMs ?? 0,
    });
    this.smaBook = new SipMediaApplicationBook(now, this.ids, this.accountId);
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

  /** Every SIP media application made through CreateSipMediaApplication, oldest first. */
  public sipMediaApplications(): SipMediaApplicationSnapshot[] {
    return this.smaBook.list();
  }

  /**
   * Another account buys a number: it leaves the pool, and an order for it fails, as for a number
   * taken between SearchAvailablePhoneNumbers and CreatePhoneNumberOrder.
   */
  public takeNumberElsewhere(e164PhoneNumber: string): void {
    this.numbers.takeElsewhere(e164PhoneNumber);
  }

  /**
   * Races the next `searches` searches: right after each answers, another account takes the first
   * number it listed (see {@link takeNumberElsewhere}).
   */
  public loseFirstSearchResults(searches = 1): void {
    this.searchesLosingTheirFirstNumber += searches;
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
      CreateSipMediaApplication: (input) => ({
        SipMediaApplication: wireSipMediaApplication(this.smaBook.create(input as unknown as CreateSipMediaApplicationParams)),
      }),
      GetSipMediaApplication: (input) => ({
        SipMediaApplication: wireSipMediaApplication(this.smaBook.get(String(input.SipMediaApplicationId))),
      }),
      ListSipMediaApplications: (input) => {
        const page = paginate(this.smaBook.list(), maxResults(input), optionalString(input.NextToken));
        return { SipMediaApplications: page.items.map(wireSipMediaApplication), NextToken: page.nextToken };
      },
      UpdateSipMediaApplication: (input) => ({
        SipMediaApplication: wireSipMediaApplication(this.smaBook.update(
          String(input.SipMediaApplicationId), input as unknown as UpdateSipMediaApplicationParams)),
      }),
      DeleteSipMediaApplication: (input) => {
        this.smaBook.delete(String(input.SipMediaApplicationId));
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
    if (this.searchesLosingTheirFirstNumber > 0 && page.items.length > 0) {
      this.searchesLosingTheirFirstNumber--;
      this.numbers.takeElsewhere(page.items[0]);
    }
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

/**
 * SearchAvailablePhoneNumbers' filters, with the combinations the service refuses. The Voice API
 * reference (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_SearchAvailablePhoneNumbers.html):
 * "For US numbers, provide at least one of the following search filters: AreaCode, City, State,
 * or TollFreePrefix. If you provide City, you must also provide State. Numbers outside the US only
 * support the PhoneNumberType filter, which you must use."
 */
function catalogQuery(input: JsonObject): CatalogQuery {
  const tollFreePrefix = optionalString(input.TollFreePrefix);
  const areaCode = optionalString(input.AreaCode);
  const state = optionalString(input.State);
  const city = optionalString(input.City);
  const country = optionalString(input.Country) ?? US;
  if (country !== US) {
    const usOnly = Object.entries({ AreaCode: areaCode, State: state, City: city, TollFreePrefix: tollFreePrefix })
      .filter(([, value]) => value !== undefined).map(([name]) => name);
    if (usOnly.length > 0) {
      throw badRequest(`Numbers outside the US only support the PhoneNumberType filter; remove ${usOnly.join(', ')}`);
    }
    if (input.PhoneNumberType === undefined) {
      throw badRequest('PhoneNumberType is required for numbers outside the US');
    }
  } else if ((areaCode ?? state ?? city ?? tollFreePrefix) === undefined) {
    throw badRequest('For US numbers, provide at least one of the following search filters: AreaCode, City, State, or TollFreePrefix');
  }
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

function wireSipMediaApplication(application: SipMediaApplicationSnapshot): JsonObject {
  return {
    SipMediaApplicationId: application.sipMediaApplicationId,
    SipMediaApplicationArn: application.sipMediaApplicationArn,
    AwsRegion: application.awsRegion,
    Name: application.name,
    Endpoints: application.endpoints.map((lambdaArn) => ({ LambdaArn: lambdaArn })),
    CreatedTimestamp: iso(application.createdAt),
    UpdatedTimestamp: iso(application.updatedAt),
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
