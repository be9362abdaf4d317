/**
 * Notice templates: text with `@{…}` expressions of the workflow language (@riposte/expressions,
 * parsed and interpreted — never eval), evaluated over triggerBody() = { incident, event, policy }.
 * `variables('incident')` reads the same data, for authors who prefer it.
 */
import { compile, ExpressionError, systemHost, type WorkflowContext } from '@riposte/expressions';
import { BadRequestError } from '../common/errors.ts';

export interface NoticeData {
  incident: unknown;
  event: { kind: string; before?: unknown; after?: unknown; at: string };
  policy: { id: string; name: string };
}

/** Checks templates when a policy is saved, naming the field of the first bad one. */
export function checkTemplates(template: { subject: string; body: string }, pointer = '/template'): void {
  for (const key of ['subject', 'body'] as const) {
    try {
      compile(template[key]);
    } catch (err) {
      if (err instanceof ExpressionError) throw new BadRequestError(`${pointer}/${key}: ${err.message}`, `${pointer}/${key}`);
      throw err;
    }
  }
}

/** Renders a template to text; an expression that fails to evaluate renders as an empty string. */
export function renderTemplate(text: string, data: NoticeData, now: Date): string {
  const workflow: WorkflowContext = {
    trigger: () => ({ name: 'stakeholderNotice', status: 'Succeeded', outputs: { headers: {}, body: data } }),
    action: () => undefined,
    variable: (name) => (data as unknown as Record<string, unknown>)[name],
    parameter: () => undefined,
    item: () => undefined,
    iterationIndex: () => undefined,
    scopeResults: () => undefined,
    workflow: () => ({ name: 'stakeholder-notice', run: { name: data.policy.id } }),
    listCallbackUrl: () => '',
  };
  try {
    const value = compile(text).evaluate({ host: { ...systemHost, now: () => now }, workflow });
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch (err) {
    if (err instanceof ExpressionError) return `${text} [template error: ${err.message}]`;
    throw err;
  }
}
