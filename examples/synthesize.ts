import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { buildExampleApp } from './app';

/** What the synthesized example holds. */
export interface SynthesizedExample {
  readonly stack: CloudFormationStackArtifact;
  readonly templatePath: string;
  /** The directory of the bundled meeting-join handler asset in the cloud assembly. */
  readonly handlerAssetPath: string;
  /** Resource type → count. */
  readonly resourceCounts: ReadonlyMap<string, number>;
}

/** Synthesizes the example app into `outdir` (emptied first). */
export function synthesizeExample(outdir: string): SynthesizedExample {
  fs.rmSync(outdir, { recursive: true, force: true });
  // Asset metadata (set by the CDK CLI, not by a bare App) tells which directory holds each asset.
  const app = buildExampleApp({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = app.synth().getStackByName('DialInExample');
  type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, string> };
  const resources = Object.values(stack.template.Resources ?? {}) as Resource[];
  const counts = new Map<string, number>();
  for (const resource of resources) {
    counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
  }
  const handler = resources.find((resource) => resource.Type === 'AWS::Lambda::Function'
    && String(resource.Properties?.Description ?? '').startsWith('Meeting dial-in call flow'));
  const assetPath = handler?.Metadata?.['aws:asset:path'];
  if (!assetPath) {
    throw new Error('The example has no meeting-join handler with an asset path.');
  }
  return {
    stack,
    templatePath: path.join(outdir, stack.templateFile),
    handlerAssetPath: path.join(outdir, assetPath),
    resourceCounts: new Map([...counts.entries()].sort()),
  };
}
