import { WorkflowError } from '@riposte/engine';
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { ApiError, NotFoundError } from '../common/errors.ts';
import type { PlaybookService } from '../playbooks/playbook-service.ts';

/**
 * POST /api/runs/{runId}/callbacks/{key}: the callback URL the engine hands ApiConnectionWebhook
 * actions and webhook-style waits (`<base>/api/runs/<runId>/callbacks/<action path>[#<iterations>]`).
 * The engine's URL carries no signature, so the caller needs an API key with `playbooks.run`.
 */
export function registerRunCallbacks(services: RiposteServices, playbooks: PlaybookService): void {
  services.route({
    method: 'POST',
    url: '/api/runs/:runId/callbacks/:key',
    permission: 'playbooks.run',
    summary: 'Deliver a webhook callback to the action of a run that waits for it',
    tags: ['playbooks'],
    params: z.object({ runId: z.string().min(1).max(200), key: z.string().min(1).max(2000) }),
    body: z.unknown(),
    response: { status: 202 },
    handler: async ({ params, body }) => {
      const hash = params.key.lastIndexOf('#');
      const path = hash < 0 ? params.key : params.key.slice(0, hash);
      const iteration = hash < 0 ? [] : params.key.slice(hash + 1).split(',').map(Number);
      if (iteration.some((n) => !Number.isInteger(n) || n < 0)) throw new ApiError('BadRequest', 'the iteration part of the callback key must be comma-separated indexes', '/params/key');
      try {
        await playbooks.runtime.deliverCallback(params.runId, path, body ?? null, iteration);
      } catch (err) {
        if (err instanceof WorkflowError && (err.code === 'RunNotWaiting' || err.code === 'RunNotFound')) throw new NotFoundError('waiting action', `${params.runId}/${params.key}`);
        throw err;
      }
      return { runId: params.runId, delivered: true };
    },
  });
}
