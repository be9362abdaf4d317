import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { ApiError, NotFoundError } from '../common/errors.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';

/** Whether a definition answers through a Response action, once per stored definition object. */
const answersCache = new WeakMap<object, boolean>();
function answersThroughResponse(definition: { actions?: unknown }): boolean {
  let answers = answersCache.get(definition);
  if (answers === undefined) answersCache.set(definition, (answers = hasResponseAction(definition.actions)));
  return answers;
}

function hasResponseAction(actions: unknown): boolean {
  if (!actions || typeof actions !== 'object') return false;
  for (const action of Object.values(actions as Record<string, Record<string, unknown>>)) {
    if (!action || typeof action !== 'object') continue;
    if (String(action.type ?? '').toLowerCase() === 'response') return true;
    const nested = [action.actions, (action.else as { actions?: unknown } | undefined)?.actions, (action.default as { actions?: unknown } | undefined)?.actions];
    for (const c of Object.values((action.cases as Record<string, { actions?: unknown }> | undefined) ?? {})) nested.push(c?.actions);
    if (nested.some(hasResponseAction)) return true;
  }
  return false;
}

/**
 * POST /api/triggers/{playbookId}/invoke?sig=…: the URL a Request-trigger playbook is called at (what
 * listCallbackUrl() returns). Public: the HMAC-SHA256 signature in `sig` is the credential, checked
 * in constant time. With a Response action the HTTP answer is the Response's; without one the call
 * is accepted (202) as soon as the run is durably created, as Logic Apps does. Either answer leaves
 * only once the journal has the run up to that point (the run starts with deferCreate, so a run of
 * pure steps is journaled in one commit from creation to end).
 */
export function registerRequestTrigger(services: RiposteServices, playbooks: PlaybookService): void {
  const runsStarted = services.metrics.counter('riposte_request_trigger_calls_total', 'Calls to Request-trigger playbooks by outcome.');
  services.route({
    method: 'POST',
    url: '/api/triggers/:playbookId/invoke',
    permission: 'public',
    summary: 'Call a Request-trigger playbook (signed URL from GET /api/playbooks/{id})',
    tags: ['playbooks'],
    params: z.object({ playbookId: z.string().min(1).max(200) }),
    query: z.looseObject({ sig: z.string().max(200).optional() }),
    body: z.unknown(),
    handler: async ({ params, query, body, request, reply }) => {
      const playbook = playbooks.store.get(params.playbookId);
      // One answer for unknown playbooks and bad signatures, so the URL space cannot be probed.
      if (!playbook || !query.sig || !playbooks.verifySignature(playbook.id, query.sig)) {
        runsStarted.inc({ outcome: 'refused' });
        throw new ApiError('Unauthorized', 'the signature (sig) of this trigger URL is missing or not valid');
      }
      if (!playbook.enabled || playbook.triggerKind !== 'request') {
        runsStarted.inc({ outcome: 'unavailable' });
        throw new NotFoundError('enabled Request-trigger playbook', params.playbookId);
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string' && k !== 'authorization') headers[k] = v;
      const { sig: _sig, ...queries } = query;
      const handle = await playbooks.start(playbook, { triggerOutputs: { headers, body: body ?? null, queries }, startedBy: 'request', deferCreate: true });
      reply.header('x-ms-workflow-run-id', handle.runId);
      if (!answersThroughResponse(playbooks.currentVersion(playbook).definition)) {
        await playbooks.runtime.flush();
        runsStarted.inc({ outcome: 'accepted' });
        reply.code(202);
        return reply.send();
      }
      const response = await handle.response;
      // The caller's answer is in the run history before the caller has it.
      await playbooks.runtime.flush();
      if (!response) {
        runsStarted.inc({ outcome: 'no-response' });
        reply.code(502);
        return reply.send({ error: { code: 'NoResponse', message: `the run ${handle.runId} ended without answering through its Response action` } });
      }
      runsStarted.inc({ outcome: 'answered' });
      reply.code(response.statusCode ?? 200);
      for (const [k, v] of Object.entries(response.headers ?? {})) reply.header(k, String(v));
      const out = response.body;
      if (out === undefined || out === null) return reply.send();
      if (typeof out === 'string') return reply.send(out);
      return reply.send(out);
    },
  });
}
