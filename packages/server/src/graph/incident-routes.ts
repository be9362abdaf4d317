import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import type { Incident } from '../incidents/incident-schema.ts';
import { addIncidentComment, findIncident, updateIncident } from '../incidents/incident-operations.ts';
import { collectionBody, compileQuery, contextUrl, odataQuerySchema, project, requestOrigin } from './entity-set.ts';
import { registerCountRoute } from './count-route.ts';
import { GraphError, resourceNotFound } from './graph-error.ts';
import type { GraphIncidentPatch } from './graph-incident.ts';
import { storedClassification, storedIncidentStatus, toGraphIncident, toIncidentPatch } from './graph-incident.ts';
import type { GraphRouter } from './graph-router.ts';
import { incidentsSet, incidentsSetFor } from './incident-set.ts';
import type { IncidentQuery } from './store/incident-query.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });
const odataQuery = odataQuerySchema;

const oneOf = (table: Record<string, unknown>, what: string) =>
  z.string().refine((v) => v.toLowerCase() in table, { message: `expected one of ${Object.keys(table).join(', ')} (${what})` });

const incidentPatchSchema = z.strictObject({
  '@odata.type': z.string().optional(),
  status: oneOf(storedIncidentStatus, 'Graph incident status').optional(),
  assignedTo: z.string().max(256).nullish(),
  classification: oneOf(storedClassification, 'Graph classification').nullish(),
  determination: z.string().max(100).nullish(),
  customTags: z.array(z.string().min(1).max(256)).max(100).optional(),
  displayName: z.string().min(1).max(1024).optional(),
  description: z.string().max(32_000).nullish(),
});

/** security/incidents: list, get (with `$expand=alerts`), update. */
export function registerGraphIncidentRoutes(router: GraphRouter, services: RiposteServices, incidents: IncidentQuery): void {
  const render = async (incident: Incident, origin: string, expandAlerts: boolean) =>
    toGraphIncident(
      incident,
      await services.store.listComments(incident.id),
      origin,
      expandAlerts ? await services.store.listIncidentAlerts(incident.id) : undefined,
    );
  const requireIncident = async (id: string) => {
    const incident = await findIncident(services.store, id);
    if (!incident) throw resourceNotFound('incident', id);
    return incident;
  };

  router.route({
    method: 'GET',
    url: '/security/incidents',
    permission: 'incidents.read',
    summary: 'Graph: list incidents with $filter, $orderby, $top, $skip, $select, $count, $expand=alerts',
    query: odataQuery,
    handler: async ({ query, request }) => {
      const compiled = compileQuery(incidentsSetFor(services.store.sql.dialect), query, services.store.sql);
      const page = await incidents.queryIncidents(compiled.filter, { top: compiled.top + 1, skip: compiled.skip, count: compiled.options.count });
      const origin = requestOrigin(request);
      const expand = compiled.expand.includes('alerts');
      const rows = [];
      for (const incident of page.items) rows.push(await render(incident, origin, expand));
      return collectionBody(request, incidentsSet, compiled, rows, page.total);
    },
  });

  registerCountRoute(router, {
    collection: '/security/incidents',
    permission: 'incidents.read',
    what: 'incidents',
    // LIMIT 0 reads no row: the answer is one COUNT(*) over the compiled WHERE.
    count: async (query) =>
      (await incidents.queryIncidents(compileQuery(incidentsSetFor(services.store.sql.dialect), query, services.store.sql).filter, { top: 0, skip: 0, count: true })).total ?? 0,
  });

  router.route({
    method: 'GET',
    url: '/security/incidents/:id',
    permission: 'incidents.read',
    summary: 'Graph: get an incident ($expand=alerts for its alerts)',
    params: idParams,
    query: odataQuery,
    handler: async ({ params, query, request }) => {
      const compiled = compileQuery(incidentsSet, query);
      const incident = await requireIncident(params.id);
      const body = await render(incident, requestOrigin(request), compiled.expand.includes('alerts'));
      return { '@odata.context': contextUrl(request, incidentsSet.path, { select: compiled.select, entity: true }), ...project(body, compiled.select, compiled.expand) };
    },
  });

  router.route({
    method: 'PATCH',
    url: '/security/incidents/:id',
    permission: 'incidents.write',
    summary: 'Graph: update an incident (status, assignedTo, classification, determination, customTags, displayName, description)',
    params: idParams,
    body: incidentPatchSchema,
    handler: async ({ params, body, actor, request }) => {
      const current = await requireIncident(params.id);
      const { '@odata.type': _type, ...patch } = body;
      if (Object.keys(patch).length === 0) throw new GraphError(400, 'BadRequest', 'The request body names no property to update.');
      const updated = await updateIncident(services, current.id, toIncidentPatch(patch as GraphIncidentPatch, current), actor);
      return { '@odata.context': contextUrl(request, incidentsSet.path, { entity: true }), ...(await render(updated, requestOrigin(request), false)) };
    },
  });

  router.route({
    method: 'POST',
    url: '/security/incidents/:id/comments',
    permission: 'incidents.comment',
    summary: 'Graph: add a comment to an incident; answers with all its comments',
    params: idParams,
    body: z.looseObject({ '@odata.type': z.string().optional(), comment: z.string().min(1).max(30_000) }),
    handler: async ({ params, body, actor, request, reply }) => {
      const incident = await requireIncident(params.id);
      await addIncidentComment(services, incident.id, { message: body.comment }, actor);
      const rendered = await render(incident, requestOrigin(request), false);
      reply.code(200);
      return {
        '@odata.context': `${contextUrl(request, incidentsSet.path).replace(/#.*$/, '')}#Collection(microsoft.graph.security.alertComment)`,
        value: rendered.comments,
      };
    },
  });
}
