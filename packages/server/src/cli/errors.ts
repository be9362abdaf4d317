/** Bad input on the command line or in a file it names: printed without a stack, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
