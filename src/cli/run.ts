import * as path from 'node:path';
import { simulate } from './simulate';

/** Where the command line writes; tests pass buffers, the binary passes the process streams. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** The scenario guide, shipped in the package next to lib/. */
const SCENARIO_GUIDE = path.resolve(__dirname, '..', '..', 'docs', 'simulator-scenarios.md');
/** The example scenarios, shipped in the package; they run the bundled meeting-join handler. */
const EXAMPLE_SCENARIOS = path.resolve(__dirname, '..', '..', 'scenarios');

export const USAGE = `Usage: cdk-chime-meeting-dialin <command> [options]

Commands:
  simulate --scenario FILE [--handler PATH] [--format text|json|mermaid]
      Play a scripted call (a scenario file) through a SIP media application handler,
      offline, and print its transcript on stdout; the verdict, and everything the
      handler logs, go to stderr. PATH is a directory containing index.js, or a .js
      file, that exports "handler" (CommonJS; bundle TypeScript or ES modules first).
      Without --handler, the scenario's "handler" (relative to the scenario file).
      Exit code: 0 when the scenario's expectations hold, 1 when they do not,
      2 for a usage or scenario error.

      The bundled meeting-join handler runs from the scenario alone: its meeting
      directory is served locally with the scenario's PINs, and it is configured
      with CDK_CHIME_DIALIN_CONFIG (override it in the scenario's "env").

Scenario file (JSON):
  caller.from, number.to      an inbound call: the calling and the dialled number (E.164)
  outbound                    or a dial-out: { from, to, arguments }
  meetings                    [{ alias, pin?, externalMeetingId? }]: meetings to create
  steps                       in order: { wait: ms }, { digits: "123456#" },
                              { update: { action: mute|unmute|remove } }, { endMeeting: alias },
                              { deleteAttendee: true }, { hangup: true }, { answer: true },
                              { reject: 486|480 }, { noAnswer: true },
                              { fault: { service, operation, ... } }
  expect                      { status, endReason, joinedMeeting, promptsInclude, muted, violations }
  seed, handler, env, settings, name, description

The full guide: ${SCENARIO_GUIDE}
Examples (they run the bundled handler): ${EXAMPLE_SCENARIOS}
  cdk-chime-meeting-dialin simulate --scenario ${path.join(EXAMPLE_SCENARIOS, 'dial-in.json')}

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
