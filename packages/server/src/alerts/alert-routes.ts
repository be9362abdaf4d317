import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { BadRequestError, NotFoundError } from '../common/errors.ts';
import { listResult, listResultSchema, pagingQuery } from '../http/list-query.ts';
import { alertInputSchema, alertPatchSchema, alertSchema, alertSeverities, alertStatuses } from './alert-schema.ts';
import type { AlertInput } from './alert-schema.ts';
import { parseAlertInput } from './alert-intake.ts';
import { alertJson, alertsJson } from './alert-json.ts';
import { updateAlert } from './alert-operations.ts';
import { ingestAlerts } from './ingest-alerts.ts';
import { legacyAlertSchema } from './legacy-v1.ts';

/** Most alerts one POST may carry. */
export const maxAlertBatch = 1000;

const postedAlert = z.union([alertInputSchema, legacyAlertSchema]);
const idParams = z.object({ id: z.string().min(1).max(200) });

/** POST/GET/PATCH /api/alerts. */
export function registerAlertRoutes(services: RiposteServices): void {
  services.route({
    method: 'POST',
    url: '/api/alerts',
    permission: 'alerts.write',
    summary: 'Ingest one alert, or a JSON array of up to 1,000 (alert_v2 or legacy v1); idempotent on provider + providerAlertId',
    tags: ['alerts'],
    body: z.unknown(),
    bodyDoc: z.union([postedAlert, z.array(postedAlert).max(maxAlertBatch)]),
    response: { status: 201, schema: z.union([alertSchema, z.array(alertSchema)]), description: 'The stored alerts, in the order posted' },
    handler: async ({ body, actor, reply }) => {
      const batch = Array.isArray(body);
      const raw: unknown[] = batch ? (body as unknown[]) : [body];
      if (batch && raw.length === 0) throw new BadRequestError('the array holds no alerts', '');
      if (raw.length > maxAlertBatch) throw new BadRequestError(`at most ${maxAlertBatch} alerts per request, got ${raw.length}`, '');
      // Validate everything before writing anything.
      const inputs: AlertInput[] = raw.map((item, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw new BadRequestError('expected an alert object', batch ? `/${i}` : '');
        }
        return parseAlertInput(item, batch ? `/${i}` : '');
      });
      const { alerts } = await ingestAlerts(services, inputs, actor);
      // The JSON the store just wrote for each alert, not a second serialization of the same objects.
      reply.type('application/json; charset=utf-8');
      return batch ? alertsJson(alerts) : alertJson(alerts[0]!);
    },
  });

  services.route({
    method: 'GET',
    url: '/api/alerts',
    permission: 'alerts.read',
    summary: 'List alerts, newest first',
    tags: ['alerts'],
    query: z.object({
      status: z.enum(alertStatuses).optional(),
      severity: z.enum(alertSeverities).optional(),
      incidentId: z.string().optional(),
      serviceSource: z.string().optional(),
      ...pagingQuery,
    }),
    response: { schema: listResultSchema(alertSchema) },
    handler: async ({ query, request }) => {
      const page = await services.store.listAlerts(query);
      return listResult(page.items, query, request.url, page.total);
    },
  });

  services.route({
    method: 'GET',
    url: '/api/alerts/:id',
    permission: 'alerts.read',
    summary: 'One alert',
    tags: ['alerts'],
    params: idParams,
    response: { schema: alertSchema },
    handler: async ({ params }) => {
      const alert = await services.store.getAlert(params.id);
      if (!alert) throw new NotFoundError('alert', params.id);
      return alert;
    },
  });

  services.route({
    method: 'PATCH',
    url: '/api/alerts/:id',
    permission: 'alerts.write',
    summary: 'Update an alert (status, classification, determination, assignedTo, severity; comments are appended)',
    tags: ['alerts'],
    params: idParams,
    body: alertPatchSchema,
    response: { schema: alertSchema },
    handler: ({ params, body, actor }) => updateAlert(services, params.id, body, actor),
  });
}
