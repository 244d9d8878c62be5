#!/usr/bin/env node
// The release's `nextVersionCommand`: before the first release tag exists, release 0.1.0 (projen
// would otherwise release 0.0.0). After that, print nothing, and the conventional commits since the
// latest tag decide the bump (a fix is a patch, a feature a minor version while we are on 0.x).
'use strict';
const { execFileSync } = require('child_process');

const tags = execFileSync('git', ['tag', '--list', 'v*'], { encoding: 'utf-8' }).trim();
if (tags === '') {
  process.stdout.write('0.1.0\n');
}
