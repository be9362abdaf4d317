/** /api/change-requests: open, list, read, approve/reject (changes.approve), implement and close (changes.write). */
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { NotFoundError } from '../common/errors.ts';
import { findIncident } from '../incidents/incident-operations.ts';
import { changeRequestInputSchema, changeRequestStatuses, type ChangeRequestTransition } from './change-request.ts';
import type { ChangeRequestService } from './change-request-service.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });
const commentBody = z.strictObject({ comment: z.string().max(4000).nullish() }).default({});

export function registerChangeRequestRoutes(services: RiposteServices, changes: ChangeRequestService): void {
  services.route({
    method: 'GET',
    url: '/api/change-requests',
    permission: 'changes.read',
    summary: 'Change requests, newest first',
    tags: ['change-requests'],
    query: z.object({
      incidentId: z.string().max(200).optional(),
      status: z.enum(changeRequestStatuses).optional(),
      $top: z.coerce.number().int().min(1).max(1000).default(100),
      $skip: z.coerce.number().int().min(0).default(0),
    }),
    handler: async ({ query }) => {
      const incident = query.incidentId ? await findIncident(services.store, query.incidentId) : undefined;
      if (query.incidentId && !incident) return { value: [] };
      return { value: changes.store.list({ ...(incident ? { incidentId: incident.id } : {}), ...(query.status ? { status: query.status } : {}), top: query.$top, skip: query.$skip }) };
    },
  });

  services.route({
    method: 'GET',
    url: '/api/change-requests/:id',
    permission: 'changes.read',
    summary: 'One change request',
    tags: ['change-requests'],
    params: idParams,
    handler: ({ params }) => {
      const cr = changes.store.get(params.id);
      if (!cr) throw new NotFoundError('change request', params.id);
      return cr;
    },
  });

  services.route({
    method: 'POST',
    url: '/api/change-requests',
    permission: 'changes.write',
    summary: 'Open a change request for an incident, listing the containment or recovery steps and assets it covers',
    tags: ['change-requests'],
    body: changeRequestInputSchema,
    response: { status: 201 },
    handler: ({ body, actor }) => changes.create(body, actor),
  });

  const transitions: Array<{ name: ChangeRequestTransition; permission: 'changes.approve' | 'changes.write'; summary: string }> = [
    { name: 'approve', permission: 'changes.approve', summary: 'Approve a requested change (actions waiting at the gate continue)' },
    { name: 'reject', permission: 'changes.approve', summary: 'Reject a requested change (actions waiting at the gate fail)' },
    { name: 'implement', permission: 'changes.write', summary: 'Record that an approved change was implemented' },
    { name: 'close', permission: 'changes.write', summary: 'Close a decided or implemented change request' },
  ];
  for (const t of transitions) {
    services.route({
      method: 'POST',
      url: `/api/change-requests/:id/${t.name}`,
      permission: t.permission,
      errors: { 409: 'The change request is not in a status this step can follow, or changed meanwhile' },
      summary: t.summary,
      tags: ['change-requests'],
      params: idParams,
      body: commentBody,
      handler: ({ params, body, actor }) => changes.transition(params.id, t.name, actor, body?.comment ?? null),
    });
  }
}
