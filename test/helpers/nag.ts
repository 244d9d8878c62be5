import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** One cdk-nag finding that no `Validations.of(...).acknowledge()` covers. */
export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly constructPath: string;
  readonly description: string;
}

interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{
    readonly violations: ReadonlyArray<{
      readonly ruleName: string;
      readonly description: string;
      readonly severity: string;
      readonly violatingConstructs: ReadonlyArray<{ readonly constructPath: string }>;
    }>;
  }>;
}

/**
 * Runs cdk-nag's AwsSolutions pack over every stack of `app` and returns the findings left
 * unacknowledged. Acknowledged findings never appear in CDK's validation report.
 */
export function unacknowledgedNagFindings(app: App): NagFinding[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const reportFile = path.join(app.outdir, 'validation-report.json');
  fs.rmSync(reportFile, { force: true });
  try {
    // Tests usually synthesized already (Template.fromStack); validation needs a fresh run.
    app.synth({ force: true });
  } catch (error) {
    if (!fs.existsSync(reportFile)) {
      throw error;
    }
  }
  if (!fs.existsSync(reportFile)) {
    return [];
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((construct) => ({
        rule: violation.ruleName,
        severity: violation.severity,
        constructPath: construct.constructPath,
        description: violation.description,
      })),
    ),
  );
}
