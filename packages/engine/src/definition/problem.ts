/**
 * What validation and import report. `pointer` is a JSON pointer into the file as the user wrote
 * it (an ARM template's pointers include /resources/N/properties/definition/...).
 */
export interface Problem {
  pointer: string;
  message: string;
  code: ProblemCode;
}

/** Problems that make a definition wrong; every other code means "valid, but not runnable here". */
export type ProblemCode =
  | 'JsonSyntax'
  | 'NotAWorkflow'
  | 'Structure'
  | 'UnknownActionType'
  | 'UnknownTriggerType'
  | 'RunAfterMissingAction'
  | 'RunAfterCycle'
  | 'RunAfterStatus'
  | 'DuplicateActionName'
  | 'ExpressionSyntax'
  | 'Limit'
  | 'Predicate'
  | 'SwitchCase'
  | 'UndeclaredParameter'
  | 'UnknownActionReference'
  | 'UnknownVariable'
  | 'ArmExpression'
  | 'ArmUnknownFunction'
  | 'ParameterValue'
  // Not-runnable-here codes: the definition is fine, this installation lacks something.
  | 'ActionTypeNotAvailable'
  | 'ConnectorNotAvailable'
  | 'ConnectionNotStatic'
  | 'FunctionNotAvailable';

const notRunnableCodes: ReadonlySet<ProblemCode> = new Set([
  'ActionTypeNotAvailable',
  'ConnectorNotAvailable',
  'ConnectionNotStatic',
  'FunctionNotAvailable',
]);

/** True for problems that say "cannot run here" rather than "the definition is wrong". */
export function isNotRunnableHere(problem: Problem): boolean {
  return notRunnableCodes.has(problem.code);
}

/** Appends a token to a JSON pointer, escaping "~" and "/" as RFC 6901 requires. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
