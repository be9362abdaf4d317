import { defaultRegistry, ExpressionError, parse } from '@riposte/expressions';
import { expressionNodes, referencedParameters } from './expression-references.ts';
import { visitExpressionStrings } from './expression-strings.ts';
import { childPointer } from './problem.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

/** Every expression in triggers, actions and outputs parses, fits the length limit, and names declared parameters. */
export function checkExpressions(input: CheckInput): void {
  const declared = new Set(Object.keys(isJsonObject(input.definition.parameters) ? input.definition.parameters : {}));
  const checkParams = input.options.checkParameterDeclarations !== false;

  const checkString = (value: string, pointer: string): void => {
    if (!value.includes('@')) return;
    let template;
    try {
      template = parse(value, { maxExpressionLength: input.limits.maxExpressionLength });
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      // The parser's messages already name the position inside the string.
      input.report(
        err.code === 'ExpressionTooLong'
          ? { pointer, code: 'Limit', message: err.message }
          : { pointer, code: 'ExpressionSyntax', message: `expression syntax: ${err.message}` },
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

  visitExpressionStrings(input, checkString);
}
