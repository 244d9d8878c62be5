import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { smaRuntimeSize } from './cases/sma-runtime-size';
import { BenchSection, renderReport } from './harness';

async function main(): Promise<void> {
  const cases: Array<() => Promise<BenchSection>> = [smaRuntimeSize];
  const sections: BenchSection[] = [];
  for (const run of cases) {
    process.stdout.write(`bench: ${run.name} ...\n`);
    sections.push(await run());
  }
  const environment = `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.arch()}`;
  const report = renderReport(sections, environment);
  const file = path.join(__dirname, '..', 'BENCHMARKS.md');
  fs.writeFileSync(file, report);
  process.stdout.write(report);
  const missed = sections.flatMap((section) => section.rows).filter((row) => !row.met);
  if (missed.length > 0) {
    process.stdout.write(`\n${missed.length} target(s) missed: ${missed.map((row) => row.name).join('; ')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
