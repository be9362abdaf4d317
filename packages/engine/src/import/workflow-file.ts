import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ConnectorRegistry } from '../connectors/registry.ts';
import type { ConnectionRef } from '../connectors/types.ts';
import { childPointer, type Problem } from '../definition/problem.ts';
import type { WorkflowDefinition } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate.ts';
import { ArmExpressionError, type ArmDeploymentTarget } from './arm-expressions/index.ts';
import { coerceParameterText, createTemplateScope, type TemplateScope } from './arm-scope.ts';
import { findWorkflowResources, resolveArmValue, type InnerScope } from './arm-template.ts';
import { connectionsFromParameter, connectionsFromReferences } from './connections.ts';
import { parseJsonText } from './json-text.ts';
import { isJsonObject, setOwn } from '../definition/json-object.ts';

export interface LoadWorkflowOptions {
  /** --param name=value: ARM template parameters, or the definition's parameters for other files. */
  params?: Record<string, string>;
  /** When given, ApiConnection operations are checked against it. */
  connectors?: ConnectorRegistry;
  /** Overrides the pretended subscription / resource group / location of ARM templates. */
  target?: Partial<ArmDeploymentTarget>;
  /** Name for a workflow whose file does not name it (defaults to the file name). */
  name?: string;
}

/** How the workflow was packaged in the file. */
export type WorkflowFileFormat = 'definition' | 'workflow-json' | 'resource' | 'arm-template';

export interface ImportedWorkflow {
  name: string;
  definition: WorkflowDefinition;
  /** Resolved values of the definition's parameters (defaults, then supplied values), incl. $connections. */
  parameters: Record<string, unknown>;
  connections: ConnectionRef[];
  /** JSON pointer of the definition in the file ("" for a bare definition). */
  pointer: string;
  format: WorkflowFileFormat;
  /** ARM template parameters that had no value and no default; a placeholder was used. */
  unsetTemplateParameters: string[];
  /** Logic Apps Standard workflow kind (Stateful, Stateless, Agentic) when the file states one. */
  kind?: string;
}

export interface LoadedWorkflowFile {
  workflows: ImportedWorkflow[];
  problems: Problem[];
}

function looksLikeDefinition(v: unknown): v is Record<string, unknown> {
  if (!isJsonObject(v)) return false;
  if (typeof v.$schema === 'string' && v.$schema.toLowerCase().includes('workflowdefinition')) return true;
  return 'triggers' in v || 'actions' in v;
}

/** Reads a workflow file (or JSON text) and returns its workflows, validated. */
export async function loadWorkflowFile(pathOrText: string, options: LoadWorkflowOptions = {}): Promise<LoadedWorkflowFile> {
  const trimmed = pathOrText.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return importWorkflowText(pathOrText, options);
  const text = await readFile(pathOrText, 'utf8');
  return importWorkflowText(text, { ...options, name: options.name ?? basename(pathOrText).replace(/\.json$/i, '') });
}

/** Same as loadWorkflowFile, for text already in memory. */
export function importWorkflowText(text: string, options: LoadWorkflowOptions = {}): LoadedWorkflowFile {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { workflows: [], problems: [parsed.problem] };
  return importWorkflowJson(parsed.value, options);
}

/** Recognises a bare definition, a { definition } object, a workflow resource or an ARM template. */
export function importWorkflowJson(json: unknown, options: LoadWorkflowOptions = {}): LoadedWorkflowFile {
  const problems: Problem[] = [];
  const workflows: ImportedWorkflow[] = [];
  const fallbackName = options.name ?? 'workflow';
  if (isJsonObject(json) && Array.isArray(json.resources)) {
    workflows.push(...importArmTemplate(json, options, problems));
  } else if (isJsonObject(json) && isJsonObject(json.definition)) {
    // Logic Apps Standard workflow.json ({ definition, kind }) or an exported { $connections, definition }.
    const supplied: Record<string, unknown> = isJsonObject(json.parameters) ? { ...json.parameters } : {};
    if (json.$connections !== undefined) supplied.$connections = json.$connections;
    const cliParams = options.params ?? {};
    workflows.push(
      assemble({ name: fallbackName, definition: json.definition, pointer: '/definition', format: 'workflow-json', supplied, unset: [], cliParams, kind: typeof json.kind === 'string' ? json.kind : undefined, problems })!,
    );
  } else if (isJsonObject(json) && isJsonObject(json.properties) && isJsonObject(json.properties.definition)) {
    // A single workflow (or gallery template) resource: { type, name, properties: { definition, ... } }.
    const props = json.properties;
    workflows.push(
      assemble({
        name: typeof json.name === 'string' ? json.name : fallbackName,
        definition: props.definition,
        pointer: '/properties/definition',
        format: 'resource',
        supplied: isJsonObject(props.parameters) ? props.parameters : {},
        unset: [],
        cliParams: options.params ?? {},
        extraConnections: connectionsFromReferences(props.connectionReferences),
        problems,
      })!,
    );
  } else if (looksLikeDefinition(json)) {
    workflows.push(assemble({ name: fallbackName, definition: json, pointer: '', format: 'definition', supplied: {}, unset: [], cliParams: options.params ?? {}, problems })!);
  } else {
    problems.push({
      pointer: '',
      code: 'NotAWorkflow',
      message: 'not a workflow: expected a definition (triggers/actions), a { "definition": ... } object or an ARM template with a Microsoft.Logic/workflows resource',
    });
  }
  for (const workflow of workflows) {
    problems.push(
      ...validateDefinition(workflow.definition, {
        pointer: workflow.pointer,
        connectors: options.connectors,
        connections: workflow.connections,
        // Standard workflows read parameters from the app's parameters.json, which we do not have.
        checkParameterDeclarations: workflow.kind === undefined,
      }),
    );
  }
  return { workflows, problems };
}

/** Every workflow resource of an ARM template, with template expressions evaluated. */
function importArmTemplate(json: Record<string, unknown>, options: LoadWorkflowOptions, problems: Problem[]): ImportedWorkflow[] {
  const workflows: ImportedWorkflow[] = [];
  const fallbackName = options.name ?? 'workflow';
  const outerScope = createTemplateScope(json, { params: options.params, target: options.target });
  const innerScopes = new Map<InnerScope, TemplateScope>();
  // A nested template evaluated in its own scope gets the values its deployment passes in.
  const scopeFor = (inner: InnerScope | undefined): TemplateScope => {
    if (!inner) return outerScope;
    let scope = innerScopes.get(inner);
    if (!scope) {
      const passed = resolveArmValue(inner.parameters, inner.parametersPointer, scopeFor(inner.outer), problems);
      const values = Object.fromEntries(Object.entries(isJsonObject(passed) ? passed : {}).map(([k, v]) => [k, isJsonObject(v) && 'value' in v ? v.value : v]));
      scope = createTemplateScope(inner.template, { values, target: options.target });
      innerScopes.set(inner, scope);
    }
    return scope;
  };
  const declaredTemplateParams = isJsonObject(json.parameters) ? Object.keys(json.parameters).map((k) => k.toLowerCase()) : [];
  for (const name of Object.keys(options.params ?? {})) {
    if (!declaredTemplateParams.includes(name.toLowerCase())) {
      problems.push({ pointer: '/parameters', code: 'ParameterValue', message: `--param ${name}: the template declares no parameter '${name}'` });
    }
  }
  const found = findWorkflowResources(json.resources, '/resources');
  if (found.length === 0) {
    problems.push({ pointer: '/resources', code: 'NotAWorkflow', message: 'the ARM template has no Microsoft.Logic/workflows resource' });
  }
  found.forEach(({ resource, pointer, innerScope }, i) => {
    const scope = scopeFor(innerScope);
    const properties = isJsonObject(resource.properties) ? resource.properties : {};
    const name = resolveArmValue(resource.name, childPointer(pointer, 'name'), scope, problems);
    const propsAt = childPointer(pointer, 'properties');
    const defAt = childPointer(propsAt, 'definition');
    const definition = resolveArmValue(properties.definition, defAt, scope, problems);
    const supplied = resolveArmValue(properties.parameters, childPointer(propsAt, 'parameters'), scope, problems);
    const workflow = assemble({
      name: typeof name === 'string' ? name : `${fallbackName}-${i + 1}`,
      definition,
      pointer: defAt,
      format: 'arm-template',
      supplied: isJsonObject(supplied) ? supplied : {},
      unset: [...scope.unset],
    });
    if (workflow) workflows.push(workflow);
    else problems.push({ pointer: defAt, code: 'Structure', message: 'properties.definition must be a workflow definition object' });
  });
  return workflows;
}

interface AssembleInput {
  name: string;
  definition: unknown;
  pointer: string;
  format: WorkflowFileFormat;
  supplied: Record<string, unknown>;
  unset: string[];
  cliParams?: Record<string, string>;
  extraConnections?: ConnectionRef[];
  kind?: string;
  problems?: Problem[];
}

function assemble(input: AssembleInput): ImportedWorkflow | undefined {
  if (!isJsonObject(input.definition)) return undefined;
  const definition = input.definition as WorkflowDefinition;
  const declared = isJsonObject(definition.parameters) ? definition.parameters : {};
  const parameters: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(declared)) {
    if (isJsonObject(decl) && 'defaultValue' in decl) setOwn(parameters, name, decl.defaultValue);
  }
  for (const [name, supplied] of Object.entries(input.supplied)) {
    setOwn(parameters, name, isJsonObject(supplied) && 'value' in supplied ? supplied.value : supplied);
  }
  for (const [name, text] of Object.entries(input.cliParams ?? {})) {
    const decl = declared[name];
    if (!isJsonObject(decl)) {
      input.problems?.push({ pointer: childPointer(input.pointer, 'parameters'), code: 'ParameterValue', message: `--param ${name}: the definition declares no parameter '${name}'` });
      continue;
    }
    try {
      setOwn(parameters, name, coerceParameterText(name, text, typeof decl.type === 'string' ? decl.type : undefined));
    } catch (err) {
      if (!(err instanceof ArmExpressionError)) throw err;
      input.problems?.push({ pointer: childPointer(childPointer(input.pointer, 'parameters'), name), code: 'ParameterValue', message: `--param ${err.message}` });
    }
  }
  const connections = [...connectionsFromParameter(parameters.$connections)];
  for (const extra of input.extraConnections ?? []) if (!connections.some((c) => c.name === extra.name)) connections.push(extra);
  const workflow: ImportedWorkflow = {
    name: input.name,
    definition,
    parameters,
    connections,
    pointer: input.pointer,
    format: input.format,
    unsetTemplateParameters: input.unset,
  };
  if (input.kind !== undefined) workflow.kind = input.kind;
  return workflow;
}
