import { Command } from 'commander';
import { CliUsageError } from './errors.ts';
import { commands } from './commands/index.ts';

/** Builds the `riposte` command line from the explicit command registry. */
export function buildProgram(): Command {
  const program = new Command('riposte')
    .description('Riposte: incident-response automation that runs Logic Apps playbooks')
    .exitOverride((err) => {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(0);
      throw new CliUsageError(err.message.replace(/^error: /, ''));
    })
    .configureOutput({ writeErr: () => {} });
  for (const register of commands) register(program);
  return program;
}
