import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { ApiError } from '../common/errors.ts';
import { renderDocsPage } from './docs-page.ts';
import { buildOpenApiDocument } from './openapi-document.ts';

/** /healthz, /readyz, /metrics, /openapi.json and /docs: the public, unauthenticated routes. */
export function registerSystemRoutes(services: RiposteServices, version: string): void {
  const info = { title: 'Riposte', version };
  let document: Record<string, unknown> | undefined;
  // Built on first request, once every module has registered its routes.
  const openApi = () => (document ??= buildOpenApiDocument(services.operations, info));

  services.route({
    method: 'GET',
    url: '/healthz',
    permission: 'public',
    summary: 'Liveness: the process answers',
    tags: ['system'],
    response: { schema: z.object({ status: z.literal('ok') }) },
    handler: () => ({ status: 'ok' as const }),
  });

  services.route({
    method: 'GET',
    url: '/readyz',
    permission: 'public',
    summary: 'Readiness: the store answers',
    tags: ['system'],
    response: { schema: z.object({ status: z.literal('ready') }) },
    handler: async () => {
      try {
        await services.store.ping();
      } catch {
        throw new ApiError('ServiceUnavailable', 'the store does not answer');
      }
      return { status: 'ready' as const };
    },
  });

  services.route({
    method: 'GET',
    url: '/metrics',
    permission: 'public',
    summary: 'Prometheus metrics (text format 0.0.4)',
    tags: ['system'],
    response: { contentType: 'text/plain; version=0.0.4; charset=utf-8', schema: z.string() },
    handler: () => services.metrics.render(),
  });

  services.route({
    method: 'GET',
    url: '/openapi.json',
    permission: 'public',
    summary: 'This API as an OpenAPI 3.1 document',
    tags: ['system'],
    handler: () => openApi(),
  });

  services.route({
    method: 'GET',
    url: '/docs',
    permission: 'public',
    summary: 'A readable page of the API operations',
    tags: ['system'],
    response: { contentType: 'text/html; charset=utf-8', schema: z.string() },
    handler: () => renderDocsPage(openApi()),
  });
}
