import { simulate } from './simulate';

/** Where the command line writes; tests pass buffers, the binary passes the process streams. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const USAGE = `Usage: cdk-chime-meeting-dialin <command> [options]

Commands:
  simulate --scenario FILE [--handler PATH] [--format text|json|mermaid]
      Play a scripted call (a scenario file, see docs/simulator-scenarios.md) through a
      SIP media application handler, offline, and print its transcript. PATH is a
      directory containing index.js, or a .js file, that exports "handler".
      Exit code: 0 when the scenario's expectations hold, 1 when they do not,
      2 for a usage or scenario error.

Options:
  -h, --help   Show this help.
`;

/**
 * Runs the command line with `args` (without the node and script paths) and resolves to the exit
 * code: 0 on success, 1 when a simulated scenario's expectations fail, 2 on a usage error.
 */
export async function runCli(args: readonly string[], output: CliOutput): Promise<number> {
  const [command] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    output.stdout.write(USAGE);
    return 0;
  }
  if (command === 'simulate') {
    if (args.includes('-h') || args.includes('--help')) {
      output.stdout.write(USAGE);
      return 0;
    }
    return simulate(args.slice(1), output);
  }
  output.stderr.write(`cdk-chime-meeting-dialin: unknown command "${command}".\n\n${USAGE}`);
  return 2;
}
