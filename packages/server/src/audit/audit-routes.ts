import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { pagingQuery } from '../http/list-query.ts';

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });

/** GET /api/audit: the change log, newest first (admins). */
export function registerAuditRoutes(services: RiposteServices): void {
  services.route({
    method: 'GET',
    url: '/api/audit',
    permission: 'audit.read',
    summary: 'The audit log: who changed what, when, before → after; newest first',
    tags: ['audit'],
    query: z.object({ entityType: z.string().max(100).optional(), entityId: z.string().max(200).optional(), top: pagingQuery.top, skip: pagingQuery.skip }),
    response: { schema: z.object({ value: z.array(auditEntrySchema) }) },
    handler: async ({ query }) => ({ value: await services.store.listAudit(query) }),
  });
}
