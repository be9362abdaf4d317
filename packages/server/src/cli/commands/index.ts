import type { Command } from 'commander';

/** Each command lives in its own file and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/** A command of the registry: its name, and how to load the module that registers it. */
export interface CommandEntry {
  name: string;
  load: () => Promise<RegisterCommand>;
}

// Explicit registry: one entry per command. Modules load lazily so that `riposte eval` does not pay
// for the HTTP server's imports, and `riposte run` not for the console's.
export const commands: CommandEntry[] = [
  { name: 'eval', load: async () => (await import('./eval.ts')).registerEval },
  { name: 'validate', load: async () => (await import('./validate.ts')).registerValidate },
  { name: 'run', load: async () => (await import('./run.ts')).registerRun },
  { name: 'resume', load: async () => (await import('./resume.ts')).registerResume },
  { name: 'serve', load: async () => (await import('./serve.ts')).registerServe },
  { name: 'keys', load: async () => (await import('./keys.ts')).registerKeys },
  { name: 'demo', load: async () => (await import('./demo.ts')).registerDemo },
];
