#!/usr/bin/env node
// The release's `nextVersionCommand` (projen runs it in the bump, after it has written the latest
// released version into package.json):
// - before the first release tag exists, release 0.1.0 (projen would otherwise release 0.0.0);
// - on 0.x, a feature or a breaking change raises the minor version: commit-and-tag-version treats
//   0.x as "pre-major" and would make a feature a patch;
// - otherwise print nothing, and the conventional commits decide (a fix is a patch).
'use strict';
const { execFileSync } = require('child_process');

const git = (...args) => execFileSync('git', args, { encoding: 'utf-8' }).trim();

const tags = git('tag', '--list', 'v*', '--sort=-version:refname');
if (tags === '') {
  process.stdout.write('0.1.0\n');
  process.exit(0);
}
const latest = tags.split('\n')[0];
if (!latest.startsWith('v0.')) {
  process.exit(0);
}
// Subjects and bodies since the latest release, each commit ended by a NUL.
const commits = git('log', '--format=%s%n%b%x00', `${latest}..HEAD`).split('\0');
const raisesMinor = commits.some((commit) => /^feat(\([^)]*\))?!?:/.test(commit.trim())
  || /^\w+(\([^)]*\))?!:/.test(commit.trim())
  || /^BREAKING[ -]CHANGE:/m.test(commit));
if (raisesMinor) {
  process.stdout.write('minor\n');
}
