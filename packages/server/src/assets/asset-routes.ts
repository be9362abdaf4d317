/** /api/assets: tag users, hosts and IPs as business-critical (or not); every change audited. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { assetInputSchema, assetKinds, assetPatchSchema, assetSchema, normalizeAssetKey, type Asset } from './asset.ts';
import type { AssetStore } from './asset-store.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });

export function registerAssetRoutes(services: RiposteServices, assets: AssetStore): void {
  const audit = async (actor: string, id: string, action: string, before: Asset | null, after: Asset | null) => {
    const at = formatTimestamp(services.clock());
    await services.store.transaction((tx) => tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'asset', id, action, before, after)]));
  };
  const load = (id: string) => {
    const a = assets.get(id);
    if (!a) throw new NotFoundError('asset', id);
    return a;
  };

  services.route({
    method: 'GET',
    url: '/api/assets',
    permission: 'assets.read',
    summary: 'Assets (users, hosts, IPs) and whether each is business-critical',
    tags: ['assets'],
    query: z.object({
      kind: z.enum(assetKinds).optional(),
      businessCritical: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      $top: z.coerce.number().int().min(1).max(1000).default(100),
      $skip: z.coerce.number().int().min(0).default(0),
    }),
    response: { schema: z.object({ value: z.array(assetSchema) }) },
    handler: ({ query }) => ({
      value: assets.list({ ...(query.kind ? { kind: query.kind } : {}), ...(query.businessCritical !== undefined ? { businessCritical: query.businessCritical } : {}), top: query.$top, skip: query.$skip }),
    }),
  });

  services.route({
    method: 'GET',
    url: '/api/assets/:id',
    permission: 'assets.read',
    summary: 'One asset',
    tags: ['assets'],
    params: idParams,
    response: { schema: assetSchema },
    handler: ({ params }) => load(params.id),
  });

  services.route({
    method: 'POST',
    url: '/api/assets',
    permission: 'assets.write',
    errors: { 409: 'An asset of that kind and key exists' },
    summary: 'Tag an entity: one asset per kind and key (409 when it exists)',
    tags: ['assets'],
    body: assetInputSchema,
    response: { status: 201, schema: assetSchema },
    handler: async ({ body, actor }) => {
      const at = formatTimestamp(services.clock());
      const asset: Asset = {
        id: randomUUID(),
        kind: body.kind,
        key: normalizeAssetKey(body.kind, body.key),
        name: body.name ?? null,
        businessCritical: body.businessCritical,
        owner: body.owner ?? null,
        notes: body.notes ?? null,
        createdAt: at,
        updatedAt: at,
      };
      assets.insert(asset);
      await audit(actor, asset.id, 'create', null, asset);
      return asset;
    },
  });

  services.route({
    method: 'PATCH',
    url: '/api/assets/:id',
    permission: 'assets.write',
    summary: 'Change an asset (criticality, name, owner, notes)',
    tags: ['assets'],
    params: idParams,
    body: assetPatchSchema,
    response: { schema: assetSchema },
    handler: async ({ params, body, actor }) => {
      const before = load(params.id);
      const after: Asset = {
        ...before,
        ...(body.businessCritical !== undefined ? { businessCritical: body.businessCritical } : {}),
        ...(body.name !== undefined ? { name: body.name ?? null } : {}),
        ...(body.owner !== undefined ? { owner: body.owner ?? null } : {}),
        ...(body.notes !== undefined ? { notes: body.notes ?? null } : {}),
        updatedAt: formatTimestamp(services.clock()),
      };
      assets.update(after);
      await audit(actor, after.id, 'update', before, after);
      return after;
    },
  });

  services.route({
    method: 'DELETE',
    url: '/api/assets/:id',
    permission: 'assets.write',
    summary: 'Forget an asset',
    tags: ['assets'],
    params: idParams,
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      const before = load(params.id);
      assets.delete(params.id);
      await audit(actor, before.id, 'delete', before, null);
      return undefined;
    },
  });
}
