import { connectionsFromParameter, importWorkflowJson, isNotRunnableHere, type ConnectorRegistry, type ImportedWorkflow, type Problem } from '@riposte/engine';
import { z } from 'zod';
import { BadRequestError } from '../common/errors.ts';
import type { MissingOperation, NotRunnable } from './playbook-store.ts';
import { triggerKindOf, type TriggerKind } from './trigger-kind.ts';

/** POST /api/playbooks and PUT /api/playbooks/{id}: a workflow definition or an ARM template. */
export const playbookInputSchema = z
  .object({
    name: z.string().min(1).max(256).optional(),
    definition: z.record(z.string(), z.unknown()).optional().meta({ description: 'A Logic Apps workflow definition (or { definition, parameters }).' }),
    template: z.record(z.string(), z.unknown()).optional().meta({ description: 'An ARM template holding one Microsoft.Logic/workflows resource (e.g. a Sentinel playbook azuredeploy.json).' }),
    parameters: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'Template parameters (values, or an ARM parameters file { name: { value } }); for a definition, its parameter values incl. $connections.' }),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'PlaybookInput' });
export type PlaybookInput = z.output<typeof playbookInputSchema>;

export interface ImportedPlaybook {
  workflow: ImportedWorkflow;
  triggerKind: TriggerKind;
  missingOperations: MissingOperation[];
  notRunnable: NotRunnable[];
}

const missingPattern = /connector not available: (\S+) (\S+) (.+)$/;

/** Splits import problems into fatal ones, missing connector operations and other not-runnable parts. */
function sortProblems(problems: Problem[], prefix: string) {
  const fatal: Problem[] = [];
  const missingOperations: MissingOperation[] = [];
  const notRunnable: NotRunnable[] = [];
  for (const p of problems) {
    const pointer = `${prefix}${p.pointer}`;
    if (!isNotRunnableHere(p)) fatal.push({ ...p, pointer });
    else if (p.code === 'ConnectorNotAvailable') {
      const m = missingPattern.exec(p.message);
      missingOperations.push({ pointer, api: m?.[1] ?? '?', method: m?.[2] ?? '?', path: m?.[3] ?? p.message });
    } else notRunnable.push({ pointer, code: p.code, message: p.message });
  }
  return { fatal, missingOperations, notRunnable };
}

function templateParams(parameters: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(parameters ?? {})) {
    const value = raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw ? (raw as { value: unknown }).value : raw;
    out[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/**
 * Resolves and validates a playbook body. Invalid definitions throw a 400 naming the JSON pointer
 * (into the request body); operations no connector provides are reported, not refused.
 */
export function importPlaybook(input: PlaybookInput, connectors: ConnectorRegistry): ImportedPlaybook {
  const hasDefinition = input.definition !== undefined;
  const hasTemplate = input.template !== undefined;
  if (hasDefinition === hasTemplate) throw new BadRequestError('send exactly one of "definition" or "template"', hasDefinition ? '/template' : '/definition');
  const prefix = hasDefinition ? '/definition' : '/template';
  const source = (hasDefinition ? input.definition : input.template)!;
  const loaded = hasTemplate
    ? importWorkflowJson(source, { connectors, params: templateParams(input.parameters), ...(input.name ? { name: input.name } : {}) })
    : importWorkflowJson(source, { connectors, ...(input.name ? { name: input.name } : {}) });
  const sorted = sortProblems(loaded.problems, prefix);
  if (sorted.fatal.length > 0) {
    const first = sorted.fatal[0]!;
    const more = sorted.fatal.length > 1 ? ` (and ${sorted.fatal.length - 1} more problem${sorted.fatal.length > 2 ? 's' : ''})` : '';
    throw new BadRequestError(`${first.pointer || '/'}: ${first.message}${more}`, first.pointer || prefix);
  }
  if (loaded.workflows.length === 0) throw new BadRequestError('no workflow definition found (expected a definition with triggers/actions or a Microsoft.Logic/workflows resource)', prefix);
  if (loaded.workflows.length > 1) throw new BadRequestError(`the template holds ${loaded.workflows.length} workflows; send one per playbook`, prefix);
  const workflow = loaded.workflows[0]!;
  if (hasDefinition && input.parameters) {
    // An ARM parameters file wraps each value as { value }; a definition's parameters take the value itself.
    const values = Object.fromEntries(
      Object.entries(input.parameters).map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'value' in v ? (v as { value: unknown }).value : v]),
    );
    workflow.parameters = { ...workflow.parameters, ...values };
    workflow.connections = connectionsFromParameter(values.$connections ?? workflow.parameters.$connections);
  }
  return { workflow, triggerKind: triggerKindOf(workflow.definition, workflow.connections), ...sorted };
}
