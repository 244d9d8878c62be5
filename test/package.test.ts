import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * What users get: the npm tarball, installed into an empty project, and every entry point loaded
 * from there. A path that only resolves inside this repository fails here.
 */
const ROOT = path.resolve(__dirname, '..');
const PACKAGE_NAME = 'cdk-chime-meeting-dialin';
const SUBPATHS = ['sma', 'dial-in', 'client', 'testing'];

let workDir: string;
let consumerDir: string;
let tarballFiles: string[];

beforeAll(() => {
  assertBuildIsFresh();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-pack-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: ROOT, encoding: 'utf-8' }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballFiles = packed.files.map((file) => file.path);

  consumerDir = path.join(workDir, 'consumer');
  fs.mkdirSync(consumerDir);
  fs.writeFileSync(path.join(consumerDir, 'package.json'), JSON.stringify({
    name: 'consumer',
    private: true,
    dependencies: {
      [PACKAGE_NAME]: `file:${path.join(workDir, packed.filename)}`,
      // The peers, taken from this repository so that the test needs no download.
      'aws-cdk-lib': `file:${path.join(ROOT, 'node_modules', 'aws-cdk-lib')}`,
      'constructs': `file:${path.join(ROOT, 'node_modules', 'constructs')}`,
    },
  }));
  // --legacy-peer-deps: the peers are the linked copies above (npm 11 fails to place peers next to links).
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--legacy-peer-deps'], {
    cwd: consumerDir,
    stdio: 'pipe',
  });
}, 180_000);

afterAll(() => {
  if (workDir) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});

describe('the npm tarball', () => {
  it('ships the compiled entry points, the jsii assembly and the bundled handlers', () => {
    expect(tarballFiles).toEqual(expect.arrayContaining([
      'package.json',
      '.jsii',
      'lib/index.js',
      'lib/index.d.ts',
      'lib/cli/main.js',
      'assets/handler/meeting-join.lambda/index.js',
      'assets/handler/meeting-join.lambda/aws-sdk/index.js',
      'assets/provisioning/on-event.lambda/index.js',
      'assets/provisioning/is-complete.lambda/index.js',
      ...SUBPATHS.flatMap((name) => [`lib/${name}/index.js`, `lib/${name}/index.d.ts`]),
    ]));
  });

  it('ships no sources, tests or local build output', () => {
    const leaked = tarballFiles.filter((file) =>
      /^(src|test|examples|bench|\.ci|cdk\.out|coverage)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'));

    expect(leaked).toEqual([]);
  });

  it('loads the main entry and every subpath export from an installed copy', () => {
    const script = `
      const entries = ${JSON.stringify(['', ...SUBPATHS.map((name) => `/${name}`)])};
      const loaded = {};
      for (const entry of entries) {
        const specifier = '${PACKAGE_NAME}' + entry;
        const resolved = require.resolve(specifier);
        require(specifier);
        loaded[specifier] = resolved;
      }
      console.log(JSON.stringify(loaded));
    `;
    const loaded = JSON.parse(execFileSync('node', ['-e', script], { cwd: consumerDir, encoding: 'utf-8' })) as Record<string, string>;
    const installedRoot = fs.realpathSync(path.join(consumerDir, 'node_modules', PACKAGE_NAME));

    expect(Object.keys(loaded).sort()).toEqual([PACKAGE_NAME, ...SUBPATHS.map((name) => `${PACKAGE_NAME}/${name}`)].sort());
    for (const resolved of Object.values(loaded)) {
      expect(fs.realpathSync(resolved).startsWith(installedRoot + path.sep)).toBe(true);
    }
  });

  it('exposes the SMA runtime through its subpath', () => {
    const script = `const sma = require('${PACKAGE_NAME}/sma'); console.log(typeof sma.parseSmaEvent, typeof sma.joinChimeMeeting);`;

    expect(execFileSync('node', ['-e', script], { cwd: consumerDir, encoding: 'utf-8' }).trim()).toBe('function function');
  });

  it('does not expose files outside the declared exports', () => {
    const script = `try { require('${PACKAGE_NAME}/lib/cli/run'); console.log('resolved'); } catch (e) { console.log(e.code); }`;

    expect(execFileSync('node', ['-e', script], { cwd: consumerDir, encoding: 'utf-8' }).trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it.each(['node16', 'node10'])('gives TypeScript consumers the subpath types (moduleResolution %s)', (moduleResolution) => {
    fs.writeFileSync(path.join(consumerDir, 'consumer.ts'), [
      `import * as main from '${PACKAGE_NAME}';`,
      ...SUBPATHS.map((name, index) => `import * as sub${index} from '${PACKAGE_NAME}/${name}';`),
      `import { parseSmaEvent } from '${PACKAGE_NAME}/sma';`,
      `export const used = [main, ${SUBPATHS.map((_, index) => `sub${index}`).join(', ')}, parseSmaEvent];`,
    ].join('\n'));
    const module = moduleResolution === 'node16' ? 'node16' : 'commonjs';
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

    const compile = () => execFileSync('node', [
      tsc, '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'),
      '--module', module, '--moduleResolution', moduleResolution, '--ignoreDeprecations', '6.0', 'consumer.ts',
    ], { cwd: consumerDir, encoding: 'utf-8', stdio: 'pipe' });

    expect(compile).not.toThrow();
  });

  it('simulates the bundled handler from a shipped scenario, JSON only on stdout, without dynalite', () => {
    const installed = path.join(consumerDir, 'node_modules', PACKAGE_NAME);
    const bin = path.join(consumerDir, 'node_modules', '.bin', PACKAGE_NAME);
    const noDynalite = 'try { require.resolve(\'dynalite\'); console.log(\'found\'); } catch { console.log(\'absent\'); }';
    expect(execFileSync('node', ['-e', noDynalite], { cwd: consumerDir, encoding: 'utf-8' }).trim()).toBe('absent');
    expect(tarballFiles).toEqual(expect.arrayContaining(['scenarios/dial-in.json', 'docs/simulator-scenarios.md']));

    // The issue's acceptance command, as a user runs it.
    const pipeline = `"${bin}" simulate --scenario "${path.join(installed, 'scenarios', 'dial-in.json')}" `
      + `--handler "${path.join(installed, 'assets', 'handler', 'meeting-join.lambda')}" --format json `
      + '| node -e \'const doc = JSON.parse(require("fs").readFileSync(0)); console.log(doc.passed)\'';
    expect(execFileSync('bash', ['-o', 'pipefail', '-c', pipeline], { cwd: consumerDir, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()).toBe('true');
  });

  it('installs the command line as a runnable bin', () => {
    const bin = path.join(consumerDir, 'node_modules', '.bin', PACKAGE_NAME);

    expect(execFileSync(bin, ['--help'], { encoding: 'utf-8' })).toContain('Usage: cdk-chime-meeting-dialin');
  });
});

/** The tarball is built from lib/; fail loudly rather than test an out-of-date build. */
function assertBuildIsFresh(): void {
  const assembly = path.join(ROOT, '.jsii');
  if (!fs.existsSync(assembly)) {
    throw new Error('No build output: run `npm test`, which compiles before testing.');
  }
  const builtAt = fs.statSync(assembly).mtimeMs;
  const newer = listFiles(path.join(ROOT, 'src')).filter((file) => fs.statSync(file).mtimeMs > builtAt);
  if (newer.length > 0) {
    throw new Error(`lib/ is older than ${path.relative(ROOT, newer[0])}: run \`npm test\`, which compiles before testing.`);
  }
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
