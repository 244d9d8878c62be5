/**
 * One whole-process synthesis, as `cdk synth` runs an app: a fresh `node` loads aws-cdk-lib and the
 * construct library, builds one stack with N dial-ins of a shape and synthesizes it, then exits.
 * Bundled by bench/synth/process-synth.ts, which times the process from spawn to exit.
 * Usage: node synth-process.js <library|baseline> <count> <baseline handler dir> <outdir>
 */
import { baselineDialIn, libraryDialIn, synthesize } from './dial-in-stacks';

const [shape, count, handlerDirectory] = process.argv.slice(2);
const dialIn = shape === 'library' ? libraryDialIn() : baselineDialIn(handlerDirectory);
const run = synthesize(dialIn, Number(count));
process.stdout.write(`${JSON.stringify(run)}\n`);
