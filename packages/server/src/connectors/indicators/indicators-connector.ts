/**
 * The `indicators` connector (Riposte's own block/allow list) and the one `microsoftgraphsecurity`
 * operation Sentinel playbooks use to block an IP (POST /beta/security/tiIndicators), both writing to
 * an IndicatorStore. Each write records the indicator as it was before, so recovery can lift a block.
 */
import { z } from 'zod';
import type { ConnectorRequest, ResourceStateAccess } from '@riposte/engine';
import { formatTimestamp } from '../../common/timestamp.ts';
import { ConnectorError, defineConnector, defineOperation, ok, parseWith, type DescribedConnector, type DescribedOperation } from '../sdk/index.ts';
import { indicatorInputSchema, isActive, observableOf, withNormalizedObservable, type IndicatorInput } from './indicator.ts';
import type { IndicatorStore, StoredIndicator } from './indicator-store.ts';
import { normalizeStored } from './stored-normalization.ts';
import { uuidV5 } from './stix.ts';

export interface IndicatorServices {
  store: IndicatorStore;
  /** The clock (injected in tests to expire indicators). */
  now?: () => Date;
}

/** An indicator as operations and the API return it: Graph fields, with isActive as of now. */
export function presentIndicator(indicator: StoredIndicator, now: Date): Record<string, unknown> {
  const { key: _key, ...rest } = indicator;
  return { ...rest, isActive: isActive(indicator, now) };
}

/**
 * Creates the indicator for an observable, or updates the one that exists (one per observable: the
 * newest decision about a value wins). Its id is the UUIDv5 of the observable key, as its STIX id.
 * Returns it and whether it was new.
 */
export async function submitIndicator(store: IndicatorStore, input: IndicatorInput, now: Date, createdBy: string, prefix = '/body'): Promise<{ indicator: StoredIndicator; created: boolean }> {
  // The observable field holds the normalized value, so reads, $filter and exports agree with the key.
  const { indicator: fields, observable } = withNormalizedObservable(input, prefix);
  const existing = await store.findByKey(observable.key);
  const at = formatTimestamp(now);
  const indicator: StoredIndicator = {
    ...fields,
    // Derived from the value, so two runs blocking the same value at once upsert one row.
    id: existing?.id ?? uuidV5(observable.key),
    key: observable.key,
    ingestedDateTime: existing?.ingestedDateTime ?? at,
    lastReportedDateTime: at,
    createdBy,
  };
  await store.put(indicator);
  return { indicator, created: existing === undefined };
}

/** Puts an observable's recorded indicator back, or removes the indicator if there was none. */
export async function restoreIndicator(store: IndicatorStore, key: string, before: StoredIndicator | null): Promise<void> {
  const current = await store.findByKey(key);
  if (current && (before === null || current.id !== before.id)) await store.delete(current.id);
  if (before === null) return;
  const { indicator } = normalizeStored(before);
  // A before-state recorded with a lower-cased hash key reads with its case now (normalizeStored);
  // when another indicator already holds that key, the recorded one comes back under its own key.
  const holder = indicator.key === before.key ? undefined : await store.findByKey(indicator.key);
  await store.put(holder !== undefined && holder.id !== indicator.id ? { ...indicator, key: before.key } : indicator);
}

const storedIndicatorSchema = z.object({ id: z.string(), key: z.string(), expirationDateTime: z.string(), action: z.string() }).loose().nullable();

function keyOfRequest(req: ConnectorRequest): string {
  return observableOf(parseWith(indicatorInputSchema, req.body, '/body')).key;
}

function submitState(store: IndicatorStore): ResourceStateAccess {
  return {
    resource: (req) => ({ kind: 'indicator', id: keyOfRequest(req) }),
    read: async (req) => (await store.findByKey(keyOfRequest(req))) ?? null,
    restore: async (req, before) => restoreIndicator(store, keyOfRequest(req), parseWith(storedIndicatorSchema, before, '/before') as StoredIndicator | null),
  };
}

// DELETE addresses an indicator by id or by its observable key ("ipv4:198.51.100.7").
async function findAddressed(store: IndicatorStore, idOrKey: string): Promise<StoredIndicator | undefined> {
  return (await store.get(idOrKey)) ?? (await store.findByKey(idOrKey));
}

function deleteState(store: IndicatorStore): ResourceStateAccess {
  return {
    resource: (req) => ({ kind: 'indicator', id: req.pathParams.id ?? '' }),
    read: async (req) => (await findAddressed(store, req.pathParams.id ?? '')) ?? null,
    restore: async (req, before) => {
      const was = parseWith(storedIndicatorSchema, before, '/before') as StoredIndicator | null;
      if (was !== null) return restoreIndicator(store, was.key, was);
      const current = await findAddressed(store, req.pathParams.id ?? '');
      if (current) await store.delete(current.id);
    },
  };
}

function createOperation(id: string, path: string, summary: string, services: IndicatorServices): DescribedOperation {
  const now = services.now ?? (() => new Date());
  return defineOperation({
    id,
    summary,
    method: 'post',
    path,
    permission: 'indicators.write',
    effect: 'change',
    body: indicatorInputSchema,
    state: submitState(services.store),
    async execute({ body, req }) {
      const at = now();
      const { indicator, created } = await submitIndicator(services.store, body, at, `run:${req.runId}`);
      return ok(presentIndicator(indicator, at), created ? 201 : 200);
    },
  });
}

/** The `indicators` connector over a store. */
export function indicatorsConnector(services: IndicatorServices): DescribedConnector {
  const now = services.now ?? (() => new Date());
  const { store } = services;
  return defineConnector({
    api: 'indicators',
    displayName: 'Threat-intelligence indicators (block/allow lists)',
    operations: [
      createOperation('indicators.submit', '/indicators', 'Block, allow or alert on an IP, domain, URL or file hash (Graph tiIndicator fields)', services),
      defineOperation({
        id: 'indicators.list',
        summary: 'List indicators (activeOnly=true for those in force)',
        method: 'get',
        path: '/indicators',
        permission: 'indicators.read',
        effect: 'read',
        queries: z.object({ activeOnly: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional() }).loose(),
        async execute({ queries }) {
          const at = now();
          const all = await store.list(queries.activeOnly ? { activeAt: at } : {});
          return ok({ value: all.map((i) => presentIndicator(i, at)) });
        },
      }),
      defineOperation({
        id: 'indicators.get',
        summary: 'Read one indicator by id or observable key',
        method: 'get',
        path: '/indicators/{id}',
        permission: 'indicators.read',
        effect: 'read',
        async execute({ pathParams }) {
          const found = await findAddressed(store, pathParams.id!);
          if (!found) throw new ConnectorError('NotFound', `indicator '${pathParams.id}' was not found`, { field: '/pathParams/id' });
          return ok(presentIndicator(found, now()));
        },
      }),
      defineOperation({
        id: 'indicators.delete',
        summary: 'Remove an indicator (lift a block) by id or observable key',
        method: 'delete',
        path: '/indicators/{id}',
        permission: 'indicators.write',
        effect: 'change',
        state: deleteState(store),
        async execute({ pathParams }) {
          const found = await findAddressed(store, pathParams.id!);
          if (!found) throw new ConnectorError('NotFound', `indicator '${pathParams.id}' was not found`, { field: '/pathParams/id' });
          await store.delete(found.id);
          return ok(undefined, 204);
        },
      }),
    ],
  });
}

/**
 * Only the tiIndicators submission of the `microsoftgraphsecurity` connector (as in the
 * Block-IPs-on-MDATP-Using-GraphSecurity playbook); its other operations belong elsewhere.
 */
export function graphSecurityTiIndicatorOperations(services: IndicatorServices): DescribedOperation[] {
  return [createOperation('microsoftgraphsecurity.createTiIndicator', '/beta/security/tiIndicators', 'Submit a tiIndicator (Graph beta), stored as a Riposte indicator', services)];
}

/** A `microsoftgraphsecurity` connector holding just the tiIndicators operation. */
export function graphSecurityIndicatorsConnector(services: IndicatorServices): DescribedConnector {
  return defineConnector({ api: 'microsoftgraphsecurity', displayName: 'Microsoft Graph Security (tiIndicators)', operations: graphSecurityTiIndicatorOperations(services) });
}
