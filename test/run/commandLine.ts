// The command lines of the test scripts run by hand (test:stress, test:servers): node's own strict parser, so a
// typo or `--help` never starts an hour-long run; a mistake is said with the usage and exit code 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in the command line. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<T extends Options> = ReturnType<typeof parseArgs<{ options: T; strict: true }>>['values'];

/** The options given, or `help` for --help / -h. */
export function readArgs<T extends Options>(options: T, argv = process.argv.slice(2)): ParsedValues<T> | 'help' {
  try {
    const withHelp: Options = { ...options, help: { type: 'boolean', short: 'h' } };
    const { values } = parseArgs({ args: argv, options: withHelp, strict: true, allowPositionals: false });
    return values.help === true ? 'help' : (values as ParsedValues<T>);
  } catch (error) {
    // parseArgs's own errors (unknown option, missing value) are the user's mistakes.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

/** Runs a script's main(): its exit code, or 2 with the usage for a UsageError, or 1 for anything else. */
export function runMain(label: string, usage: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error) => {
      // A usage mistake needs its message and the usage; anything else its stack too.
      console.error(`${label}:`, error instanceof UsageError ? error.message : error);
      if (error instanceof UsageError) console.error(usage);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
