import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerEval } from './eval.ts';
import { registerKeys } from './keys.ts';
import { registerServe } from './serve.ts';
import { registerResume } from './resume.ts';
import { registerRun } from './run.ts';
import { registerValidate } from './validate.ts';

/** Each command lives in its own file and adds itself to the program here. */
export type RegisterCommand = (program: Command) => void;

// Explicit registry: add one import and one entry per command.
export const commands: RegisterCommand[] = [registerEval, registerValidate, registerRun, registerResume, registerServe, registerKeys, registerDemo];
