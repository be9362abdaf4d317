import type { ExpressionNode, TemplateNode } from '@riposte/expressions';

/** Every expression node of a parsed template, depth first. */
export function* expressionNodes(template: TemplateNode): Generator<ExpressionNode> {
  const roots = template.kind === 'expression' ? [template.expression] : template.kind === 'interpolation' ? template.parts.filter((p) => typeof p !== 'string') : [];
  const stack: ExpressionNode[] = [...(roots as ExpressionNode[])];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (node.kind === 'call') stack.push(...node.args);
    else if (node.kind === 'access') stack.push(node.target, node.key);
  }
}

/** Names passed as a literal to parameters('...') in a template. */
export function referencedParameters(template: TemplateNode): Array<{ name: string; start: number }> {
  const out: Array<{ name: string; start: number }> = [];
  for (const node of expressionNodes(template)) {
    if (node.kind === 'call' && node.name.toLowerCase() === 'parameters') {
      const arg = node.args[0];
      if (arg?.kind === 'literal' && typeof arg.value === 'string') out.push({ name: arg.value, start: node.start });
    }
  }
  return out;
}
