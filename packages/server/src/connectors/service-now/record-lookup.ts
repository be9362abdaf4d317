/**
 * Finding the record an earlier attempt of the same action created, by the correlation_id that
 * attempt stored (the Table API takes no idempotency key).
 */
import { ConnectorError } from '../sdk/connector-error.ts';
import { callUpstream, type UpstreamTransport } from '../upstream/upstream-call.ts';
import { connectionLimits, upstreamUrl } from '../upstream/upstream-settings.ts';
import { serviceNowAuthorization, type ServiceNowSettings } from './connection.ts';

/** The Table API flags that shape how a record reads, as the playbook gave them to the create. */
export interface RecordView {
  sysparm_display_value?: boolean | 'all' | undefined;
  sysparm_exclude_reference_link?: boolean | undefined;
  sysparm_fields?: string | undefined;
}

interface LookupCall {
  settings: ServiceNowSettings;
  table: string;
  correlationId: string;
  view: RecordView;
  signal: AbortSignal;
}

/**
 * `GET /api/now/table/{table}?sysparm_query=correlation_id=<id>&sysparm_limit=1`, read with the
 * create's flags: the record, as a create would have answered it, or undefined when there is none.
 */
export async function findRecordByCorrelationId(transport: UpstreamTransport, call: LookupCall): Promise<Record<string, unknown> | undefined> {
  const { settings, table, correlationId, view } = call;
  const query = new URLSearchParams({ sysparm_query: `correlation_id=${correlationId}`, sysparm_limit: '1' });
  if (view.sysparm_display_value !== undefined) query.set('sysparm_display_value', String(view.sysparm_display_value));
  if (view.sysparm_exclude_reference_link !== undefined) query.set('sysparm_exclude_reference_link', String(view.sysparm_exclude_reference_link));
  const asked = view.sysparm_fields?.split(',').map((f) => f.trim()).filter((f) => f !== '');
  // The check below needs correlation_id even when the playbook asked for other fields only.
  if (asked?.length) query.set('sysparm_fields', [...new Set([...asked, 'correlation_id'])].join(','));
  const res = await callUpstream(transport, {
    service: 'ServiceNow',
    method: 'GET',
    url: upstreamUrl(settings.instanceUrl, `/api/now/table/${encodeURIComponent(table)}?${query}`),
    headers: { authorization: serviceNowAuthorization(settings) },
    signal: call.signal,
    ...connectionLimits(settings),
  });
  const result = (res.body as { result?: unknown } | undefined)?.result;
  if (!Array.isArray(result)) throw new ConnectorError('UpstreamFailure', `ServiceNow answered the correlation_id lookup on ${table} without a result list`);
  const record = result[0] as Record<string, unknown> | undefined;
  // An instance drops a condition on a field the table does not have (unless
  // glide.invalid_query.returns_no_rows is set) and answers any record: only one carrying the id counts.
  if (!record || fieldValue(record.correlation_id) !== correlationId) return undefined;
  if (asked?.length && !asked.includes('correlation_id')) {
    const { correlation_id: _, ...rest } = record;
    return rest;
  }
  return record;
}

/** A field as the Table API answers it: the value, or `{value, display_value}` with sysparm_display_value=all. */
function fieldValue(field: unknown): unknown {
  return field !== null && typeof field === 'object' && 'value' in field ? (field as { value: unknown }).value : field;
}
