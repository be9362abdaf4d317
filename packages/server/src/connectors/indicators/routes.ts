/**
 * The indicator API and the stable export URLs firewalls and proxies poll:
 * GET /api/indicators/export/{type}.txt (one value per line) and GET /api/indicators/export/stix.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditEntry } from '../../audit/audit-entry.ts';
import { BadRequestError, NotFoundError } from '../../common/errors.ts';
import { ConnectorError } from '../sdk/index.ts';
import { blockBundle, blockList, listTypes, type ListType } from './block-lists.ts';
import { indicatorInputSchema, observableOf } from './indicator.ts';
import type { IndicatorStore, StoredIndicator } from './indicator-store.ts';
import { presentIndicator, submitIndicator } from './indicators-connector.ts';

export interface IndicatorRoutesOptions {
  store: IndicatorStore;
  /** Defaults to the app's clock. */
  now?: () => Date;
}

/**
 * Registers the indicator routes on a Riposte app (needs `app.riposte`, i.e. built by buildApp).
 * Async so that it also works as a Fastify plugin: `app.register(indicatorRoutes, { store })`.
 */
export async function indicatorRoutes(app: FastifyInstance, options: IndicatorRoutesOptions): Promise<void> {
  const services = app.riposte;
  if (!services) throw new Error('indicatorRoutes needs an app built by buildApp (app.riposte is missing)');
  const { store } = options;
  const now = options.now ?? (() => services.clock());
  const audit = async (actor: string, id: string, action: string, before: StoredIndicator | null, after: StoredIndicator | null) => {
    const at = services.clock().toISOString();
    await services.store.transaction((tx) => tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'indicator', id, action, before, after)]));
  };

  services.route({
    method: 'GET',
    url: '/api/indicators',
    permission: 'indicators.read',
    summary: 'List threat-intelligence indicators (activeOnly=true: only those in force)',
    tags: ['indicators'],
    query: z.object({ activeOnly: z.enum(['true', 'false']).optional() }),
    handler: async ({ query }) => {
      const at = now();
      const all = await store.list(query.activeOnly === 'true' ? { activeAt: at } : {});
      return { value: all.map((i) => presentIndicator(i, at)) };
    },
  });

  services.route({
    method: 'POST',
    url: '/api/indicators',
    permission: 'indicators.write',
    summary: 'Block, allow or alert on an IP, domain, URL or file hash (Graph tiIndicator fields); replaces the indicator for the same value',
    tags: ['indicators'],
    body: indicatorInputSchema,
    response: { status: 201 },
    handler: async ({ body, actor, reply }) => {
      const at = now();
      try {
        const before = await store.findByKey(observableKey(body));
        const { indicator, created } = await submitIndicator(store, body, at, actor, '');
        await audit(actor, indicator.id, created ? 'create' : 'update', before ?? null, indicator);
        if (!created) reply.code(200);
        return presentIndicator(indicator, at);
      } catch (err) {
        throw asApiError(err);
      }
    },
  });

  services.route({
    method: 'DELETE',
    url: '/api/indicators/:id',
    permission: 'indicators.write',
    summary: 'Remove an indicator (lift a block)',
    tags: ['indicators'],
    params: z.object({ id: z.string().min(1).max(2000) }),
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      const found = (await store.get(params.id)) ?? (await store.findByKey(params.id));
      if (!found) throw new NotFoundError('indicator', params.id);
      await store.delete(found.id);
      await audit(actor, found.id, 'delete', found, null);
      return undefined;
    },
  });

  services.route({
    method: 'GET',
    url: '/api/indicators/export/stix',
    permission: 'indicators.read',
    summary: 'STIX 2.1 bundle of the blocked indicators in force',
    tags: ['indicators'],
    response: { contentType: 'application/stix+json;version=2.1' },
    handler: async () => blockBundle(await store.list({ activeAt: now() }), now()),
  });

  services.route({
    method: 'GET',
    url: '/api/indicators/export/:file',
    permission: 'indicators.read',
    summary: `Plain-text block list, one value per line: ${listTypes.map((t) => `${t}.txt`).join(', ')}`,
    tags: ['indicators'],
    params: z.object({ file: z.string().max(20) }),
    response: { contentType: 'text/plain; charset=utf-8' },
    handler: async ({ params }) => {
      const type = params.file.replace(/\.txt$/, '');
      if (!params.file.endsWith('.txt') || !(listTypes as readonly string[]).includes(type)) {
        throw new BadRequestError(`/params/file: expected one of ${listTypes.map((t) => `${t}.txt`).join(', ')}`, '/params/file');
      }
      const at = now();
      return blockList(await store.list({ activeAt: at }), type as ListType, at);
    },
  });
}

function observableKey(body: z.output<typeof indicatorInputSchema>): string {
  try {
    return observableOf(body, '').key;
  } catch (err) {
    throw asApiError(err);
  }
}

function asApiError(err: unknown): unknown {
  if (err instanceof ConnectorError && err.code === 'InvalidInput') return new BadRequestError(err.message, err.field);
  return err;
}
