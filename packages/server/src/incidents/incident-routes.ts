import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { NotFoundError } from '../common/errors.ts';
import { alertSchema } from '../alerts/alert-schema.ts';
import { listResult, listResultSchema, pagingQuery } from '../http/list-query.ts';
import {
  incidentCommentInputSchema,
  incidentCommentSchema,
  incidentEntitySchema,
  incidentPatchSchema,
  incidentSchema,
  incidentSeverities,
  incidentStatuses,
  incidentTaskInputSchema,
  incidentTaskPatchSchema,
  incidentTaskSchema,
  timelineEntrySchema,
} from './incident-schema.ts';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';
import {
  addIncidentComment,
  addIncidentTask,
  findIncident,
  incidentListViews,
  incidentView,
  updateIncident,
  updateIncidentTask,
} from './incident-operations.ts';
import { deleteIncident } from './delete-incident.ts';
import { requireAssignFor } from './incident-patch.ts';

const idParams = z.object({ id: z.string().min(1).max(200).describe('Incident id, or its number') });
const taskParams = idParams.extend({ taskId: z.string().min(1).max(200) });

/** An incident as GET returns it: the record plus its alerts, comments and tasks. */
export const incidentViewSchema = incidentSchema
  .extend({
    alerts: z.array(alertSchema),
    alertCount: z.number().int().meta({ description: 'How many alerts the incident has (a listed incident carries its latest 50 in `alerts`).' }),
    comments: z.array(incidentCommentSchema),
    tasks: z.array(incidentTaskSchema),
  })
  .meta({ id: 'IncidentView' });

/**
 * Alerts each incident of GET /api/incidents carries: its latest, oldest first. An incident that a
 * noisy detector grew to thousands of alerts would otherwise make every page of the list megabytes;
 * GET /api/incidents/{id} and /api/incidents/{id}/alerts give them all.
 */
export const listedAlertsPerIncident = 50;

/** /api/incidents and its comments, tasks and timeline. */
export function registerIncidentRoutes(services: RiposteServices): void {
  const load = async (id: string) => {
    const incident = await findIncident(services.store, id);
    if (!incident) throw new NotFoundError('incident', id);
    return incident;
  };

  services.route({
    method: 'GET',
    url: '/api/incidents',
    permission: 'incidents.read',
    summary: 'List incidents, newest first, each with its alerts (the latest 50; alertCount says how many), comments, tasks, owner and labels',
    tags: ['incidents'],
    query: z.object({
      status: caseInsensitiveEnum(incidentStatuses).optional(),
      severity: caseInsensitiveEnum(incidentSeverities).optional(),
      owner: z.string().max(256).optional().describe('Owner assignedTo, email, UPN or objectId'),
      ...pagingQuery,
    }),
    // The REST contract: the list shows each incident as GET /api/incidents/{id} does.
    response: { schema: listResultSchema(incidentViewSchema) },
    handler: async ({ query, request }) => {
      const page = await services.store.listIncidents(query);
      const views = await incidentListViews(services, page.items, listedAlertsPerIncident);
      return listResult(views, query, request.url, page.total);
    },
  });

  services.route({
    method: 'GET',
    url: '/api/incidents/:id',
    permission: 'incidents.read',
    summary: 'One incident with its alerts, comments, tasks, owner and labels',
    tags: ['incidents'],
    params: idParams,
    response: { schema: incidentViewSchema },
    handler: async ({ params }) => incidentView(services, await load(params.id)),
  });

  services.route({
    method: 'PATCH',
    url: '/api/incidents/:id',
    permission: 'incidents.write',
    summary: 'Update an incident (status, severity, owner, labels, classification, phase, roles, scope, objective); closing requires a classification',
    tags: ['incidents'],
    params: idParams,
    body: incidentPatchSchema,
    response: { schema: incidentViewSchema },
    handler: async ({ params, body, principal, actor }) => {
      requireAssignFor(body, principal);
      return incidentView(services, await updateIncident(services, params.id, body, actor));
    },
  });

  services.route({
    method: 'DELETE',
    url: '/api/incidents/:id',
    permission: 'incidents.delete',
    errors: { 409: 'A module must keep the incident (containment not restored, a pending approval, an open change request); the message says which' },
    summary: 'Delete an incident with its alerts, comments, tasks and timeline (Sentinel "Incidents - Delete"); 409 when a module refuses, e.g. containment changes not yet restored',
    tags: ['incidents'],
    params: idParams,
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      await deleteIncident(services, params.id, actor);
    },
  });

  services.route({
    method: 'GET',
    url: '/api/incidents/:id/alerts',
    permission: 'incidents.read',
    summary: 'The alerts of an incident',
    tags: ['incidents'],
    params: idParams,
    response: { schema: z.object({ value: z.array(alertSchema) }) },
    handler: async ({ params }) => ({ value: await services.store.listIncidentAlerts((await load(params.id)).id) }),
  });

  services.route({
    method: 'GET',
    url: '/api/incidents/:id/entities',
    permission: 'incidents.read',
    summary: 'The entities related to an incident (accounts, hosts, IPs, URLs, files, …)',
    tags: ['incidents'],
    params: idParams,
    response: { schema: z.object({ value: z.array(incidentEntitySchema) }) },
    handler: async ({ params }) => ({ value: (await load(params.id)).entities }),
  });

  services.route({
    method: 'GET',
    url: '/api/incidents/:id/comments',
    permission: 'incidents.read',
    summary: 'The comments of an incident, oldest first',
    tags: ['incidents'],
    params: idParams,
    response: { schema: z.object({ value: z.array(incidentCommentSchema) }) },
    handler: async ({ params }) => ({ value: await services.store.listComments((await load(params.id)).id) }),
  });

  services.route({
    method: 'POST',
    url: '/api/incidents/:id/comments',
    permission: 'incidents.comment',
    summary: 'Comment on an incident',
    tags: ['incidents'],
    params: idParams,
    body: incidentCommentInputSchema,
    response: { status: 201, schema: incidentCommentSchema },
    handler: ({ params, body, actor }) => addIncidentComment(services, params.id, body, actor),
  });

  services.route({
    method: 'GET',
    url: '/api/incidents/:id/tasks',
    permission: 'incidents.read',
    summary: 'The tasks of an incident',
    tags: ['incidents'],
    params: idParams,
    response: { schema: z.object({ value: z.array(incidentTaskSchema) }) },
    handler: async ({ params }) => ({ value: await services.store.listTasks((await load(params.id)).id) }),
  });

  services.route({
    method: 'POST',
    url: '/api/incidents/:id/tasks',
    permission: 'incidents.write',
    summary: 'Add a task to an incident',
    tags: ['incidents'],
    params: idParams,
    body: incidentTaskInputSchema,
    response: { status: 201, schema: incidentTaskSchema },
    handler: ({ params, body, actor }) => addIncidentTask(services, params.id, body, actor),
  });

  services.route({
    method: 'PATCH',
    url: '/api/incidents/:id/tasks/:taskId',
    permission: 'incidents.write',
    summary: 'Update a task (title, description, status New/Completed, owner)',
    tags: ['incidents'],
    params: taskParams,
    body: incidentTaskPatchSchema,
    response: { schema: incidentTaskSchema },
    handler: ({ params, body, actor }) => updateIncidentTask(services, params.id, params.taskId, body, actor),
  });

  services.route({
    method: 'GET',
    url: '/api/incidents/:id/timeline',
    permission: 'incidents.read',
    summary: 'Every change to an incident: who, when, which field, before → after',
    tags: ['incidents'],
    params: idParams,
    response: { schema: z.object({ value: z.array(timelineEntrySchema) }) },
    handler: async ({ params }) => ({ value: await services.store.listTimeline((await load(params.id)).id) }),
  });
}
