import type { FunctionRegistry } from './registry.ts';

/** Placeholder: this family is being written by another helper. */
export function registerDateTimeFunctions(_registry: FunctionRegistry): void {}
