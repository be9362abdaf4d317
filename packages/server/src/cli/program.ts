import { Command } from 'commander';
import { CliUsageError } from './errors.ts';
import { commands, type CommandEntry } from './commands/index.ts';

/** The command named on the command line (first argument that is not an option), if any. */
function requestedCommand(argv: string[]): CommandEntry | undefined {
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  return commands.find((c) => c.name === first);
}

/**
 * Builds the `riposte` command line from the explicit command registry. Only the command being run
 * is loaded; help and unknown commands load them all so that commander can list and reject them.
 */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('riposte')
    .description('Riposte: incident-response automation that runs Logic Apps playbooks')
    .exitOverride((err) => {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(0);
      throw new CliUsageError(err.message.replace(/^error: /, ''));
    })
    .configureOutput({ writeErr: () => {} });
  const requested = requestedCommand(argv);
  const entries = requested ? [requested] : commands;
  const registers = await Promise.all(entries.map((c) => c.load()));
  for (const register of registers) register(program);
  return program;
}
