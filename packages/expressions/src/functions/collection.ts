import type { FunctionRegistry } from './registry.ts';

/** Placeholder: this family is being written by another helper. */
export function registerCollectionFunctions(_registry: FunctionRegistry): void {}
