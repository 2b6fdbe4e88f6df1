/** How a command reports: a human sentence, or with `--json` one JSON object on the last line. */
export interface CliOutput {
  result(human: string, json: Record<string, unknown>): void;
}

export function createCliOutput(json: boolean, write = (s: string) => process.stdout.write(s)) {
  return {
    result(human: string, value: Record<string, unknown>) {
      write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
    },
  } satisfies CliOutput;
}

/** A mistake in how the CLI was called; printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
