// The child side of a probe: what runs inside the fresh process. Nothing here may import more
// than Node, or it would load before the clock starts.

/** Sends the report to the parent, then exits (open keep-alive sockets would keep the process up). */
export function sendReport(report: object): void {
  process.send!(report, () => process.exit(0));
}

/** Prints the error and exits with 1: the parent rejects with the message. */
export function failProbe(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}
