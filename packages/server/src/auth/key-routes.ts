import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { Role } from '../store/security-store.ts';
import { createApiKey } from './api-keys.ts';
import { roleNames } from './permissions.ts';

const keySchema = z
  .object({ id: z.string(), name: z.string(), role: z.enum(roleNames as [Role, ...Role[]]), createdAt: z.string(), revokedAt: z.string().nullable() })
  .meta({ id: 'ApiKey' });

/** /api/keys: create, list and revoke API keys (keys.manage). */
export function registerKeyRoutes(services: RiposteServices): void {
  services.route({
    method: 'POST',
    url: '/api/keys',
    permission: 'keys.manage',
    summary: 'Create an API key; the key is in the answer and nowhere else',
    tags: ['keys'],
    body: z.strictObject({ role: z.enum(roleNames as [Role, ...Role[]]), name: z.string().min(1).max(100) }).meta({ id: 'ApiKeyInput' }),
    response: { status: 201, schema: keySchema.extend({ key: z.string() }) },
    handler: async ({ body, actor }) => {
      const { key, record } = await createApiKey(services.store, body.role, body.name, services.clock, actor);
      const { hash: _hash, ...shown } = record;
      return { ...shown, key };
    },
  });

  services.route({
    method: 'GET',
    url: '/api/keys',
    permission: 'keys.manage',
    summary: 'List API keys (never the keys themselves)',
    tags: ['keys'],
    response: { schema: z.object({ value: z.array(keySchema) }) },
    handler: async () => ({ value: (await services.store.listApiKeys()).map(({ hash: _hash, ...k }) => k) }),
  });

  services.route({
    method: 'DELETE',
    url: '/api/keys/:id',
    permission: 'keys.manage',
    summary: 'Revoke an API key',
    tags: ['keys'],
    params: z.object({ id: z.string().min(1).max(100) }),
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      const at = formatTimestamp(services.clock());
      await services.store.transaction(async (tx) => {
        const before = await tx.getApiKey(params.id);
        if (!before) throw new NotFoundError('API key', params.id);
        await tx.revokeApiKey(params.id, at);
        await tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'apiKey', params.id, 'revoke', { ...before, hash: undefined }, { ...before, hash: undefined, revokedAt: before.revokedAt ?? at })]);
      });
    },
  });
}
