#!/usr/bin/env node
// Adds a release's changelog entry (the one projen's bump writes to dist/changelog.md) at the top of
// CHANGELOG.md. The release workflow runs it after the GitHub release is published, then commits
// the file. A version already in CHANGELOG.md is left alone, so a re-run adds nothing twice.
// Usage: node scripts/update-changelog.js <entry.md> <CHANGELOG.md> <version>
'use strict';
const fs = require('fs');

const HEADER = '# Changelog';

function updateChangelog(entry, changelog, version) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new Error(`expected a semantic version such as 0.1.0, got ${JSON.stringify(version)}`);
  }
  const body = entry.trim();
  if (!new RegExp(`^##+ \\[?v?${version.replace(/\./g, '\\.')}\\b`).test(body)) {
    throw new Error(`the changelog entry does not start with a heading for version ${version}`);
  }
  const existing = changelog.trim() === '' ? HEADER : changelog.trim();
  if (!existing.startsWith(HEADER)) {
    throw new Error(`CHANGELOG.md must start with "${HEADER}"`);
  }
  if (new RegExp(`^##+ \\[?v?${version.replace(/\./g, '\\.')}\\b`, 'm').test(existing)) {
    return `${existing}\n`;
  }
  const [header, ...rest] = existing.split('\n');
  const preamble = [];
  while (rest.length > 0 && !/^##+ /.test(rest[0])) {
    preamble.push(rest.shift());
  }
  return [header, ...preamble, '', body, '', ...rest].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

if (require.main === module) {
  const [entryFile, changelogFile, version] = process.argv.slice(2);
  if (!entryFile || !changelogFile || !version) {
    console.error('usage: node scripts/update-changelog.js <entry.md> <CHANGELOG.md> <version>');
    process.exit(2);
  }
  const changelog = fs.existsSync(changelogFile) ? fs.readFileSync(changelogFile, 'utf-8') : '';
  fs.writeFileSync(changelogFile, updateChangelog(fs.readFileSync(entryFile, 'utf-8'), changelog, version));
}

module.exports = { updateChangelog };
