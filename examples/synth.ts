import * as fs from 'fs';
import * as path from 'path';
import { buildExampleApp } from './app';

/**
 * Synthesizes the example app to ./cdk.out and prints, per stack, where its template was written
 * and which resources it declares. No AWS account or credentials are involved.
 */
const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
fs.rmSync(outdir, { recursive: true, force: true });

const assembly = buildExampleApp({ outdir }).synth();

for (const stack of assembly.stacks) {
  const resources = Object.values(stack.template.Resources ?? {}) as Array<{ Type: string }>;
  const counts = new Map<string, number>();
  for (const resource of resources) {
    counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
  }
  console.log(`Stack ${stack.stackName}: ${resources.length} resources`);
  console.log(`  template: ${path.relative(process.cwd(), path.join(outdir, stack.templateFile))}`);
  for (const [type, count] of [...counts.entries()].sort()) {
    console.log(`  ${String(count).padStart(3)} x ${type}`);
  }
}
console.log(`Cloud assembly written to ${path.relative(process.cwd(), outdir) || '.'}`);
