/* eslint-disable no-bitwise -- a pseudo-random generator and UUID layout are bit arithmetic */

/**
 * Deterministic identifiers: a given seed always yields the same meeting IDs, attendee IDs, join
 * tokens and transaction IDs, so that simulator transcripts are reproducible byte for byte.
 *
 * Each kind of identifier comes from its own stream (see {@link SeededIds.stream}), so that, say,
 * an extra request ID or a retried call does not shift every meeting ID that follows.
 */
export class SeededIds {
  private readonly seed: string;

  /** @param seed any number or string; the same seed gives the same identifiers */
  constructor(seed: number | string = DEFAULT_ID_SEED) {
    this.seed = String(seed);
  }

  /** An independent stream of identifiers for one kind of thing, e.g. `meeting` or `join-token`. */
  public stream(label: string): IdStream {
    return new IdStream(hashString(`${this.seed}\u0000${label}`));
  }
}

/** The seed used when none is given. */
export const DEFAULT_ID_SEED = 1;

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A deterministic sequence of pseudo-random values. Not for cryptography. */
export class IdStream {
  private state: number;

  /** @param state the initial 32-bit state */
  constructor(state: number) {
    this.state = state >>> 0;
  }

  /** The next pseudo-random unsigned 32-bit integer. */
  public nextUint32(): number {
    // A Weyl sequence through a 32-bit avalanche mix: cheap, full period, and well spread.
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  }

  /** A pseudo-random integer in `[0, bound)`. */
  public nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0) {
      throw new RangeError(`IdStream.nextInt: bound must be a positive integer, got ${bound}`);
    }
    return this.nextUint32() % bound;
  }

  /** A UUID-shaped identifier (version 4 layout), lower-case hex. */
  public uuid(): string {
    const bytes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const word = this.nextUint32();
      bytes.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** A string of `length` base64 characters, the shape of an opaque service token. */
  public token(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) {
      text += BASE64_ALPHABET[this.nextUint32() & 63];
    }
    return text;
  }
}

/** FNV-1a over UTF-16 code units: turns a seed and label into a 32-bit starting state. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
