import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { updateChangelog } = require('../../scripts/update-changelog.js') as {
  updateChangelog(entry: string, changelog: string, version: string): string;
};

const ROOT = path.join(__dirname, '..', '..');
const ENTRY_0_1_0 = '## 0.1.0 (2026-12-01)\n\n### Features\n\n* **dial-in:** one construct\n';
const ENTRY_0_1_1 = '## [0.1.1](https://example.com/compare/v0.1.0...v0.1.1) (2026-12-02)\n\n### Bug Fixes\n\n* a fix\n';

describe('update-changelog', () => {
  test('puts the newest release first, below the header and its preamble', () => {
    const first = updateChangelog(ENTRY_0_1_0, '# Changelog\n\nAll notable changes.\n', '0.1.0');
    const second = updateChangelog(ENTRY_0_1_1, first, '0.1.1');

    expect(second).toBe([
      '# Changelog', '', 'All notable changes.', '',
      ENTRY_0_1_1.trim(), '',
      ENTRY_0_1_0.trim(), '',
    ].join('\n'));
  });

  test('adds a version once, however often the workflow runs', () => {
    const once = updateChangelog(ENTRY_0_1_0, '# Changelog\n', '0.1.0');

    expect(updateChangelog(ENTRY_0_1_0, once, '0.1.0')).toBe(once);
  });

  test('refuses an entry for another version, and a version that is not semantic', () => {
    expect(() => updateChangelog(ENTRY_0_1_0, '# Changelog\n', '0.2.0')).toThrow(/heading for version 0\.2\.0/);
    expect(() => updateChangelog(ENTRY_0_1_0, '# Changelog\n', 'v1')).toThrow(/semantic version such as 0\.1\.0, got "v1"/);
  });

  test('the committed CHANGELOG.md has the header the script expects', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf-8');

    expect(updateChangelog(ENTRY_0_1_0, committed, '0.1.0')).toContain(`\n\n${ENTRY_0_1_0.trim()}\n`);
  });
});

describe('next-version', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf-8' });
  const nextVersion = () => execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'next-version.js')], { cwd: repo, encoding: 'utf-8' });

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'next-version-'));
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'feat: first');
  });

  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('the first release is 0.1.0', () => {
    expect(nextVersion()).toBe('0.1.0\n');
  });

  test('after the first release tag, it leaves the bump to the conventional commits', () => {
    git('tag', 'v0.1.0');
    git('commit', '-q', '--allow-empty', '-m', 'fix: second');

    expect(nextVersion()).toBe('');
  });
});
