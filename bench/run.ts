import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { coldDialInFlow } from './cases/cold-dial-in-flow';
import { coldStartToFirstPrompt } from './cases/cold-first-prompt';
import { failedPinStepLatency } from './cases/failed-pin-step';
import { handlerBundleSize } from './cases/handler-bundle-size';
import { npmTarball } from './cases/npm-tarball';
import { simulatorThroughput } from './cases/simulator-throughput';
import { smaRuntimeSize } from './cases/sma-runtime-size';
import { synthScaling } from './cases/synth-scaling';
import { warmStepLatency } from './cases/warm-step-latency';
import { BENCH_AWS_ENVIRONMENT } from './dial-in/local-backends';
import { BenchSection, renderReport } from './harness';

/** Every case, in report order. Each returns its section of BENCHMARKS.md. */
const CASES: ReadonlyArray<() => Promise<BenchSection>> = [
  smaRuntimeSize,
  handlerBundleSize,
  coldStartToFirstPrompt,
  coldDialInFlow,
  warmStepLatency,
  failedPinStepLatency,
  simulatorThroughput,
  synthScaling,
  npmTarball,
];

async function main(): Promise<void> {
  // The warm cases run handlers in this process: they get the same AWS environment as the cold ones.
  Object.assign(process.env, BENCH_AWS_ENVIRONMENT);
  const only = process.argv[2];
  const started = Date.now();
  const sections: BenchSection[] = [];
  for (const run of CASES.filter((candidate) => !only || candidate.name === only)) {
    const caseStarted = Date.now();
    process.stdout.write(`bench: ${run.name} ...\n`);
    sections.push(await run());
    process.stdout.write(`bench: ${run.name} done in ${((Date.now() - caseStarted) / 1000).toFixed(1)} s\n`);
  }
  const seconds = (Date.now() - started) / 1000;
  const environment = `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.arch()}; the cases took ${seconds.toFixed(0)} s`;
  const report = renderReport(sections, environment);
  if (only) {
    process.stdout.write(`${report}\n(only ${only} ran: BENCHMARKS.md left as it is)\n`);
    return;
  }
  fs.writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), report);
  process.stdout.write(report);
  const missed = sections.flatMap((section) => section.rows).filter((row) => row.met === false);
  if (missed.length > 0) {
    process.stdout.write(`\n${missed.length} target(s) missed: ${missed.map((row) => row.name).join('; ')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
