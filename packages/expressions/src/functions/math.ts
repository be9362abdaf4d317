import type { FunctionRegistry } from './registry.ts';

/** Placeholder: this family is being written by another helper. */
export function registerMathFunctions(_registry: FunctionRegistry): void {}
