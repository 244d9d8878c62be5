/**
 * The template check (`npx projen test:templates`, run by .ci/run and the build workflow): the
 * example app and the test stacks (validation-apps.ts) are synthesized with aws-cdk-lib at the
 * floor this library supports and at the newest release on the registry. Each synthesis must give
 * 0 findings in aws-cdk-lib's own template validation report (validation-report.json, written since
 * 2.276 by its "CloudFormation Validate" plugin, e.g. F3006 for a resource type a region lacks), and
 * 0 cfn-lint errors with each template linted in its own region.
 *
 * The newest aws-cdk-lib is installed into .tools/aws-cdk-lib/<version> and loaded in a child
 * process through a resolve hook (newest-cdk-hook.js), so that the library's sources, the apps and
 * aws-cdk-lib's own modules all use that one copy. The floor is the copy in node_modules.
 *
 * Usage: check-templates.ts [--only floor|newest]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { assemblyDirectory, CONTROL_APP, VALIDATION_APPS } from './validation-apps';
import { cfnLintTemplateFile } from '../helpers/cfn-lint';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, '.tmp', 'templates');
const HOOK = path.join(__dirname, 'newest-cdk-hook.js');

/** Where an environment-agnostic stack is linted: the regions a zero-config dial-in can be deployed to (they order numbers). */
const AGNOSTIC_LINT_REGIONS = ['us-east-1', 'us-west-2'];

interface SynthesisResult {
  readonly cdkVersion: string;
}

interface Finding {
  readonly app: string;
  readonly source: string;
  readonly text: string;
}

interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{
    readonly pluginName?: string;
    readonly summary?: { readonly pluginName?: string };
    readonly violations?: ReadonlyArray<{
      readonly ruleName: string;
      readonly description: string;
      readonly severity?: string;
      readonly violatingResources?: ReadonlyArray<{ readonly resourceLogicalId?: string; readonly templatePath?: string }>;
    }>;
  }>;
}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string };
}

interface Manifest {
  readonly artifacts?: Record<string, ManifestArtifact>;
}

if (process.argv[2] === '--synth') {
  synthesizeAll(process.argv[3]);
} else {
  main(process.argv[2] === '--only' ? process.argv[3] : undefined);
}

/** In the child: synthesizes every validation app with whichever aws-cdk-lib resolves, and reports its version. */
function synthesizeAll(outdir: string): void {
  // Required here, after the hook is installed, so that they resolve to the aws-cdk-lib under test.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdkVersion = (require('aws-cdk-lib/package.json') as { version: string }).version;
  for (const app of [...VALIDATION_APPS, CONTROL_APP]) {
    const dir = assemblyDirectory(outdir, app);
    fs.rmSync(dir, { recursive: true, force: true });
    app.build(dir).synth();
  }
  const expectedRoot = process.env.NEWEST_CDK_DIR ? path.join(process.env.NEWEST_CDK_DIR, 'node_modules') : path.join(ROOT, 'node_modules');
  const strays = Object.keys(require.cache).filter((file) => file.includes(`${path.sep}aws-cdk-lib${path.sep}`) && !file.startsWith(expectedRoot));
  if (strays.length > 0) {
    throw new Error(`two copies of aws-cdk-lib were loaded; these come from outside ${expectedRoot}: ${strays.slice(0, 3).join(', ')}`);
  }
  const result: SynthesisResult = { cdkVersion };
  fs.writeFileSync(path.join(outdir, 'synthesis.json'), JSON.stringify(result));
}

function main(only: string | undefined): void {
  const floorVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf-8')) as { version: string }).version;
  const runs: Array<{ label: string; newestDir?: string }> = [];
  if (only !== 'newest') {
    runs.push({ label: 'floor' });
  }
  if (only !== 'floor') {
    const newest = newestAwsCdkLib();
    if (newest.version === floorVersion) {
      console.log(`aws-cdk-lib ${newest.version} is both the floor and the newest release: checked once`);
    } else {
      runs.push({ label: 'newest', newestDir: newest.dir });
    }
  }

  const findings: Finding[] = [];
  for (const run of runs) {
    const outdir = path.join(OUT, run.label);
    fs.mkdirSync(outdir, { recursive: true });
    execFileSync(process.execPath, [
      '-r', require.resolve('ts-node/register/transpile-only'),
      ...run.newestDir ? ['-r', HOOK] : [],
      __filename, '--synth', outdir,
    ], {
      stdio: 'inherit',
      env: {
        ...process.env,
        TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'),
        ...run.newestDir ? { NEWEST_CDK_DIR: run.newestDir } : {},
      },
    });
    const { cdkVersion } = JSON.parse(fs.readFileSync(path.join(outdir, 'synthesis.json'), 'utf-8')) as SynthesisResult;
    for (const app of VALIDATION_APPS) {
      const dir = assemblyDirectory(outdir, app);
      const label = `${app.name} (aws-cdk-lib ${cdkVersion}, ${run.label})`;
      const validation = validationFindings(dir, label, run.label === 'newest');
      const lint = lintFindings(dir, label);
      console.log(`${label}: ${validation.summary}; cfn-lint: ${lint.stacks} template(s), ${lint.findings.length} error(s)`);
      findings.push(...validation.findings, ...lint.findings);
    }
    findings.push(...controlProblems(outdir, cdkVersion, run.label));
  }

  if (findings.length > 0) {
    for (const finding of findings) {
      console.error(`${finding.app} ${finding.source}: ${finding.text}`);
    }
    console.error(`${findings.length} template finding(s): fix the constructs, not this check.`);
    process.exit(1);
  }
  console.log('templates: 0 validation findings, 0 cfn-lint errors');
}

/**
 * The control app must be flagged: by cfn-lint always (E3006), and by aws-cdk-lib's validation
 * wherever it writes a report. Otherwise a broken check would pass everything.
 */
function controlProblems(outdir: string, cdkVersion: string, label: string): Finding[] {
  const dir = assemblyDirectory(outdir, CONTROL_APP);
  const app = `control (aws-cdk-lib ${cdkVersion}, ${label})`;
  const validation = validationFindings(dir, app, false);
  const lint = lintFindings(dir, app);
  const problems: Finding[] = [];
  if (!lint.findings.some((finding) => finding.text.startsWith('E3006'))) {
    problems.push({ app, source: 'cfn-lint', text: 'did not flag AWS::Chime::SipMediaApplication in us-west-2 (E3006): is the pinned cfn-lint running?' });
  }
  if (fs.existsSync(path.join(dir, 'validation-report.json')) && validation.findings.length === 0) {
    problems.push({ app, source: 'validation-report.json', text: 'aws-cdk-lib\'s validation did not flag AWS::Chime::SipMediaApplication in us-west-2' });
  }
  console.log(`${app}: flagged by ${validation.findings.length} validation finding(s) and ${lint.findings.length} cfn-lint error(s), as it must be`);
  return problems;
}

/**
 * aws-cdk-lib's validation report. A version that writes none has no template validation; the
 * newest must have it (it has since 2.276), or this check would quietly check nothing.
 */
function validationFindings(dir: string, app: string, required: boolean): { summary: string; findings: Finding[] } {
  const file = path.join(dir, 'validation-report.json');
  if (!fs.existsSync(file)) {
    if (required) {
      return { summary: 'no validation report', findings: [{ app, source: 'validation-report.json', text: 'aws-cdk-lib wrote no validation report: has its template validation been renamed or disabled?' }] };
    }
    return { summary: 'no template validation in this aws-cdk-lib', findings: [] };
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf-8')) as ValidationReport;
  const findings = report.pluginReports.flatMap((plugin) => (plugin.violations ?? []).map((violation) => ({
    app,
    source: plugin.summary?.pluginName ?? plugin.pluginName ?? 'validation',
    text: `${violation.severity ?? ''} ${violation.ruleName}: ${violation.description} `
      + `(${(violation.violatingResources ?? []).map((resource) => `${path.basename(resource.templatePath ?? '')} ${resource.resourceLogicalId ?? ''}`).join(', ')})`,
  })));
  return { summary: `validation: ${report.pluginReports.length} plugin report(s), ${findings.length} finding(s)`, findings };
}

/** cfn-lint errors of every stack template in the assembly, each linted in its stack's region. */
function lintFindings(dir: string, app: string): { stacks: number; findings: Finding[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8')) as Manifest;
  const stacks = Object.values(manifest.artifacts ?? {}).filter((artifact) => artifact.type === 'aws:cloudformation:stack');
  const findings = stacks.flatMap((stack) => {
    const templateFile = path.join(dir, stack.properties?.templateFile ?? '');
    const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(stack.environment ?? '')?.[1];
    const regions = !region || region === 'unknown-region' ? AGNOSTIC_LINT_REGIONS : [region];
    return regions.flatMap((lintRegion) => cfnLintTemplateFile(templateFile, lintRegion)
      .filter((match) => match.Level === 'Error')
      .map((match) => ({ app, source: `cfn-lint ${path.basename(templateFile)} in ${lintRegion}`, text: `${match.Rule.Id} ${match.Message}` })));
  });
  return { stacks: stacks.length, findings };
}

/** The newest aws-cdk-lib on the registry, installed once per version into .tools/aws-cdk-lib/<version>. */
function newestAwsCdkLib(): { version: string; dir: string } {
  const version = execFileSync('npm', ['view', 'aws-cdk-lib@latest', 'version'], { encoding: 'utf-8' }).trim();
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`npm view aws-cdk-lib@latest version printed "${version}", not a version`);
  }
  const dir = path.join(ROOT, '.tools', 'aws-cdk-lib', version);
  const installed = path.join(dir, 'node_modules', 'aws-cdk-lib', 'package.json');
  if (!fs.existsSync(installed)) {
    const constructsVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'constructs', 'package.json'), 'utf-8')) as { version: string }).version;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'newest-aws-cdk-lib', private: true }));
    console.log(`installing aws-cdk-lib ${version} into ${path.relative(ROOT, dir)}`);
    // aws-cdk-lib needs no install script; none is run.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save',
      `aws-cdk-lib@${version}`, `constructs@${constructsVersion}`], { cwd: dir, stdio: 'inherit' });
  }
  return { version, dir };
}
