import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { alertClassifications, alertStatuses } from '../alerts/alert-schema.ts';
import type { Alert } from '../alerts/alert-schema.ts';
import { updateAlert } from '../alerts/alert-operations.ts';
import { alertV2ToLegacy, legacyAlertFeedback, legacyAlertStatuses } from '../alerts/legacy-v1.ts';
import type { RiposteServices } from '../app/build-app.ts';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';
import { ApiError } from '../common/errors.ts';
import { alertsV2Set, legacyAlertsSet } from './alert-sets.ts';
import type { EntitySet } from './entity-set.ts';
import { collectionBody, compileQuery, contextUrl, odataQuerySchema, project } from './entity-set.ts';
import { registerCountRoute } from './count-route.ts';
import { resourceNotFound } from './graph-error.ts';
import type { GraphRouter } from './graph-router.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });
const odataQuery = odataQuerySchema;

/** PATCH security/alerts_v2/{id}: the properties Graph lets a client update. */
const alertV2PatchSchema = z.strictObject({
  '@odata.type': z.string().optional(),
  assignedTo: z.string().max(256).nullish(),
  classification: caseInsensitiveEnum(alertClassifications).nullish(),
  determination: z.string().max(100).nullish(),
  status: caseInsensitiveEnum(alertStatuses).optional(),
  customDetails: z.record(z.string(), z.unknown()).optional(),
});

/** PATCH security/alerts/{id} (legacy): Graph requires vendorInformation; tags and closedDateTime are accepted and not stored. */
const legacyPatchSchema = z.strictObject({
  assignedTo: z.string().max(256).nullish(),
  closedDateTime: z.string().nullish(),
  comments: z.array(z.string().max(30_000)).max(100).nullish(),
  feedback: caseInsensitiveEnum(legacyAlertFeedback).nullish(),
  status: caseInsensitiveEnum(legacyAlertStatuses).nullish(),
  tags: z.array(z.string()).nullish(),
  vendorInformation: z.looseObject({ provider: z.string().nullish(), vendor: z.string().nullish() }).nullish(),
});

const legacyStatusToV2: Record<string, Alert['status']> = {
  unknown: 'new',
  newAlert: 'new',
  inProgress: 'inProgress',
  resolved: 'resolved',
  dismissed: 'resolved',
  unknownFutureValue: 'unknownFutureValue',
};
const feedbackToClassification: Record<string, Alert['classification']> = {
  unknown: 'unknown',
  truePositive: 'truePositive',
  falsePositive: 'falsePositive',
  benignPositive: 'informationalExpectedActivity',
  unknownFutureValue: 'unknownFutureValue',
};

async function requireAlert(services: RiposteServices, id: string): Promise<Alert> {
  const alert = await services.store.getAlert(id);
  if (!alert) throw resourceNotFound('alert', id);
  return alert;
}

function rethrowNotFound(id: string) {
  return (err: unknown): never => {
    if (err instanceof ApiError && err.status === 404) throw resourceNotFound('alert', id);
    throw err;
  };
}

/** security/alerts_v2 and the legacy security/alerts, read and update. */
export function registerGraphAlertRoutes(router: GraphRouter, services: RiposteServices): void {
  const list = (set: EntitySet, shape: (a: Alert) => Record<string, unknown>) => async ({ query, request }: { query: Record<string, string | undefined>; request: FastifyRequest }) => {
    const compiled = compileQuery(set, query, services.store.sql);
    const page = await services.store.queryAlerts(compiled.filter, { top: compiled.top + 1, skip: compiled.skip, count: compiled.options.count });
    return collectionBody(request, set, compiled, page.items.map(shape), page.total);
  };
  const one = (set: EntitySet, shape: (a: Alert) => Record<string, unknown>) => async ({ params, query, request }: { params: { id: string }; query: Record<string, string | undefined>; request: FastifyRequest }) => {
    const compiled = compileQuery(set, query);
    const alert = await requireAlert(services, params.id);
    return { '@odata.context': contextUrl(request, set.path, { select: compiled.select, entity: true }), ...project(shape(alert), compiled.select) };
  };
  // LIMIT 0 reads no row: the answer is the store's COUNT(*) over the compiled WHERE.
  const count = (set: EntitySet) => async (query: Record<string, string | undefined>) =>
    (await services.store.queryAlerts(compileQuery(set, query, services.store.sql).filter, { top: 0, skip: 0, count: true })).total ?? 0;
  const v2 = (a: Alert) => a as unknown as Record<string, unknown>;

  router.route({
    method: 'GET',
    url: '/security/alerts_v2',
    permission: 'alerts.read',
    summary: 'Graph: list alerts (alert_v2) with $filter, $orderby, $top, $skip, $select, $count',
    query: odataQuery,
    handler: list(alertsV2Set, v2),
  });
  registerCountRoute(router, { collection: '/security/alerts_v2', permission: 'alerts.read', what: 'alerts (alert_v2)', count: count(alertsV2Set) });
  router.route({
    method: 'GET',
    url: '/security/alerts_v2/:id',
    permission: 'alerts.read',
    summary: 'Graph: get an alert (alert_v2)',
    params: idParams,
    query: odataQuery,
    handler: one(alertsV2Set, v2),
  });
  router.route({
    method: 'PATCH',
    url: '/security/alerts_v2/:id',
    permission: 'alerts.write',
    summary: 'Graph: update an alert (assignedTo, classification, determination, status, customDetails)',
    params: idParams,
    body: alertV2PatchSchema,
    handler: async ({ params, body, actor, request }) => {
      const { '@odata.type': _type, ...patch } = body;
      const updated = await updateAlert(services, params.id, patch, actor).catch(rethrowNotFound(params.id));
      return { '@odata.context': contextUrl(request, alertsV2Set.path, { entity: true }), ...updated };
    },
  });
  router.route({
    method: 'POST',
    url: '/security/alerts_v2/:id/comments',
    permission: 'alerts.write',
    summary: 'Graph: add a comment to an alert; answers with all its comments',
    params: idParams,
    body: z.looseObject({ '@odata.type': z.string().optional(), comment: z.string().min(1).max(30_000) }),
    handler: async ({ params, body, actor, request, reply }) => {
      const updated = await updateAlert(services, params.id, { comments: [{ comment: body.comment }] }, actor).catch(rethrowNotFound(params.id));
      reply.code(200);
      return {
        '@odata.context': `${contextUrl(request, 'security/alerts_v2').replace(/#.*$/, '')}#Collection(microsoft.graph.security.alertComment)`,
        value: updated.comments.map((c) => ({ '@odata.type': 'microsoft.graph.security.alertComment', ...c })),
      };
    },
  });

  router.route({
    method: 'GET',
    url: '/security/alerts',
    permission: 'alerts.read',
    summary: 'Graph: list alerts in the legacy v1 shape',
    query: odataQuery,
    handler: list(legacyAlertsSet, alertV2ToLegacy),
  });
  registerCountRoute(router, { collection: '/security/alerts', permission: 'alerts.read', what: 'alerts (legacy v1)', count: count(legacyAlertsSet) });
  router.route({
    method: 'GET',
    url: '/security/alerts/:id',
    permission: 'alerts.read',
    summary: 'Graph: get an alert in the legacy v1 shape',
    params: idParams,
    query: odataQuery,
    handler: one(legacyAlertsSet, alertV2ToLegacy),
  });
  router.route({
    method: 'PATCH',
    url: '/security/alerts/:id',
    permission: 'alerts.write',
    summary: 'Graph: update a legacy alert (assignedTo, comments, feedback, status); answers 204',
    params: idParams,
    body: legacyPatchSchema,
    response: { status: 204 },
    handler: async ({ params, body, actor }) => {
      const before = await requireAlert(services, params.id);
      const known = new Set(before.comments.map((c) => c.comment));
      await updateAlert(
        services,
        params.id,
        {
          ...(body.assignedTo !== undefined ? { assignedTo: body.assignedTo } : {}),
          ...(body.status ? { status: legacyStatusToV2[body.status] } : {}),
          ...(body.feedback ? { classification: feedbackToClassification[body.feedback] } : {}),
          ...(body.comments ? { comments: body.comments.filter((c) => !known.has(c)).map((comment) => ({ comment })) } : {}),
        },
        actor,
      ).catch(rethrowNotFound(params.id));
      return undefined;
    },
  });
}
