import type { FunctionRegistry } from './registry.ts';

/** Placeholder: this family is being written by another helper. */
export function registerStringFunctions(_registry: FunctionRegistry): void {}
