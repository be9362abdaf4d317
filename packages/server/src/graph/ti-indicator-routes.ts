import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { IndicatorStore, StoredIndicator } from '../connectors/indicators/index.ts';
import { indicatorInputSchema, observableOf, presentIndicator } from '../connectors/indicators/index.ts';
import { submitIndicator } from '../connectors/indicators/index.ts';
import { ConnectorError } from '../connectors/sdk/index.ts';
import { matchesFilter, ODataError, parseQueryOptions } from '../domain/odata/index.ts';
import type { OrderByItem } from '../domain/odata/index.ts';
import { badRequestFromZod } from '../common/errors.ts';
import type { CompiledQuery, EntitySet } from './entity-set.ts';
import { collectionBody, contextUrl, odataQuerySchema, project } from './entity-set.ts';
import { GraphError, resourceNotFound } from './graph-error.ts';
import type { GraphRouter } from './graph-router.ts';

const idParams = z.object({ id: z.string().min(1).max(2000) });
const odataQuery = odataQuerySchema;

/** tiIndicators (beta). Block lists are small, so OData is evaluated over the store's list in memory. */
const tiIndicatorsSet: EntitySet = {
  path: 'security/tiIndicators',
  typeName: 'microsoft.graph.tiIndicator',
  sql: { properties: {} },
  properties: [...Object.keys(indicatorInputSchema.shape), 'id', 'ingestedDateTime', 'lastReportedDateTime', 'createdBy'],
  defaultTop: 100,
  maxTop: 1000,
  defaultOrder: '',
  tieBreaker: '',
};

// Properties fixed by the observable; changing them would make it another indicator.
const observableFields = ['networkIPv4', 'networkDestinationIPv4', 'networkSourceIPv4', 'networkIPv6', 'networkDestinationIPv6', 'networkSourceIPv6', 'domainName', 'url', 'fileHashType', 'fileHashValue'];

function inMemoryQuery(query: Record<string, string | undefined>): CompiledQuery {
  const options = parseQueryOptions(query, { maxTop: tiIndicatorsSet.maxTop });
  if (options.expand.length > 0) throw new ODataError('tiIndicator has no navigation properties to $expand.', { option: '$expand' });
  const select = options.select && !options.select.includes('*')
    ? options.select.map((name) => {
        const found = tiIndicatorsSet.properties.find((p) => p.toLowerCase() === name.toLowerCase());
        if (!found) throw new ODataError(`Could not find a property named '${name}' on type '${tiIndicatorsSet.typeName}' ($select).`, { option: '$select' });
        return found;
      })
    : undefined;
  return { options, filter: { where: '', params: [] }, top: options.top ?? tiIndicatorsSet.defaultTop, skip: options.skip ?? 0, select, expand: [] };
}

function compareBy(orderBy: OrderByItem[]) {
  const value = (item: Record<string, unknown>, path: string[]) => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), item);
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    for (const { path, direction } of orderBy) {
      const x = value(a, path);
      const y = value(b, path);
      if (x === y) continue;
      // Nulls sort first ascending, as in SQL.
      const order = x == null ? -1 : y == null ? 1 : String(x) < String(y) ? -1 : 1;
      return direction === 'desc' ? -order : order;
    }
    return 0;
  };
}

function asGraphError(err: unknown): unknown {
  if (err instanceof ConnectorError && err.code === 'InvalidInput') return new GraphError(400, 'BadRequest', err.message);
  return err;
}

/** security/tiIndicators (beta): list, get, create, update, delete on the indicators store. */
export function registerTiIndicatorRoutes(router: GraphRouter, services: RiposteServices, store: IndicatorStore): void {
  const now = () => services.clock();
  const audit = (actor: string, id: string, action: string, before: StoredIndicator | null, after: StoredIndicator | null) =>
    services.store.transaction((tx) => tx.appendAudit([auditEntry({ newId: services.newId, at: formatTimestamp(now()) }, actor, 'indicator', id, action, before, after)]));
  const find = async (id: string) => {
    const found = (await store.get(id)) ?? (await store.findByKey(id));
    if (!found) throw resourceNotFound('tiIndicator', id);
    return found;
  };

  router.route({
    method: 'GET',
    url: '/security/tiIndicators',
    versions: ['beta'],
    permission: 'indicators.read',
    summary: 'Graph (beta): list threat-intelligence indicators with $filter, $orderby, $top, $skip, $select, $count',
    query: odataQuery,
    handler: async ({ query, request }) => {
      const compiled = inMemoryQuery(query);
      const at = now();
      let items = (await store.list()).map((i) => presentIndicator(i, at));
      if (compiled.options.filter) items = items.filter((item) => matchesFilter(compiled.options.filter!, item));
      if (compiled.options.orderBy.length > 0) items.sort(compareBy(compiled.options.orderBy));
      const page = items.slice(compiled.skip, compiled.skip + compiled.top + 1);
      return collectionBody(request, tiIndicatorsSet, compiled, page, items.length);
    },
  });

  router.route({
    method: 'GET',
    url: '/security/tiIndicators/:id',
    versions: ['beta'],
    permission: 'indicators.read',
    summary: 'Graph (beta): get an indicator',
    params: idParams,
    query: odataQuery,
    handler: async ({ params, query, request }) => {
      const compiled = inMemoryQuery(query);
      const indicator = presentIndicator(await find(params.id), now());
      return { '@odata.context': contextUrl(request, tiIndicatorsSet.path, { select: compiled.select, entity: true }), ...project(indicator, compiled.select) };
    },
  });

  router.route({
    method: 'POST',
    url: '/security/tiIndicators',
    versions: ['beta'],
    permission: 'indicators.write',
    summary: 'Graph (beta): create an indicator (one per observable: posting a known value updates it)',
    body: indicatorInputSchema,
    response: { status: 201 },
    handler: async ({ body, actor, request }) => {
      const before = await store.findByKey(observableKey(body));
      const { indicator, created } = await submitIndicator(store, body, now(), actor, '').catch((err) => {
        throw asGraphError(err);
      });
      await audit(actor, indicator.id, created ? 'create' : 'update', before ?? null, indicator);
      return { '@odata.context': contextUrl(request, tiIndicatorsSet.path, { entity: true }), ...presentIndicator(indicator, now()) };
    },
  });

  router.route({
    method: 'PATCH',
    url: '/security/tiIndicators/:id',
    versions: ['beta'],
    permission: 'indicators.write',
    summary: 'Graph (beta): update an indicator (not its observable); answers 204',
    params: idParams,
    body: z.record(z.string(), z.unknown()),
    response: { status: 204 },
    handler: async ({ params, body, actor }) => {
      const before = await find(params.id);
      for (const field of [...observableFields, 'id', 'ingestedDateTime']) {
        if (field in body && body[field] !== (before as Record<string, unknown>)[field]) {
          throw new GraphError(400, 'BadRequest', `/${field}: cannot be changed on an existing indicator; create a new one.`);
        }
      }
      const { key: _key, id: _id, ingestedDateTime: _ing, lastReportedDateTime: _last, createdBy: _by, ...fields } = before;
      const parsed = indicatorInputSchema.safeParse({ ...fields, ...body });
      if (!parsed.success) throw badRequestFromZod(parsed.error);
      const after: StoredIndicator = { ...before, ...parsed.data, id: before.id, key: before.key, lastReportedDateTime: formatTimestamp(now()) };
      await store.put(after);
      await audit(actor, after.id, 'update', before, after);
      return undefined;
    },
  });

  router.route({
    method: 'DELETE',
    url: '/security/tiIndicators/:id',
    versions: ['beta'],
    permission: 'indicators.write',
    summary: 'Graph (beta): delete an indicator',
    params: idParams,
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      const found = await find(params.id);
      await store.delete(found.id);
      await audit(actor, found.id, 'delete', found, null);
      return undefined;
    },
  });
}

function observableKey(body: z.output<typeof indicatorInputSchema>): string {
  try {
    return observableOf(body, '').key;
  } catch (err) {
    throw asGraphError(err);
  }
}
