import { childPointer, type Problem } from '../definition/problem.ts';
import { ArmExpressionError, evaluateArmString } from './arm-expressions/index.ts';
import type { TemplateScope } from './arm-scope.ts';
import { isJsonObject } from '../definition/json-object.ts';

/** A Microsoft.Logic/workflows resource found in a template, with its pointer in the file. */
export interface WorkflowResource {
  resource: Record<string, unknown>;
  pointer: string;
  /** Set when the resource sits in a nested deployment evaluated in its own ("inner") scope. */
  innerScope?: InnerScope;
}

/** A nested template with `expressionEvaluationOptions.scope: inner` and the values passed to it. */
export interface InnerScope {
  template: Record<string, unknown>;
  /** The deployment's `properties.parameters` ({ name: { value } }), still unevaluated (outer scope). */
  parameters: unknown;
  /** Pointer of that `parameters` object. */
  parametersPointer: string;
  /** The scope the nested template sits in (undefined: the file's own template). */
  outer?: InnerScope;
}

/**
 * Every workflow resource of an ARM template: top-level, child `resources`, and the templates of
 * nested Microsoft.Resources/deployments (outer scope by default, as ARM does; inner when asked).
 */
export function findWorkflowResources(resources: unknown, pointer: string, out: WorkflowResource[] = [], scope?: InnerScope): WorkflowResource[] {
  if (!Array.isArray(resources)) return out;
  resources.forEach((resource, i) => {
    if (!isJsonObject(resource)) return;
    const at = childPointer(pointer, i);
    const type = typeof resource.type === 'string' ? resource.type.toLowerCase() : '';
    if (type === 'microsoft.logic/workflows') out.push(scope ? { resource, pointer: at, innerScope: scope } : { resource, pointer: at });
    findWorkflowResources(resource.resources, childPointer(at, 'resources'), out, scope);
    const props = resource.properties;
    if (type === 'microsoft.resources/deployments' && isJsonObject(props) && isJsonObject(props.template)) {
      const options = isJsonObject(props.expressionEvaluationOptions) ? props.expressionEvaluationOptions : {};
      const inner = typeof options.scope === 'string' && options.scope.toLowerCase() === 'inner';
      const nested: InnerScope | undefined = inner
        ? { template: props.template, parameters: props.parameters, parametersPointer: `${at}/properties/parameters`, outer: scope }
        : scope;
      findWorkflowResources(props.template.resources, `${at}/properties/template/resources`, out, nested);
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
  if (isJsonObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveArmValue(v, childPointer(pointer, k), scope, problems)]));
  }
  return value;
}
