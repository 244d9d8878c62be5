import type { IdStream, SeededIds } from '../ids';
import { notFound } from '../service-error';
import type {
  SipMediaApplicationCallHooks,
  SipMediaApplicationCallRequest,
  SipMediaApplicationCallSnapshot,
  SipMediaApplicationCallUpdate,
} from './voice-types';

interface CallRecord {
  readonly transactionId: string;
  readonly sipMediaApplicationId: string;
  readonly fromPhoneNumber: string;
  readonly toPhoneNumber: string;
  readonly argumentsMap: Readonly<Record<string, string>>;
  readonly updates: Array<Readonly<Record<string, string>>>;
  ended: boolean;
}

/**
 * The calls placed through CreateSipMediaApplicationCall. The simulator takes the calls over with
 * {@link SipMediaApplicationCallHooks}; without hooks the fake only hands out transaction IDs and
 * accepts updates for transactions it handed out and that have not ended.
 */
export class SipMediaApplicationCalls {
  private readonly calls = new Map<string, CallRecord>();
  private readonly transactionIds: IdStream;
  private hooks: SipMediaApplicationCallHooks = {};

  constructor(ids: SeededIds) {
    this.transactionIds = ids.stream('transaction');
  }

  /** Installs the hooks; replaces earlier ones. */
  public setHooks(hooks: SipMediaApplicationCallHooks): void {
    this.hooks = hooks;
  }

  /** Places a call. @returns its transaction ID */
  public async create(request: Omit<SipMediaApplicationCallRequest, 'transactionId'>): Promise<string> {
    const proposed = this.transactionIds.uuid();
    const answer = await this.hooks.createCall?.({ ...request, transactionId: proposed });
    const transactionId = (answer && answer.transactionId) ?? proposed;
    this.calls.set(transactionId, { ...request, transactionId, updates: [], ended: false });
    return transactionId;
  }

  /** Updates a call: through the hook if there is one, else NotFoundException for an unknown or ended transaction. */
  public async update(update: SipMediaApplicationCallUpdate): Promise<void> {
    const call = this.calls.get(update.transactionId);
    if (this.hooks.updateCall) {
      await this.hooks.updateCall(update);
    } else if (!call || call.ended || call.sipMediaApplicationId !== update.sipMediaApplicationId) {
      throw notFound(`No active call with transaction ${update.transactionId} on SIP media application ${update.sipMediaApplicationId}`);
    }
    call?.updates.push({ ...update.arguments });
  }

  /** Marks a call as ended. @returns whether it was active */
  public end(transactionId: string): boolean {
    const call = this.calls.get(transactionId);
    if (!call || call.ended) {
      return false;
    }
    call.ended = true;
    return true;
  }

  /** Every call placed, oldest first. */
  public list(): SipMediaApplicationCallSnapshot[] {
    return [...this.calls.values()].map((call) => ({ ...call, updates: call.updates.map((update) => ({ ...update })) }));
  }
}
