#!/usr/bin/env node
// Compares an integration snapshot with a fresh synthesis, the way the jest snapshots do: asset
// hashes (which change with every byte of a bundled handler) and the salt that integ-tests-alpha
// stamps on every assertion (the synthesis time) are normalized, so the comparison is about the
// stacks' shape. Usage: diff-integ-snapshot.js SNAPSHOT_DIR FRESH_DIR
'use strict';
const fs = require('fs');
const path = require('path');

/**
 * What a snapshot keeps of a cloud assembly: templates, asset manifests, the integ manifest. Not the
 * assets, the manifest, the tree or the construct metadata (which holds stack traces of the synthesis).
 */
const IGNORED = [/^asset\./, /^cdk\.out$/, /^manifest\.json$/, /^tree\.json$/, /^validation-report\.json$/, /\.metadata\.json$/];

/** The names of the files of `dir` that a snapshot keeps. */
function snapshotFiles(dir) {
  return fs.readdirSync(dir).filter((name) => !IGNORED.some((pattern) => pattern.test(name))).sort();
}

function normalized(file) {
  return fs.readFileSync(file, 'utf-8')
    .replace(/[0-9a-f]{64}/g, '[ASSET-HASH]')
    .replace(/current_account-([a-z0-9_-]+)-[0-9a-f]{8}/g, 'current_account-$1-[HASH]')
    .replace(/"salt": "\d+"/g, '"salt": "[SYNTH-TIME]"');
}

/** How `freshDir` differs from `snapshotDir`, one message per file; empty when they match. */
function snapshotDifferences(snapshotDir, freshDir) {
  const expected = snapshotFiles(snapshotDir);
  const actual = snapshotFiles(freshDir);
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
  return problems;
}

/** Replaces the snapshot in `snapshotDir` with the files of `freshDir` that a snapshot keeps. */
function writeSnapshot(freshDir, snapshotDir) {
  fs.rmSync(snapshotDir, { recursive: true, force: true });
  fs.mkdirSync(snapshotDir, { recursive: true });
  for (const name of snapshotFiles(freshDir)) {
    fs.copyFileSync(path.join(freshDir, name), path.join(snapshotDir, name));
  }
}

module.exports = { snapshotDifferences, snapshotFiles, writeSnapshot };

if (require.main === module) {
  const [snapshotDir, freshDir] = process.argv.slice(2);
  if (!snapshotDir || !freshDir) {
    console.error('usage: diff-integ-snapshot.js SNAPSHOT_DIR FRESH_DIR');
    process.exit(2);
  }
  const problems = snapshotDifferences(snapshotDir, freshDir);
  if (problems.length > 0) {
    console.error(`The synthesized stacks no longer match ${snapshotDir} (asset hashes aside):\n${problems.join('\n')}\n`
      + 'If the change is intended, run `npx projen integ:snapshot` and commit the snapshot.');
    process.exit(1);
  }
  console.log(`${snapshotDir} matches (asset hashes aside).`);
}
