import { ArmExpressionError } from './errors.ts';
import { scanArmExpression, type ArmToken } from './scanner.ts';

export type ArmNode =
  | { kind: 'literal'; value: string | number | boolean; position: number }
  | { kind: 'call'; name: string; args: ArmNode[]; position: number }
  | { kind: 'member'; target: ArmNode; name: string; position: number }
  | { kind: 'index'; target: ArmNode; index: ArmNode; position: number };

// Deeper nesting than this is not a real template; refusing it keeps recursion bounded.
const maxDepth = 64;

/** Parses the text inside "[...]" into an expression tree; throws ArmExpressionError. */
export function parseArmExpression(text: string): ArmNode {
  const tokens = scanArmExpression(text);
  let at = 0;
  const peek = (): ArmToken => tokens[at]!;
  const next = (): ArmToken => tokens[at++]!;
  const expectPunct = (value: string): void => {
    const t = next();
    if (t.kind !== 'punct' || t.value !== value) {
      throw new ArmExpressionError('ArmSyntax', `expected '${value}'`, t.position);
    }
  };

  const parseExpression = (depth: number): ArmNode => {
    if (depth > maxDepth) throw new ArmExpressionError('ArmTooDeep', 'expression nested too deeply', peek().position);
    const t = next();
    let node: ArmNode;
    if (t.kind === 'string' || t.kind === 'number') {
      node = { kind: 'literal', value: t.value, position: t.position };
    } else if (t.kind === 'identifier') {
      const after = peek();
      if (after.kind === 'punct' && after.value === '(') {
        next();
        const args: ArmNode[] = [];
        if (!(peek().kind === 'punct' && (peek() as { value: string }).value === ')')) {
          for (;;) {
            args.push(parseExpression(depth + 1));
            const sep = next();
            if (sep.kind === 'punct' && sep.value === ',') continue;
            if (sep.kind === 'punct' && sep.value === ')') break;
            throw new ArmExpressionError('ArmSyntax', "expected ',' or ')'", sep.position);
          }
        } else {
          next();
        }
        node = { kind: 'call', name: t.value, args, position: t.position };
      } else if (/^(true|false)$/i.test(t.value)) {
        node = { kind: 'literal', value: t.value.toLowerCase() === 'true', position: t.position };
      } else {
        throw new ArmExpressionError('ArmSyntax', `expected '(' after '${t.value}'`, after.position);
      }
    } else {
      throw new ArmExpressionError('ArmSyntax', 'expected a function call or a literal', t.position);
    }
    for (;;) {
      const p = peek();
      if (p.kind === 'punct' && p.value === '.') {
        next();
        const name = next();
        if (name.kind !== 'identifier') throw new ArmExpressionError('ArmSyntax', "expected a property name after '.'", name.position);
        node = { kind: 'member', target: node, name: name.value, position: name.position };
      } else if (p.kind === 'punct' && p.value === '[') {
        next();
        const index = parseExpression(depth + 1);
        expectPunct(']');
        node = { kind: 'index', target: node, index, position: p.position };
      } else {
        return node;
      }
    }
  };

  const root = parseExpression(0);
  const end = peek();
  if (end.kind !== 'end') throw new ArmExpressionError('ArmSyntax', 'unexpected text after the expression', end.position);
  return root;
}
