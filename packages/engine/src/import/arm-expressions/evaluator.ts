import { ArmExpressionError } from './errors.ts';
import { armFunctions } from './functions.ts';
import type { ArmScope } from './environment.ts';
import { parseArmExpression, type ArmNode } from './parser.ts';

/** Evaluates a parsed ARM expression against template parameters/variables; throws ArmExpressionError. */
export function evaluateArmNode(node: ArmNode, scope: ArmScope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'call': {
      const fn = armFunctions[node.name.toLowerCase()];
      if (!fn) throw new ArmExpressionError('ArmUnknownFunction', `unknown ARM function '${node.name}'`, node.position, node.name);
      // if() evaluates only the branch it takes, like ARM does, so the other may reference what is absent.
      if (node.name.toLowerCase() === 'if' && node.args.length === 3) {
        const condition = evaluateArmNode(node.args[0]!, scope);
        const yes = condition === true || (typeof condition === 'string' && condition.toLowerCase() === 'true');
        return evaluateArmNode(node.args[yes ? 1 : 2]!, scope);
      }
      return fn(node.args.map((a) => evaluateArmNode(a, scope)), scope);
    }
    case 'member':
      return readProperty(evaluateArmNode(node.target, scope), node.name, node.position);
    case 'index': {
      const target = evaluateArmNode(node.target, scope);
      const index = evaluateArmNode(node.index, scope);
      if (Array.isArray(target)) {
        if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= target.length) {
          throw new ArmExpressionError('ArmReference', `index ${String(index)} is outside an array of length ${target.length}`, node.position);
        }
        return target[index];
      }
      if (typeof index !== 'string' && typeof index !== 'number') {
        throw new ArmExpressionError('ArmReference', 'a property name must be a string', node.position);
      }
      return readProperty(target, String(index), node.position);
    }
  }
}

function readProperty(target: unknown, name: string, position: number): unknown {
  if (typeof target !== 'object' || target === null || Array.isArray(target)) {
    throw new ArmExpressionError('ArmReference', `cannot read property '${name}' of ${target === null ? 'null' : typeof target}`, position);
  }
  // ARM property names are case-insensitive.
  const key = Object.keys(target).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) throw new ArmExpressionError('ArmReference', `property '${name}' does not exist`, position);
  return (target as Record<string, unknown>)[key];
}

/** True when a JSON string is an ARM expression ("[...]", but not the "[[" literal escape). */
export function isArmExpression(text: string): boolean {
  return text.length >= 2 && text.startsWith('[') && text.endsWith(']') && !text.startsWith('[[');
}

/**
 * The value a template string stands for: the evaluated expression for "[...]", the text with one
 * leading "[" removed for "[[...", otherwise the text itself.
 */
export function evaluateArmString(text: string, scope: ArmScope): unknown {
  if (text.startsWith('[[')) return text.slice(1);
  if (!isArmExpression(text)) return text;
  return evaluateArmNode(parseArmExpression(text.slice(1, -1)), scope);
}
