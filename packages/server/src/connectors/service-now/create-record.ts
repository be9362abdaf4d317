import { z } from 'zod';
import { ConnectorError } from '../sdk/connector-error.ts';
import { defineOperation, ok } from '../sdk/define-operation.ts';
import { callUpstream, type UpstreamTransport } from '../upstream/upstream-call.ts';
import { connectionLimits, upstreamUrl } from '../upstream/upstream-settings.ts';
import { idempotencyMark } from '../upstream/idempotency-mark.ts';
import { serviceNowAuthorization, serviceNowConnection } from './connection.ts';
import { findRecordByCorrelationId } from './record-lookup.ts';

export const SERVICENOW_CREATE_PERMISSION = 'connectors.servicenow.createRecord';

// ServiceNow table names: letters, digits, underscores (`incident`, `sn_si_incident`, `u_custom`).
const tableName = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** The record's fields as ServiceNow names them (`short_description`, `urgency`, …), as the Logic Apps connector takes them. */
const recordBody = z.record(z.string().regex(/^[A-Za-z0-9_.]{1,80}$/, 'expected a ServiceNow field name'), z.unknown());

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Table API query parameters the connector passes on. */
const recordQueries = z.looseObject({
  sysparm_display_value: z.union([flag, z.literal('all')]).optional(),
  sysparm_exclude_reference_link: flag.optional(),
  sysparm_fields: z.string().max(2000).optional(),
  sysparm_input_display_value: flag.optional(),
});

const createdRecord = z.looseObject({ result: z.looseObject({ sys_id: z.string() }) });

/** How the records Riposte marks name their source system. */
export const SERVICENOW_CORRELATION_DISPLAY = 'Riposte';

/**
 * `POST /api/now/v2/table/{tableType}` → ServiceNow Table API `POST {instanceUrl}/api/now/table/{table}`
 * with the body's fields as the record. Once per idempotency key: the record carries a
 * correlation_id derived from the key, and a record already carrying it is answered instead of a
 * second one (a retry after a lost answer). A ticket is a record of the response, not containment:
 * nothing to restore, so recovery leaves it.
 */
export function createRecordOperation(transport: UpstreamTransport) {
  return defineOperation({
    id: 'service-now.createRecord',
    summary: 'Create Record',
    method: 'post',
    path: '/api/now/v2/table/{tableType}',
    permission: SERVICENOW_CREATE_PERMISSION,
    effect: 'notify',
    connection: serviceNowConnection,
    body: recordBody,
    queries: recordQueries,
    output: createdRecord,
    async execute({ body, queries, settings, pathParams, req, signal }) {
      const table = pathParams.tableType ?? '';
      if (!tableName.test(table)) throw new ConnectorError('InvalidInput', `/path/tableType: expected a ServiceNow table name, got '${table.slice(0, 100)}'`, { field: '/path/tableType' });
      // A playbook's own correlation_id links the record to another system: kept, and then this create
      // is not made once per key (that value is not the action's to look up by).
      const ownCorrelation = body.correlation_id !== undefined && body.correlation_id !== null && body.correlation_id !== '';
      const correlationId = ownCorrelation ? undefined : idempotencyMark(req.idempotencyKey);
      // The engine does not tell a connector which attempt this is, so every call looks first
      // (a first attempt after a crash is a repeat too): one GET more per create.
      if (correlationId) {
        const existing = await findRecordByCorrelationId(transport, { settings, table, correlationId, view: queries, signal });
        if (existing) return ok({ result: existing }, 200);
      }
      const record = correlationId ? { ...body, correlation_id: correlationId, correlation_display: body.correlation_display ?? SERVICENOW_CORRELATION_DISPLAY } : body;
      const query = new URLSearchParams();
      for (const key of ['sysparm_display_value', 'sysparm_exclude_reference_link', 'sysparm_fields', 'sysparm_input_display_value'] as const) {
        if (queries[key] !== undefined) query.set(key, String(queries[key]));
      }
      const qs = query.toString();
      const res = await callUpstream(transport, {
        service: 'ServiceNow',
        method: 'POST',
        url: upstreamUrl(settings.instanceUrl, `/api/now/table/${encodeURIComponent(table)}${qs ? `?${qs}` : ''}`),
        headers: { authorization: serviceNowAuthorization(settings) },
        body: record,
        signal,
        ...connectionLimits(settings),
      });
      return ok(res.body, res.statusCode);
    },
  });
}
