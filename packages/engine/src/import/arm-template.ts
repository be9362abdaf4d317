import { childPointer, type Problem } from '../definition/problem.ts';
import { ArmExpressionError, evaluateArmString } from './arm-expressions/index.ts';
import type { TemplateScope } from './arm-scope.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Microsoft.Logic/workflows resource found in a template, with its pointer in the file. */
export interface WorkflowResource {
  resource: Record<string, unknown>;
  pointer: string;
}

/**
 * Every workflow resource of an ARM template: top-level, child `resources`, and the templates of
 * nested Microsoft.Resources/deployments (evaluated in the outer template's scope).
 */
export function findWorkflowResources(resources: unknown, pointer: string, out: WorkflowResource[] = []): WorkflowResource[] {
  if (!Array.isArray(resources)) return out;
  resources.forEach((resource, i) => {
    if (!isObject(resource)) return;
    const at = childPointer(pointer, i);
    const type = typeof resource.type === 'string' ? resource.type.toLowerCase() : '';
    if (type === 'microsoft.logic/workflows') out.push({ resource, pointer: at });
    findWorkflowResources(resource.resources, childPointer(at, 'resources'), out);
    if (type === 'microsoft.resources/deployments' && isObject(resource.properties) && isObject(resource.properties.template)) {
      findWorkflowResources(resource.properties.template.resources, `${at}/properties/template/resources`, out);
    }
  });
  return out;
}

/**
 * Replaces every ARM expression string inside a value by its value. A string that cannot be
 * evaluated stays as written and becomes a problem at its pointer.
 */
export function resolveArmValue(value: unknown, pointer: string, scope: TemplateScope, problems: Problem[]): unknown {
  if (typeof value === 'string') {
    try {
      return evaluateArmString(value, scope);
    } catch (err) {
      if (!(err instanceof ArmExpressionError)) throw err;
      problems.push(
        err.code === 'ArmUnknownFunction'
          ? { pointer, code: 'ArmUnknownFunction', message: `ARM expression uses a function we cannot evaluate: ${err.functionName}` }
          : { pointer, code: 'ArmExpression', message: `ARM expression: ${err.message}` },
      );
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveArmValue(v, childPointer(pointer, i), scope, problems));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveArmValue(v, childPointer(pointer, k), scope, problems)]));
  }
  return value;
}
