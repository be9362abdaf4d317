import { ConsoleApiError } from '../api/client.ts';
import type { ManualRun, PlaybookInput } from '../api/types.ts';

const deploymentTemplateSchema = /deploymentTemplate\.json#?$/i;

/** Whether a pasted document is an ARM template (a `resources` array or a deploymentTemplate `$schema`) rather than a workflow definition. */
export function isArmTemplate(document: unknown): boolean {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return false;
  const { resources, $schema } = document as { resources?: unknown; $schema?: unknown };
  return Array.isArray(resources) || (typeof $schema === 'string' && deploymentTemplateSchema.test($schema));
}

/**
 * The body of POST /api/playbooks for a pasted document: `{name, template}` for an ARM template, else
 * `{name, definition}`. An empty name is left out, so the server names the playbook from the document.
 * Anything else (not an object, a broken definition) is for the server to refuse, naming the field.
 */
export function playbookInput(name: string, document: unknown): PlaybookInput {
  const trimmed = name.trim();
  const named = trimmed ? { name: trimmed } : {};
  const body = document as Record<string, unknown>;
  return isArmTemplate(document) ? { ...named, template: body } : { ...named, definition: body };
}

/** The body of a run started by hand: the payload text as the trigger body (empty: none). Text that is not JSON is refused, naming the payload. */
export function manualRunInput(payload: string): ManualRun {
  if (!payload.trim()) return {};
  try {
    return { triggerBody: JSON.parse(payload) as unknown };
  } catch (err) {
    throw new ConsoleApiError(0, 'InvalidJson', `the payload is not JSON: ${(err as Error).message}`, 'payload');
  }
}
