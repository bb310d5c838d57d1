// The admin CLI's exit codes, and the one error type it prints as a plain message (never a stack).

export const EXIT = {
  ok: 0,
  /** The change was refused: no such account or user, e-mail address taken, last Account Owner. */
  refused: 1,
  /** The command line was wrong: unknown command or option, invalid value, a password on argv. */
  usage: 2,
  /** The database cannot be reached, is not migrated, or the configuration is invalid. */
  unavailable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);
export const refused = (message: string) => new CliError(EXIT.refused, message);
