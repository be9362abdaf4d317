import type { FunctionRegistry } from './registry.ts';

/** Logical and comparison functions: if, equals, and, or, not, greater… (filled in below). */
export function registerLogicalFunctions(_registry: FunctionRegistry): void {}
