/**
 * The language bindings test (`npm run test:bindings`, run by .ci/run after `npm test`).
 *
 * The example app of examples/app.ts is written again in Python, Java and Go (test/bindings/<lang>/),
 * each against the package jsii-pacmak makes of this library for that language, and each must
 * synthesize exactly the template the TypeScript app synthesizes: asset hashes are normalized as the
 * snapshots normalize them, and nothing else is. Every app runs on the aws-cdk-lib and constructs
 * versions the TypeScript app runs on (the ones in node_modules), so a difference is ours.
 * .NET: no .NET SDK can be installed here, so its generated code is checked for the expected files.
 *
 * Prints one line per language, then `N passed, N failed`; exits non-zero on any failure.
 * DIALIN_BINDINGS_KEEP=1 keeps the temporary directory.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../examples/app';
import { normalizeAssetHashes } from '../helpers/asset-hash-serializer';

const ROOT = path.resolve(__dirname, '..', '..');
const APPS = path.join(ROOT, 'test', 'bindings');
const DIST = path.join(ROOT, 'dist');
const STACK = 'DialInExample';
const TEMPLATE = `${STACK}.template.json`;
const DOTNET_NAMESPACE = 'CdkChimeMeetingDialin';

const versions = {
  library: packageVersion(ROOT),
  cdk: packageVersion(path.join(ROOT, 'node_modules', 'aws-cdk-lib')),
  constructs: packageVersion(path.join(ROOT, 'node_modules', 'constructs')),
};

const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  // The jsii runtimes warn at every start that this Node.js release is past its end of life; say it once.
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
};

type Outcome = { language: string; passed: boolean; detail: string };

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-bindings-'));
  console.log(`library ${versions.library}, aws-cdk-lib ${versions.cdk}, constructs ${versions.constructs}; work dir ${work}`);
  const outcomes: Outcome[] = [];
  try {
    const expected = step('typescript: synthesize examples/app.ts', () => synthesizeTypeScript(path.join(work, 'typescript.out')));

    for (const [language, synthesize] of Object.entries(LANGUAGES)) {
      outcomes.push(compareWith(language, expected, () => synthesize(path.join(work, language))));
    }
    outcomes.push(run('dotnet', checkDotnetCode));
  } finally {
    if (process.env.DIALIN_BINDINGS_KEEP === '1') {
      console.log(`kept ${work}`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  console.log('\n--- language bindings');
  for (const outcome of outcomes) {
    console.log(`${outcome.language}: ${outcome.detail}`);
  }
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  console.log(`${outcomes.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

// --- TypeScript: the reference -------------------------------------------------------------------

function synthesizeTypeScript(outdir: string): string {
  // Version reporting off, as in every bindings app: AWS::CDK::Metadata encodes the app's language.
  buildExampleApp({ outdir, analyticsReporting: false }).synth();
  return readTemplate(outdir);
}

// --- Python: a venv with aws-cdk-lib from PyPI and our wheel -------------------------------------

function synthesizePython(work: string): string {
  step('python: package the wheel (jsii-pacmak)', () => pacmak('python'));
  const wheel = path.join(DIST, 'python', findOne(path.join(DIST, 'python'), /\.whl$/));
  const venv = path.join(work, 'venv');
  const python = path.join(venv, 'bin', 'python');
  step('python: create a venv and install aws-cdk-lib, constructs and the wheel', () => {
    exec('python3', ['-m', 'venv', venv]);
    exec(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
      `aws-cdk-lib==${versions.cdk}`, `constructs==${versions.constructs}`, wheel]);
  });
  const outdir = path.join(work, 'cdk.out');
  step('python: synthesize test/bindings/python/app.py', () => exec(python, [path.join(APPS, 'python', 'app.py'), outdir]));
  return readTemplate(outdir);
}

// --- Java: a Maven project with aws-cdk-lib and our jar ------------------------------------------

// Named on every Maven command, so that this script, Maven and jsii-pacmak agree on it whatever HOME says.
const M2_REPOSITORY = path.join(os.homedir(), '.m2', 'repository');
const MAVEN = ['--batch-mode', '--quiet', '-Dstyle.color=never', `-Dmaven.repo.local=${M2_REPOSITORY}`];

function synthesizeJava(work: string): string {
  step(`java: make aws-cdk-lib ${versions.cdk} resolvable in ~/.m2`, ensureCdkJavaArtifacts);
  // --maven-local-repository: pacmak isolates Maven in a new empty repository otherwise, and every run
  // would download Maven's plugins and the CDK again.
  step('java: package the jar (jsii-pacmak)', () => pacmak('java', ['--maven-local-repository', M2_REPOSITORY]));
  const project = path.join(work, 'project');
  fs.cpSync(path.join(APPS, 'java'), project, { recursive: true });
  const outdir = path.join(work, 'cdk.out');
  step('java: compile and synthesize test/bindings/java (Maven)', () => {
    // Maven never downloads a release version again: drop the copy an earlier run cached, so the app
    // runs on the jar just packaged (dist/java, passed as a repository).
    fs.rmSync(path.join(M2_REPOSITORY, 'io', 'github', 'cdk-chime-meeting-dialin'), { recursive: true, force: true });
    exec('mvn', [...MAVEN, 'compile', 'exec:java',
      `-Dcdk.version=${versions.cdk}`, `-Dconstructs.version=${versions.constructs}`,
      `-Ddialin.version=${versions.library}`, `-Ddialin.repository=file://${path.join(DIST, 'java')}`,
      `-Dexec.args=${outdir}`], { cwd: project });
  });
  return readTemplate(outdir);
}

/**
 * The Java app must run on the aws-cdk-lib the TypeScript app runs on. When Maven Central does not
 * serve that version (it serves none at or above our floor here), build it from the npm package in
 * node_modules with jsii-pacmak, which is how the published jar is made, and install it in ~/.m2.
 */
function ensureCdkJavaArtifacts(): void {
  const jar = path.join(M2_REPOSITORY, 'software', 'amazon', 'awscdk', 'aws-cdk-lib', versions.cdk, `aws-cdk-lib-${versions.cdk}.jar`);
  if (fs.existsSync(jar)) {
    console.log(`already in ${path.dirname(jar)}`);
    return;
  }
  if (succeeds('mvn', [...MAVEN, 'dependency:get', `-Dartifact=software.amazon.awscdk:aws-cdk-lib:${versions.cdk}`]) && fs.existsSync(jar)) {
    console.log('downloaded from Maven Central');
    return;
  }
  console.log(`Maven Central does not serve aws-cdk-lib ${versions.cdk}: building it from node_modules/aws-cdk-lib`);
  // aws-cdk-lib needs a newer cdk-cloud-assembly-schema than Maven Central serves here, too.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-cdk-java-'));
  try {
    // Maven's `deploy` in jsii-pacmak runs the `install` phase: the jars land in ~/.m2. The javadoc of
    // aws-cdk-lib alone takes longer than the rest of this test: skip it and the sources jar.
    exec(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), [
      '--target', 'java', '--outdir', outdir, '--maven-local-repository', M2_REPOSITORY,
      path.join(ROOT, 'node_modules', 'aws-cdk-lib'), path.join(ROOT, 'node_modules', '@aws-cdk', 'cloud-assembly-schema'),
    ], { env: { MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -Dmaven.javadoc.skip=true -Dmaven.source.skip=true`.trim() } });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  if (!fs.existsSync(jar)) {
    throw new Error(`jsii-pacmak built aws-cdk-lib but did not install ${jar}`);
  }
}

// --- Go: a module with aws-cdk-go and the module pacmak generated --------------------------------

const GO_MODULE = 'github.com/cdk-chime-meeting-dialin/cdk-chime-meeting-dialin-go/cdkchimemeetingdialin';
const AWS_CDK_GO = 'github.com/aws/aws-cdk-go/awscdk/v2';

function synthesizeGo(work: string): string {
  // --code-only: the generated module is what a Go release publishes; building it without the code
  // generator's `go mod tidy` lets us point aws-cdk-go at a local copy when the proxy lacks it.
  step('go: generate the module (jsii-pacmak)', () => pacmak('go', ['--code-only']));
  const replacements = step(`go: make aws-cdk-go v${versions.cdk} resolvable`, ensureCdkGoModules);
  const project = path.join(work, 'project');
  fs.cpSync(path.join(APPS, 'go'), project, { recursive: true });
  const outdir = path.join(work, 'cdk.out');
  step('go: build and synthesize test/bindings/go', () => {
    const replace = { [GO_MODULE]: path.join(DIST, 'go', 'cdkchimemeetingdialin'), ...replacements };
    exec('go', ['mod', 'edit', `-require=${AWS_CDK_GO}@v${versions.cdk}`, `-require=${GO_MODULE}@v${versions.library}`,
      ...Object.entries(replace).map(([module, dir]) => `-replace=${module}=${dir}`)], { cwd: project });
    exec('go', ['mod', 'tidy'], { cwd: project });
    exec('go', ['build', '-o', 'app', '.'], { cwd: project });
    exec(path.join(project, 'app'), [outdir], { cwd: project });
  });
  return readTemplate(outdir);
}

/**
 * The Go app must run on the aws-cdk-lib the TypeScript app runs on. When the Go module proxy does
 * not serve that aws-cdk-go version (it serves only some here), generate it from the npm package in
 * node_modules with jsii-pacmak, which is how aws-cdk-go is made, into a cache outside the repository
 * (a stable path, so Go's build cache holds its compiled packages too). Returns the `replace`s to use.
 */
function ensureCdkGoModules(): Record<string, string> {
  if (succeeds('go', ['list', '-m', `${AWS_CDK_GO}@v${versions.cdk}`])) {
    console.log('served by the Go module proxy');
    return {};
  }
  console.log(`the Go module proxy does not serve ${AWS_CDK_GO}@v${versions.cdk}: using one generated from node_modules/aws-cdk-lib`);
  // aws-cdk-go needs a newer cloud-assembly-schema-go than the proxy serves here, too.
  const modules: Record<string, { npm: string; dir: string }> = {
    [AWS_CDK_GO]: { npm: 'aws-cdk-lib', dir: 'awscdk' },
    'github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v54': { npm: '@aws-cdk/cloud-assembly-schema', dir: 'awscdkcloudassemblyschema' },
  };
  const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk-chime-meeting-dialin', `aws-cdk-go-${versions.cdk}`);
  if (fs.existsSync(cache)) {
    console.log(`already generated in ${cache}`);
  } else {
    const partial = `${cache}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    exec(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), [
      '--target', 'go', '--code-only', '--outdir', partial,
      ...Object.values(modules).map(({ npm }) => path.join(ROOT, 'node_modules', npm)),
    ]);
    fs.renameSync(partial, cache);
  }
  return Object.fromEntries(Object.entries(modules).map(([module, { dir }]) => [module, path.join(cache, 'go', dir)]));
}

// --- .NET: generated code only --------------------------------------------------------------------

/**
 * Debian's packages have no .NET SDK, so the C# code cannot be compiled here: check that the project
 * names the package as published and that every type of the jsii assembly has its source file.
 */
function checkDotnetCode(): string {
  step('dotnet: generate the project (jsii-pacmak --code-only)', () => pacmak('dotnet', ['--code-only']));
  const project = path.join(DIST, 'dotnet', DOTNET_NAMESPACE);
  const csproj = fs.readFileSync(path.join(project, `${DOTNET_NAMESPACE}.csproj`), 'utf-8');
  const missing = [
    `<PackageId>${DOTNET_NAMESPACE}</PackageId>`,
    `<PackageReference Include="Amazon.CDK.Lib" Version="[${versions.cdk},3.0.0)" />`,
    `<EmbeddedResource Include="cdk-chime-meeting-dialin-${versions.library}.tgz" />`,
  ].filter((line) => !csproj.includes(line));
  if (!fs.existsSync(path.join(project, `cdk-chime-meeting-dialin-${versions.library}.tgz`))) {
    missing.push(`cdk-chime-meeting-dialin-${versions.library}.tgz`);
  }
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf-8')) as { types: Record<string, { name: string }> };
  for (const { name } of Object.values(assembly.types)) {
    const file = path.join(project, DOTNET_NAMESPACE, `${name}.cs`);
    if (!fs.existsSync(file) || !fs.readFileSync(file, 'utf-8').includes(`namespace ${DOTNET_NAMESPACE}`)) {
      missing.push(path.relative(DIST, file));
    }
  }
  if (missing.length > 0) {
    throw new Error(`generated code lacks: ${missing.join(', ')}`);
  }
  return `generated code has all ${Object.keys(assembly.types).length} types and the package metadata (not compiled: no .NET SDK here)`;
}

const LANGUAGES: Record<string, (work: string) => string> = {
  python: synthesizePython,
  java: synthesizeJava,
  go: synthesizeGo,
};

// --- Helpers --------------------------------------------------------------------------------------

/** Synthesizes with `synthesize` and compares the template with the TypeScript one. */
function compareWith(language: string, expected: string, synthesize: () => string): Outcome {
  return run(language, () => {
    const actual = synthesize();
    const difference = diff(expected, actual, language);
    if (difference) {
      throw new Error(`template differs from TypeScript's (asset hashes normalized)\n${difference}`);
    }
    return 'template identical to TypeScript';
  });
}

function run(language: string, check: () => string): Outcome {
  try {
    return { language, passed: true, detail: check() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${language}: FAILED: ${message}`);
    return { language, passed: false, detail: `FAILED: ${message.split('\n')[0]}` };
  }
}

/** A unified diff of the two normalized templates, or '' when they are the same. */
function diff(expected: string, actual: string, language: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialin-diff-'));
  try {
    fs.writeFileSync(path.join(dir, 'typescript'), expected);
    fs.writeFileSync(path.join(dir, language), actual);
    execFileSync('diff', ['-u', 'typescript', language], { cwd: dir, encoding: 'utf-8' });
    return '';
  } catch (error) {
    const output = (error as { stdout?: string }).stdout;
    if (!output) {
      throw error;
    }
    const lines = output.split('\n');
    return lines.slice(0, 60).join('\n') + (lines.length > 60 ? `\n... (${lines.length - 60} more lines)` : '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readTemplate(outdir: string): string {
  return normalizeAssetHashes(fs.readFileSync(path.join(outdir, TEMPLATE), 'utf-8'));
}

/** Packages the library for one language into dist/<target>, emptied first so nothing stale is left. */
function pacmak(target: string, extra: string[] = []): void {
  fs.rmSync(path.join(DIST, target), { recursive: true, force: true });
  exec(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--target', target, '--outdir', DIST, ...extra], { cwd: ROOT });
}

function step<T>(name: string, body: () => T): T {
  console.log(`\n--- ${name}`);
  const started = Date.now();
  const result = body();
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function exec(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  execFileSync(command, args, { cwd: options.cwd ?? ROOT, env: { ...childEnv, ...options.env }, stdio: 'inherit' });
}

/** Whether a command succeeds; its output is not shown (a registry look-up that may say no). */
function succeeds(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { cwd: os.tmpdir(), env: childEnv, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function findOne(dir: string, pattern: RegExp): string {
  const found = fs.readdirSync(dir).filter((name) => pattern.test(name));
  if (found.length !== 1) {
    throw new Error(`expected one file matching ${pattern} in ${dir}, found ${found.length}`);
  }
  return found[0];
}

function packageVersion(dir: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')).version;
}

main();
