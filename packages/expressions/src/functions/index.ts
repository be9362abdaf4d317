/**
 * The default function table: an explicit list of families. Adding a family means adding one
 * import and one line here.
 */
import { registerCollectionFunctions } from './collection.ts';
import { registerConversionFunctions } from './conversion.ts';
import { registerDateTimeFunctions } from './date-time.ts';
import { registerFormatNumberFunctions } from './format-number.ts';
import { registerLogicalFunctions } from './logical.ts';
import { registerManipulationFunctions } from './manipulation.ts';
import { registerMathFunctions } from './math.ts';
import { FunctionRegistry } from './registry.ts';
import { registerStringFunctions } from './string.ts';
import { registerUriFunctions } from './uri.ts';
import { registerWorkflowFunctions } from './workflow.ts';

const FAMILIES: ReadonlyArray<(registry: FunctionRegistry) => void> = [
  registerStringFunctions,
  registerCollectionFunctions,
  registerLogicalFunctions,
  registerConversionFunctions,
  registerMathFunctions,
  registerUriFunctions,
  registerManipulationFunctions,
  registerDateTimeFunctions,
  registerFormatNumberFunctions,
  registerWorkflowFunctions,
];

/** A fresh registry holding every built-in function. */
export function createDefaultRegistry(): FunctionRegistry {
  const registry = new FunctionRegistry();
  for (const register of FAMILIES) register(registry);
  return registry;
}

/** The shared built-in registry used when no registry is passed to compile(). */
export const defaultRegistry: FunctionRegistry = createDefaultRegistry();
