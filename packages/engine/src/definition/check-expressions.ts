import { defaultRegistry, ExpressionError, parse } from '@riposte/expressions';
import { expressionNodes, referencedParameters } from './expression-references.ts';
import { childPointer } from './problem.ts';
import type { CheckInput } from './validation-context.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Fields that hold prose, names or nested actions (checked on their own), never expressions.
const skippedActionFields = new Set(['description', 'metadata', 'type', 'kind', 'runAfter', 'actions', 'else', 'default']);

/** Every expression in triggers, actions and outputs parses, fits the length limit, and names declared parameters. */
export function checkExpressions(input: CheckInput): void {
  const declared = new Set(Object.keys(isObject(input.definition.parameters) ? input.definition.parameters : {}));
  const checkParams = input.options.checkParameterDeclarations !== false;

  const checkString = (value: string, pointer: string): void => {
    if (!value.includes('@')) return;
    let template;
    try {
      template = parse(value, { maxExpressionLength: input.limits.maxExpressionLength });
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      const where = err.position !== undefined ? ` at offset ${err.position}` : '';
      input.report(
        err.code === 'ExpressionTooLong'
          ? { pointer, code: 'Limit', message: err.message }
          : { pointer, code: 'ExpressionSyntax', message: `expression syntax${where}: ${err.message}` },
      );
      return;
    }
    // Argument counts are not checked: Microsoft's own gallery templates call encodeURIComponent
    // with several (concatenated) arguments, so an arity table would reject files Azure accepts.
    for (const node of expressionNodes(template)) {
      if (node.kind === 'call' && !defaultRegistry.get(node.name)) {
        input.report({ pointer, code: 'FunctionNotAvailable', message: `expression function not available: ${node.name}` });
      }
    }
    if (!checkParams) return;
    for (const ref of referencedParameters(template)) {
      if (!declared.has(ref.name)) {
        input.report({ pointer, code: 'UndeclaredParameter', message: `parameters('${ref.name}') refers to a parameter the definition does not declare` });
      }
    }
  };

  const walk = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') checkString(value, pointer);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, childPointer(pointer, i)));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, childPointer(pointer, k));
  };

  const walkOperation = (op: Record<string, unknown>, pointer: string): void => {
    for (const [key, value] of Object.entries(op)) {
      if (skippedActionFields.has(key)) continue;
      const at = childPointer(pointer, key);
      if ((key === 'cases' || key === 'tools') && isObject(value)) {
        // Only the non-action parts of cases and agent tools; their actions are walked as actions.
        for (const [name, entry] of Object.entries(value)) {
          if (!isObject(entry)) continue;
          for (const [field, v] of Object.entries(entry)) {
            if (field !== 'actions' && field !== 'description') walk(v, childPointer(childPointer(at, name), field));
          }
        }
        continue;
      }
      walk(value, at);
    }
  };

  for (const t of input.triggers) walkOperation(t.trigger, t.pointer);
  for (const s of input.sites) walkOperation(s.action, s.pointer);
  if (isObject(input.definition.outputs)) {
    for (const [name, output] of Object.entries(input.definition.outputs)) {
      if (isObject(output)) walk(output.value, childPointer(childPointer(childPointer(input.root, 'outputs'), name), 'value'));
    }
  }
}
