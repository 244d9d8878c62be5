import * as path from 'node:path';
import type { CliOutput } from './run';
import { HandlerLoadError, loadScenarioFile, runScenario, ScenarioError } from '../testing/simulator';
import type { ScenarioResult } from '../testing/simulator';
import { maskSecrets, secretsOf } from '../testing/simulator/describe-entry';

/** The formats `simulate` prints a transcript in. */
export type TranscriptFormat = 'text' | 'json' | 'mermaid';

const FORMATS: readonly TranscriptFormat[] = ['text', 'json', 'mermaid'];

/** Thrown for a wrong command line: the message says what to fix, the exit code is 2. */
export class UsageError extends Error {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The options of `simulate`. */
export interface SimulateArguments {
  /** The scenario file. */
  readonly scenario: string;
  /** The handler, overriding the scenario's. */
  readonly handler?: string;
  /** How to print the transcript. */
  readonly format: TranscriptFormat;
}

/** Reads `--scenario FILE [--handler PATH] [--format text|json|mermaid]`. @throws UsageError */
export function parseSimulateArguments(args: readonly string[]): SimulateArguments {
  const values: Record<string, string> = {};
  for (let index = 0; index < args.length; index += 2) {
    const [option, value] = [args[index], args[index + 1]];
    const name = option.startsWith('--') ? option.slice(2) : '';
    if (!['scenario', 'handler', 'format'].includes(name)) {
      throw new UsageError(`unknown option "${option}"`);
    }
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`${option} needs a value`);
    }
    if (Object.hasOwn(values, name)) {
      throw new UsageError(`${option} is given twice`);
    }
    values[name] = value;
  }
  if (values.scenario === undefined) {
    throw new UsageError('simulate needs --scenario FILE');
  }
  const format = (values.format ?? 'text') as TranscriptFormat;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format must be ${FORMATS.join(', ')}, not "${values.format}"`);
  }
  return { scenario: values.scenario, handler: values.handler, format };
}

/**
 * `simulate`: plays a scenario file through a handler offline (the fake Chime services run on
 * 127.0.0.1 for the duration), prints the call's transcript on stdout, and the verdict on stderr.
 * Join tokens are masked in every format. Resolves to the exit code: 0 when the scenario's
 * expectations hold, 1 when they do not (or the simulation failed), 2 for a usage or scenario error.
 */
export async function simulate(args: readonly string[], output: CliOutput): Promise<number> {
  let parsed: SimulateArguments;
  let result: ScenarioResult;
  try {
    parsed = parseSimulateArguments(args);
    const scenario = loadScenarioFile(parsed.scenario);
    // The handler's logs and metrics (Powertools writes both to stdout, as Lambda expects) go to
    // stderr: stdout carries the transcript only, so that `--format json` is JSON.
    result = await withProcessStdoutOnStderr(() => runScenario(scenario, {
      handler: parsed.handler && path.resolve(parsed.handler),
      baseDir: path.dirname(path.resolve(parsed.scenario)),
    }));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError || error instanceof HandlerLoadError) {
      output.stderr.write(`cdk-chime-meeting-dialin simulate: ${(error as Error).message}\n`);
      return 2;
    }
    output.stderr.write(`cdk-chime-meeting-dialin simulate: the simulation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  output.stdout.write(render(result, parsed.format));
  if (result.passed) {
    output.stderr.write(`PASS ${result.call.transcript.transactionId}: every expectation holds\n`);
    return 0;
  }
  output.stderr.write(`FAIL ${result.call.transcript.transactionId}:\n${result.failures.map((failure) => `  - ${failure}\n`).join('')}`);
  return 1;
}

/**
 * Runs `body` with everything written to the process's stdout sent to its stderr instead, whoever
 * writes it (console, or a logger that holds the stream), and restores stdout afterwards.
 */
async function withProcessStdoutOnStderr<T>(body: () => Promise<T>): Promise<T> {
  const stdout = process.stdout;
  const original = Object.getOwnPropertyDescriptor(stdout, 'write');
  stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (process.stderr.write as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof stdout.write;
  try {
    return await body();
  } finally {
    if (original) {
      Object.defineProperty(stdout, 'write', original);
    } else {
      delete (stdout as { write?: unknown }).write;
    }
  }
}

function render(result: ScenarioResult, format: TranscriptFormat): string {
  const transcript = result.call.transcript;
  switch (format) {
    case 'json': {
      const json = transcript.toJSON();
      const document = { passed: result.passed, failures: result.failures, meetings: result.meetings, transcript: json };
      return `${maskSecrets(JSON.stringify(document, null, 2), secretsOf(json))}\n`;
    }
    case 'mermaid':
      return transcript.toMermaid();
    default:
      return transcript.toText();
  }
}
