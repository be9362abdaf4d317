import { buildProgram } from './program.ts';
import { CliUsageError } from './errors.ts';

// Exit codes are part of the CLI contract: 0 success, 1 a run that did not succeed, 2 bad input.
try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliUsageError) {
    process.stderr.write(`riposte: ${err.message}\n`);
    process.exit(2);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`riposte: ${message}\n`);
  process.exit(1);
}
