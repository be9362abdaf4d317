import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { IndicatorStore, StoredIndicator } from '../connectors/indicators/index.ts';
import { indicatorInputSchema, presentIndicator, withNormalizedObservable } from '../connectors/indicators/index.ts';
import { submitIndicator } from '../connectors/indicators/index.ts';
import { ConnectorError } from '../connectors/sdk/index.ts';
import { badRequestFromZod } from '../common/errors.ts';
import { collectionBody, compileQuery, contextUrl, odataQuerySchema, project } from './entity-set.ts';
import { registerCountRoute } from './count-route.ts';
import { GraphError, resourceNotFound } from './graph-error.ts';
import type { GraphRouter } from './graph-router.ts';
import { tiIndicatorsSetAt } from './ti-indicator-set.ts';

const tiIndicatorsPath = 'security/tiIndicators';
const idParams = z.object({ id: z.string().min(1).max(2000) });
const odataQuery = odataQuerySchema;

// Properties fixed by the observable; changing them would make it another indicator.
const observableFields = ['networkIPv4', 'networkDestinationIPv4', 'networkSourceIPv4', 'networkIPv6', 'networkDestinationIPv6', 'networkSourceIPv6', 'domainName', 'url', 'fileHashType', 'fileHashValue'];

function asGraphError(err: unknown): unknown {
  if (err instanceof ConnectorError && err.code === 'InvalidInput') return new GraphError(400, 'BadRequest', err.message);
  return err;
}

/** security/tiIndicators (beta): list (OData compiled to SQL on the store), get, create, update, delete. */
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
      const at = now();
      const set = tiIndicatorsSetAt(at);
      const compiled = compileQuery(set, query);
      const { where, params, orderBy = '' } = compiled.filter;
      // One more than the page: the extra row only tells collectionBody that a next link is due.
      const page = await store.query({ where, params, orderBy, top: compiled.top + 1, skip: compiled.skip, count: compiled.options.count });
      return collectionBody(request, set, compiled, page.items.map((i) => presentIndicator(i, at)), page.total);
    },
  });

  registerCountRoute(router, {
    collection: '/security/tiIndicators',
    versions: ['beta'],
    permission: 'indicators.read',
    what: 'threat-intelligence indicators (beta)',
    // LIMIT 0 reads no row: the answer is one COUNT(*) over the compiled WHERE (isActive as of now).
    count: async (query) => {
      const { where, params, orderBy = '' } = compileQuery(tiIndicatorsSetAt(now()), query).filter;
      return (await store.query({ where, params, orderBy, top: 0, skip: 0, count: true })).total ?? 0;
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
      const at = now();
      const set = tiIndicatorsSetAt(at);
      const compiled = compileQuery(set, query);
      const indicator = presentIndicator(await find(params.id), at);
      return { '@odata.context': contextUrl(request, set.path, { select: compiled.select, entity: true }), ...project(indicator, compiled.select) };
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
      return { '@odata.context': contextUrl(request, tiIndicatorsPath, { entity: true }), ...presentIndicator(indicator, now()) };
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
      const unchangeable = (field: string) => new GraphError(400, 'BadRequest', `/${field}: cannot be changed on an existing indicator; create a new one.`);
      for (const field of ['id', 'ingestedDateTime']) {
        if (field in body && body[field] !== (before as Record<string, unknown>)[field]) throw unchangeable(field);
      }
      const { key: _key, id: _id, ingestedDateTime: _ing, lastReportedDateTime: _last, createdBy: _by, ...fields } = before;
      const parsed = indicatorInputSchema.safeParse({ ...fields, ...body });
      if (!parsed.success) throw badRequestFromZod(parsed.error);
      let patched = parsed.data;
      const touched = observableFields.filter((field) => field in body);
      if (touched.length > 0) {
        // The observable may be restated in any spelling that normalizes to the same value (stored normalized).
        const { indicator, observable } = normalizedObservable(parsed.data);
        if (observable.key !== before.key) throw unchangeable(touched.find((f) => body[f] !== (before as Record<string, unknown>)[f]) ?? touched[0]!);
        patched = indicator;
      }
      const after: StoredIndicator = { ...before, ...patched, id: before.id, key: before.key, lastReportedDateTime: formatTimestamp(now()) };
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
  return normalizedObservable(body).observable.key;
}

function normalizedObservable(body: z.output<typeof indicatorInputSchema>): ReturnType<typeof withNormalizedObservable<typeof body>> {
  try {
    return withNormalizedObservable(body, '');
  } catch (err) {
    throw asGraphError(err);
  }
}
