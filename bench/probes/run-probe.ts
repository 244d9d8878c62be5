import { spawn } from 'child_process';
import * as path from 'path';
import { build } from 'esbuild';
import { BENCH_WORK_DIR } from '../paths';

const PROBE_TIMEOUT_MS = 120_000;
const bundled = new Map<string, Promise<string>>();

/** The probe `<name>.ts` of this directory, bundled once per run so that it starts as plain Node. */
function probeScript(name: string): Promise<string> {
  let script = bundled.get(name);
  if (!script) {
    const outfile = path.join(BENCH_WORK_DIR, 'probes', `${name}.js`);
    script = build({ entryPoints: [path.join(__dirname, `${name}.ts`)], bundle: true, platform: 'node', outfile, logLevel: 'silent' }).then(() => outfile);
    bundled.set(name, script);
  }
  return script;
}

/**
 * Runs the probe `name` (a script of this directory) in a fresh `node` process with exactly `env`
 * (nothing inherited) and returns the report it sends over IPC. Its stdout, where the handlers
 * log, goes to /dev/null.
 */
export async function runProbe<R>(name: string, args: readonly string[], env: Readonly<Record<string, string>>): Promise<R> {
  const script = await probeScript(name);
  return new Promise<R>((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let report: R | undefined;
    let stderr = '';
    const timer = setTimeout(() => child.kill(), PROBE_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('message', (message) => {
      report = message as R;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (report !== undefined && code === 0) {
        resolve(report);
      } else {
        reject(new Error(`probe ${name} ${args.join(' ')} exited with ${signal ?? code}: ${stderr.trim()}`));
      }
    });
  });
}
