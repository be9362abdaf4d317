/**
 * @riposte/expressions — the Workflow Definition Language expression engine of Logic Apps:
 * parse, compile once, evaluate many times against an injected host and workflow.
 */
export type { ActionRecord, EvaluationHost, EvaluationOptions, WorkflowContext } from './context.ts';
export type {
  AccessNode,
  CallNode,
  ExpressionNode,
  ExpressionTemplate,
  InterpolationTemplate,
  LiteralNode,
  LiteralTemplate,
  TemplateNode,
} from './ast.ts';
export { parse, DEFAULT_MAX_EXPRESSION_LENGTH } from './parser.ts';
export type { CompiledTemplate, EvaluationContext } from './compiler.ts';
export {
  compile,
  compileValue,
  evaluate,
  isExpression,
  TEMPLATE_CACHE_SIZE,
  type CompileOptions,
  type CompiledValue,
} from './compile.ts';
export { evaluateLine } from './evaluate-line.ts';
export { systemHost } from './system-host.ts';
export { interpolationText } from './text.ts';
export { ExpressionError, argError, argValueError, typeName, type ExpressionErrorCode } from './errors.ts';
export {
  FunctionRegistry,
  type ExpressionFunction,
  type FunctionCallContext,
  type FunctionSpec,
} from './functions/registry.ts';
export { createDefaultRegistry, defaultRegistry } from './functions/index.ts';
// Windows time-zone names (as Logic Apps definitions write them), for the engine's recurrence schedules.
export { findTimeZone, type TimeZone } from './dotnet/time-zones.ts';
