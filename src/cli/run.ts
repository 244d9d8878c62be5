/** Where the command line writes; tests pass buffers, the binary passes the process streams. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const USAGE = `Usage: cdk-chime-meeting-dialin <command> [options]

Commands:
  simulate --scenario FILE [--handler PATH] [--format text|json|mermaid]
      Play a scripted call through a SIP media application handler, offline.

Options:
  -h, --help   Show this help.
`;

/**
 * Runs the command line with `args` (without the node and script paths) and resolves to the exit
 * code: 0 on success, 2 on a usage error.
 */
export async function runCli(args: readonly string[], output: CliOutput): Promise<number> {
  const [command] = args;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    output.stdout.write(USAGE);
    return 0;
  }
  if (command === 'simulate') {
    output.stderr.write('cdk-chime-meeting-dialin: the simulate command is not available in this version yet.\n');
    return 2;
  }
  output.stderr.write(`cdk-chime-meeting-dialin: unknown command "${command}".\n\n${USAGE}`);
  return 2;
}
