#!/usr/bin/env node
// Compares an integration snapshot with a fresh synthesis, the way the jest snapshots do: asset
// hashes (which change with every byte of a bundled handler) are normalized, so the comparison is
// about the stack's shape. Usage: diff-integ-snapshot.js SNAPSHOT_DIR FRESH_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const [snapshotDir, freshDir] = process.argv.slice(2);
if (!snapshotDir || !freshDir) {
  console.error('usage: diff-integ-snapshot.js SNAPSHOT_DIR FRESH_DIR');
  process.exit(2);
}

// Left out as projen's own assert leaves them out: assets, nested assemblies, the manifest and the tree.
const IGNORED = [/^asset\./, /^cdk\.out$/, /^manifest\.json$/, /^tree\.json$/];

function files(dir) {
  return fs.readdirSync(dir).filter((name) => !IGNORED.some((pattern) => pattern.test(name))).sort();
}

function normalized(file) {
  return fs.readFileSync(file, 'utf-8')
    .replace(/[0-9a-f]{64}/g, '[ASSET-HASH]')
    .replace(/current_account-([a-z0-9-]+)-[0-9a-f]{8}/g, 'current_account-$1-[HASH]');
}

const expected = files(snapshotDir);
const actual = files(freshDir);
const problems = [];
for (const name of new Set([...expected, ...actual])) {
  if (!expected.includes(name) || !actual.includes(name)) {
    problems.push(`${name}: only in ${expected.includes(name) ? snapshotDir : freshDir}`);
    continue;
  }
  const before = normalized(path.join(snapshotDir, name)).split('\n');
  const after = normalized(path.join(freshDir, name)).split('\n');
  const line = before.findIndex((text, index) => text !== after[index]);
  if (line !== -1 || before.length !== after.length) {
    const at = line === -1 ? Math.min(before.length, after.length) : line;
    problems.push(`${name}: differs from line ${at + 1}\n  snapshot: ${before[at] ?? '(end)'}\n  now:      ${after[at] ?? '(end)'}`);
  }
}
if (problems.length > 0) {
  console.error(`The synthesized stack no longer matches ${snapshotDir} (asset hashes aside):\n${problems.join('\n')}\n`
    + 'If the change is intended, run `npx projen integ:snapshot-all` and commit the snapshot.');
  process.exit(1);
}
console.log(`${snapshotDir} matches (asset hashes aside).`);
