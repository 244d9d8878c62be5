import { buildSync } from 'esbuild';

/** Bundles `source` (written as if it sat in test/sma) the way the project bundles its Lambda handlers. */
function bundle(source: string): string {
  const result = buildSync({
    stdin: { contents: source, resolveDir: __dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('bundle size (the SMA runtime is meant to be tree-shaken into a Lambda handler)', () => {
  it('keeps a handler that uses only the router and joinChimeMeeting under 15 KB', () => {
    const code = bundle(`
      import { createSmaRouter, joinChimeMeeting } from '../../src/sma';
      export const handler = createSmaRouter()
        .on('NEW_INBOUND_CALL', (event, context) => [joinChimeMeeting({ joinToken: 'token', callId: context.legA!.CallId })])
        .handler;
    `);
    expect(Buffer.byteLength(code)).toBeLessThan(15 * 1024);
    // The router checks actions cheaply; the definitions of all 18 actions stay out.
    expect(code).not.toContain('bot-alias');
    expect(code).not.toContain('x-amzn');
  });

  it('keeps a handler that uses only joinChimeMeeting small', () => {
    const code = bundle(`
      import { joinChimeMeeting } from '../../src/sma';
      export const action = joinChimeMeeting({ joinToken: 'token' });
    `);
    expect(Buffer.byteLength(code)).toBeLessThan(5 * 1024);
    expect(code).not.toContain('INVALID_LAMBDA_RESPONSE');
  });

  it('runs nothing on import: importing the whole module for its side effects adds almost nothing', () => {
    expect(Buffer.byteLength(bundle("import '../../src/sma';"))).toBeLessThan(100);
  });
});
