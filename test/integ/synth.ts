import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildDialInInteg, DialInInteg } from './dial-in-integ';

/** The committed snapshot of the integration test: its templates and asset manifests, without the assets. */
export const DIAL_IN_SNAPSHOT_DIR = `${__dirname}/integ.dial-in.ts.snapshot`;

/**
 * The integration test's app, as it is deployed and snapshotted: no stack traces, paths or version
 * reporting in the templates, so that they depend only on the code.
 */
export function dialInIntegApp(outdir?: string): DialInInteg {
  const app = new App({
    outdir,
    analyticsReporting: false,
    context: {
      'aws:cdk:disable-creation-stack-traces': true,
      'aws:cdk:enable-path-metadata': false,
      'aws:cdk:enable-asset-metadata': false,
    },
  });
  return buildDialInInteg(app);
}

/** Synthesizes the integration test into `outdir`. */
export function synthDialInInteg(outdir: string): CloudAssembly {
  return dialInIntegApp(outdir).app.synth();
}
