#!/usr/bin/env node
/**
 * The `cdk-chime-meeting-dialin` command line.
 * @packageDocumentation
 */
import { runCli } from './run';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (exitCode) => { process.exitCode = exitCode; },
  (error: unknown) => {
    process.stderr.write(`cdk-chime-meeting-dialin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
