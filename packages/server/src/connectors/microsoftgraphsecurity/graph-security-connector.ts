import { z } from 'zod';
import { updateAlert } from '../../alerts/alert-operations.ts';
import type { Alert } from '../../alerts/alert-schema.ts';
import { alertV2ToLegacy } from '../../alerts/legacy-v1.ts';
import type { SecurityContext } from '../../app/security-context.ts';
import { ODataError } from '../../domain/odata/index.ts';
import { legacyAlertsSet } from '../../graph/alert-sets.ts';
import { compileQuery } from '../../graph/entity-set.ts';
import { ConnectorError, defineConnector, defineOperation, ok, type DescribedConnector, type DescribedOperation } from '../sdk/index.ts';

export interface GraphSecurityConnectorServices {
  ctx: SecurityContext;
  actorOf(runId: string): string | Promise<string>;
  /** Operations other folders provide under the same api (tiIndicators from connectors/indicators; subscriptions from graph/). */
  extraOperations?: DescribedOperation[];
}

const legacyStatusToV2: Record<string, Alert['status']> = { unknown: 'new', newalert: 'new', inprogress: 'inProgress', resolved: 'resolved', dismissed: 'resolved' };
const feedbackToClassification: Record<string, Alert['classification']> = {
  unknown: 'unknown',
  truepositive: 'truePositive',
  falsepositive: 'falsePositive',
  benignpositive: 'informationalExpectedActivity',
};

/** The alert fields an update changes, recorded before it and restored by recovery. */
export interface AlertFieldsState {
  status: Alert['status'];
  classification: Alert['classification'];
  assignedTo: Alert['assignedTo'];
}

const updateBody = z.looseObject({
  assignedTo: z.string().nullish(),
  comments: z.array(z.string()).nullish(),
  feedback: z.string().nullish(),
  status: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  vendorInformation: z.looseObject({ provider: z.string().nullish(), vendor: z.string().nullish() }).nullish(),
});

async function requireAlert(ctx: SecurityContext, id: string): Promise<Alert> {
  const alert = await ctx.store.getAlert(id);
  if (!alert) throw new ConnectorError('NotFound', `no alert '${id}'`, { field: '/path' });
  return alert;
}

/** Graph security operations on Riposte's own alerts: list with OData, get, update. */
export function graphSecurityAlertOperations(services: GraphSecurityConnectorServices): DescribedOperation[] {
  const { ctx } = services;
  const getAlerts = defineOperation({
    id: 'microsoftgraphsecurity.getAlerts',
    summary: 'Get alerts (legacy v1 shape) with an OData $filter, $top, $orderby',
    method: 'get',
    path: '/v1.0/security/alerts',
    permission: 'alerts.read',
    effect: 'read',
    execute: async ({ req }) => {
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.queries ?? {})) if (v !== undefined && v !== null && v !== '') query[k.startsWith('$') ? k : `$${k}`] = String(v);
      try {
        const compiled = compileQuery(legacyAlertsSet, query);
        const page = await ctx.store.queryAlerts(compiled.filter, { top: compiled.top, skip: compiled.skip });
        return ok({ value: page.items.map(alertV2ToLegacy) });
      } catch (err) {
        if (err instanceof ODataError) throw new ConnectorError('InvalidInput', err.message, { field: '/queries' });
        throw err;
      }
    },
  });
  const getAlert = defineOperation({
    id: 'microsoftgraphsecurity.getAlert',
    summary: 'Get alert by id (legacy v1 shape)',
    method: 'get',
    path: '/v1.0/security/alerts/{alertId}',
    permission: 'alerts.read',
    effect: 'read',
    execute: async ({ pathParams }) => ok(alertV2ToLegacy(await requireAlert(ctx, pathParams.alertId!))),
  });
  const update = defineOperation({
    id: 'microsoftgraphsecurity.updateAlert',
    summary: 'Update alert: status, feedback, assignedTo, comments (appended)',
    method: 'patch',
    path: '/v1.0/security/alerts/{alertId}',
    permission: 'alerts.write',
    effect: 'change',
    body: updateBody,
    state: {
      resource: (req) => ({ kind: 'alert', id: req.pathParams.alertId ?? '' }),
      read: async (req) => {
        const a = await requireAlert(ctx, req.pathParams.alertId ?? '');
        return { status: a.status, classification: a.classification, assignedTo: a.assignedTo } satisfies AlertFieldsState;
      },
      // Comments are append-only; only the fields are restored.
      restore: async (req, before) => void (await updateAlert(ctx, req.pathParams.alertId ?? '', before as AlertFieldsState, `recovery:${req.runId}`)),
    },
    execute: async ({ body, pathParams, req }) => {
      const before = await requireAlert(ctx, pathParams.alertId!);
      const status = body.status ? legacyStatusToV2[body.status.toLowerCase()] : undefined;
      if (body.status && !status) throw new ConnectorError('InvalidInput', `status: unknown value '${body.status}'`, { field: '/body/status' });
      const classification = body.feedback ? feedbackToClassification[body.feedback.toLowerCase()] : undefined;
      if (body.feedback && !classification) throw new ConnectorError('InvalidInput', `feedback: unknown value '${body.feedback}'`, { field: '/body/feedback' });
      const known = new Set(before.comments.map((c) => c.comment));
      const updated = await updateAlert(
        ctx,
        before.id,
        {
          ...(body.assignedTo !== undefined ? { assignedTo: body.assignedTo } : {}),
          ...(status ? { status } : {}),
          ...(classification ? { classification } : {}),
          ...(body.comments ? { comments: body.comments.filter((c) => !known.has(c)).map((comment) => ({ comment })) } : {}),
        },
        await services.actorOf(req.runId),
      );
      return ok(alertV2ToLegacy(updated));
    },
  });
  return [getAlerts, getAlert, update];
}

/** `microsoftgraphsecurity` on Riposte's own store: alerts, plus operations other folders give (tiIndicators, subscriptions). */
export function graphSecurityConnector(services: GraphSecurityConnectorServices): DescribedConnector {
  return defineConnector({
    api: 'microsoftgraphsecurity',
    displayName: 'Microsoft Graph Security (Riposte alerts)',
    operations: [...graphSecurityAlertOperations(services), ...(services.extraOperations ?? [])],
  });
}
