import * as path from 'path';
import { synthesizeExample } from './synthesize';

/**
 * Synthesizes the example app to ./cdk.out and prints where its template was written and which
 * resources it declares. No AWS account or credentials are involved.
 */
const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
const example = synthesizeExample(outdir);
console.log(`Stack ${example.stack.stackName}: ${[...example.resourceCounts.values()].reduce((a, b) => a + b, 0)} resources`);
console.log(`  template: ${path.relative(process.cwd(), example.templatePath)}`);
for (const [type, count] of example.resourceCounts) {
  console.log(`  ${String(count).padStart(3)} x ${type}`);
}
