#!/usr/bin/env node
// Installs the pinned cfn-lint into a project-local Python virtual environment, once, so that the
// tests never depend on whichever cfn-lint (if any) is first on PATH. The version comes from
// .projenrc.ts through the `cfn-lint:install` task. The tests find the tool at CFN_LINT_PATH below.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const version = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
  fail(`expected the cfn-lint version to install as the only argument (for example 1.58.0), got ${JSON.stringify(version)}`);
}

const venv = path.resolve(__dirname, '..', '.tools', 'cfn-lint');
const cfnLint = path.join(venv, 'bin', 'cfn-lint');
const python = path.join(venv, 'bin', 'python');

if (installedVersion() === version) {
  process.exit(0);
}

const python3 = spawnSync('python3', ['--version'], { encoding: 'utf-8' });
if (python3.error || python3.status !== 0) {
  fail('python3 was not found on PATH: install Python 3.9 or newer with its venv module (on Debian: apt-get install python3 python3-venv), then run the command again.');
}

console.error(`cfn-lint:install: installing cfn-lint ${version} into ${path.relative(process.cwd(), venv) || venv}`);
fs.rmSync(venv, { recursive: true, force: true });
run('python3', ['-m', 'venv', venv], 'could not create a Python virtual environment; on Debian install python3-venv (apt-get install python3-venv).');
run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', `cfn-lint==${version}`],
  `pip could not install cfn-lint==${version}; check that PyPI is reachable.`);

const installed = installedVersion();
if (installed !== version) {
  fail(`expected cfn-lint ${version} in ${venv} after installing it, found ${installed ?? 'none'}.`);
}

function installedVersion() {
  if (!fs.existsSync(cfnLint)) {
    return undefined;
  }
  const result = spawnSync(cfnLint, ['--version'], { encoding: 'utf-8' });
  return /cfn-lint (\S+)/.exec(result.stdout ?? '')?.[1];
}

function run(command, args, hint) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error || result.status !== 0) {
    fail(hint);
  }
}

function fail(message) {
  console.error(`cfn-lint:install: ${message}`);
  process.exit(1);
}
