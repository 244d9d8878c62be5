import type { PhoneNumberType } from './voice-types';

/** A run of consecutive numbers the fake offers, with where they are. */
interface NumberBlock {
  readonly country: string;
  readonly type: PhoneNumberType;
  readonly state?: string;
  readonly city?: string;
  readonly areaCode?: string;
  readonly tollFreePrefix?: string;
  /** Everything before the varying suffix, with `+` and country code. */
  readonly prefix: string;
  readonly firstSuffix: number;
  readonly suffixDigits: number;
}

/** What SearchAvailablePhoneNumbers filters by. */
export interface CatalogQuery {
  readonly country: string;
  readonly type: PhoneNumberType;
  readonly areaCode?: string;
  readonly state?: string;
  readonly city?: string;
  readonly tollFreePrefix?: string;
}

/** Where a catalog number is. */
export interface CatalogEntry {
  readonly e164PhoneNumber: string;
  readonly country: string;
  readonly type: PhoneNumberType;
}

const NUMBERS_PER_BLOCK = 100;

// North American numbers use 555-0100..0199, the range reserved for fiction; the UK blocks use
// Ofcom's drama ranges. Other countries have no such range, so their blocks are merely unlikely.
// +1 703 and +1 360 are left out: AWS's pages show +17035550122 and +13605550122 as the meeting-bridge number (docs/sma-model.md#meeting-leg).
const US_LOCAL: ReadonlyArray<readonly [state: string, city: string, areaCode: string]> = [
  ['WA', 'Seattle', '206'],
  ['NY', 'New York', '212'],
  ['NY', 'New York', '646'],
  ['CA', 'San Francisco', '415'],
  ['CA', 'Los Angeles', '213'],
  ['IL', 'Chicago', '312'],
  ['TX', 'Austin', '512'],
  ['MA', 'Boston', '617'],
];
const US_TOLL_FREE_PREFIXES = ['800', '833', '844', '855', '866', '877', '888'];

const BLOCKS: readonly NumberBlock[] = [
  ...US_LOCAL.map(([state, city, areaCode]): NumberBlock => ({
    country: 'US', type: 'Local', state, city, areaCode, prefix: `+1${areaCode}555`, firstSuffix: 100, suffixDigits: 4,
  })),
  ...US_TOLL_FREE_PREFIXES.map((tollFreePrefix): NumberBlock => ({
    country: 'US', type: 'TollFree', tollFreePrefix, prefix: `+1${tollFreePrefix}555`, firstSuffix: 100, suffixDigits: 4,
  })),
  { country: 'CA', type: 'Local', state: 'ON', city: 'Toronto', areaCode: '416', prefix: '+1416555', firstSuffix: 100, suffixDigits: 4 },
  { country: 'GB', type: 'Local', city: 'London', prefix: '+44207946', firstSuffix: 0, suffixDigits: 4 },
  { country: 'GB', type: 'TollFree', prefix: '+44808157', firstSuffix: 0, suffixDigits: 4 },
  { country: 'DE', type: 'Local', city: 'Berlin', prefix: '+49309999', firstSuffix: 0, suffixDigits: 4 },
  { country: 'IT', type: 'TollFree', prefix: '+39800999', firstSuffix: 0, suffixDigits: 3 },
];

/**
 * The deterministic pool of numbers the fake Voice service offers: the same query always lists
 * the same numbers in the same order (minus those taken). Covers US local numbers by state, city
 * and area code, US toll-free numbers by prefix, and a few other countries, some of which offer
 * only one type (Canada local only, Italy toll-free only), as the console describes.
 */
export class PhoneNumberCatalog {
  private readonly entries = new Map<string, CatalogEntry>();

  constructor() {
    for (const block of BLOCKS) {
      for (const e164PhoneNumber of numbersOf(block)) {
        this.entries.set(e164PhoneNumber, { e164PhoneNumber, country: block.country, type: block.type });
      }
    }
  }

  /** Every catalog number matching the query, in catalog order. */
  public search(query: CatalogQuery): string[] {
    return BLOCKS.filter((block) => matches(block, query)).flatMap(numbersOf);
  }

  /** Where a number is, if the catalog offers it. */
  public lookup(e164PhoneNumber: string): CatalogEntry | undefined {
    return this.entries.get(e164PhoneNumber);
  }
}

function numbersOf(block: NumberBlock): string[] {
  const numbers: string[] = [];
  const limit = Math.min(NUMBERS_PER_BLOCK, 10 ** block.suffixDigits - block.firstSuffix);
  for (let i = 0; i < limit; i++) {
    numbers.push(block.prefix + String(block.firstSuffix + i).padStart(block.suffixDigits, '0'));
  }
  return numbers;
}

function matches(block: NumberBlock, query: CatalogQuery): boolean {
  return block.country === query.country
    && block.type === query.type
    && (query.areaCode === undefined || block.areaCode === query.areaCode)
    && (query.state === undefined || equalsIgnoringCase(block.state, query.state))
    && (query.city === undefined || equalsIgnoringCase(block.city, query.city))
    && (query.tollFreePrefix === undefined || block.tollFreePrefix === query.tollFreePrefix);
}

function equalsIgnoringCase(value: string | undefined, wanted: string): boolean {
  return value !== undefined && value.toLowerCase() === wanted.toLowerCase();
}
