/**
 * Jest snapshot serializer: CDK asset hashes change with every byte of a bundled handler, so
 * snapshots compare the template's shape and replace each hash with a stable placeholder.
 */
const ASSET_HASH = /[0-9a-f]{64}/g;
const PLACEHOLDER = '[ASSET-HASH]';

export function normalizeAssetHashes(text: string): string {
  return text.replace(ASSET_HASH, PLACEHOLDER);
}

export function test(value: unknown): boolean {
  return typeof value === 'string' && new RegExp(ASSET_HASH.source).test(value);
}

export function serialize(
  value: string,
  config: unknown,
  indentation: string,
  depth: number,
  refs: unknown,
  printer: (value: unknown, config: unknown, indentation: string, depth: number, refs: unknown) => string,
): string {
  return printer(normalizeAssetHashes(value), config, indentation, depth, refs);
}
