import { normalizeAssetHashes } from './asset-hash-serializer';

const HASH = 'a'.repeat(40) + '0123456789abcdef01234567';

describe('asset hash serializer', () => {
  it('replaces every 64-hex asset hash inside a string', () => {
    expect(normalizeAssetHashes(`${HASH}.zip and ${HASH.replace('a', 'b')}`)).toBe('[ASSET-HASH].zip and [ASSET-HASH]');
  });

  it('keeps shorter hex runs such as resource suffixes', () => {
    expect(normalizeAssetHashes('HandlerServiceRole4A8F2C1D')).toBe('HandlerServiceRole4A8F2C1D');
  });

  it('is registered with jest, so snapshots never contain a raw hash', () => {
    expect({ S3Key: `${HASH}.zip` }).toMatchInlineSnapshot(`
{
  "S3Key": "[ASSET-HASH].zip",
}
`);
  });
});
