import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Token } from 'aws-cdk-lib';

/** One cfn-lint match on a synthesized template. */
export interface CfnLintFinding {
  readonly stack: string;
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  readonly resourcePath: string;
}

/** One match as cfn-lint's JSON format reports it. */
export interface CfnLintMatch {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Location: { readonly Path?: ReadonlyArray<string | number> };
}

/**
 * Where an environment-agnostic stack is linted: us-east-1 has PSTN Audio numbers (docs/sma-model.md#voice-regions)
 * and is the region whose resource schemas cfn-lint knows best.
 */
const DEFAULT_LINT_REGION = 'us-east-1';

/**
 * The project's own cfn-lint, at the version pinned in .projenrc.ts, installed by the
 * `cfn-lint:install` task that `npm test` runs first. Never the cfn-lint on PATH: its version
 * depends on the machine (an older one does not know AWS::Chime::SipMediaApplication).
 */
export const CFN_LINT_PATH = path.join(__dirname, '..', '..', '.tools', 'cfn-lint', 'bin', 'cfn-lint');

/**
 * Writes every template `app` synthesizes to a temporary directory, runs `cfn-lint` on each (in
 * the stack's region) and returns its matches (all levels). Callers usually assert that no match has level `Error`.
 */
export function cfnLintFindings(app: App): CfnLintFinding[] {
  const assembly = app.synth();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  try {
    return assembly.stacks.flatMap((stack) => {
      const file = path.join(dir, `${stack.id}.template.json`);
      fs.writeFileSync(file, JSON.stringify(stack.template, null, 1));
      const region = Token.isUnresolved(stack.environment.region) || stack.environment.region === 'unknown-region'
        ? DEFAULT_LINT_REGION
        : stack.environment.region;
      return cfnLintTemplateFile(file, region).map((match) => ({
        stack: stack.stackName,
        rule: match.Rule.Id,
        level: match.Level,
        message: match.Message,
        resourcePath: (match.Location.Path ?? []).join('/'),
      }));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The findings of `cfnLintFindings` that are errors. */
export function cfnLintErrors(app: App): CfnLintFinding[] {
  return cfnLintFindings(app).filter((finding) => finding.level === 'Error');
}

/** The version of the cfn-lint that the tests run, as it reports itself. */
export function cfnLintVersion(): string {
  return /cfn-lint (\S+)/.exec(execFileSync(requireCfnLint(), ['--version'], { encoding: 'utf-8' }))?.[1] ?? 'unknown';
}

function requireCfnLint(): string {
  if (!fs.existsSync(CFN_LINT_PATH)) {
    throw new Error(`cfn-lint is not installed at ${CFN_LINT_PATH}: run \`npx projen cfn-lint:install\` (npm test runs it first).`);
  }
  return CFN_LINT_PATH;
}

/** Runs the project's cfn-lint on one template file in `region`; returns its matches (all levels). */
export function cfnLintTemplateFile(file: string, region: string): CfnLintMatch[] {
  let output: string;
  try {
    output = execFileSync(requireCfnLint(), ['--format', 'json', '--regions', region, '--', file], {
      encoding: 'utf-8',
    });
  } catch (error) {
    // cfn-lint's exit code is a bit mask of the levels it found; only a missing report is a failure.
    const { stdout, message } = error as { stdout?: string; message: string };
    if (!stdout) {
      throw new Error(`cfn-lint could not lint ${file}: ${message}`);
    }
    output = stdout;
  }
  return JSON.parse(output) as CfnLintMatch[];
}
