/**
 * /api/connections: the connection vault over HTTP. Reads show settings with every credential as
 * "***"; writes are audited with the same masked view, so no secret value reaches a response or the
 * audit log.
 */
import type { ConnectorRegistry } from '@riposte/engine';
import { rememberUrlTokens } from './redacting-connectors.ts';
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { BadRequestError, NotFoundError } from '../common/errors.ts';
import { ConnectorError } from '../connectors/sdk/index.ts';
import { SecretRedactor, type ConnectionSummary, type ConnectionVault } from '../connectors/secrets/index.ts';

const nameParams = z.object({ name: z.string().min(1).max(128) });
const connectionBody = z.object({
  api: z.string().min(1).max(100),
  settings: z.record(z.string(), z.unknown()),
  secrets: z.array(z.string().min(1).max(100)).max(50).optional(),
});

/** Registers list/get/put/delete of connections (permissions connections.read / connections.write). */
export function registerConnectionRoutes(services: RiposteServices, vault: ConnectionVault, registry: ConnectorRegistry): void {
  const audit = async (actor: string, name: string, action: string, before: ConnectionSummary | undefined, after: ConnectorSummaryOrNull) => {
    const at = services.clock().toISOString();
    await services.store.transaction((tx) => tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'connection', name, action, before ?? null, after)]));
  };
  const find = async (name: string) => (await vault.list()).find((c) => c.name === name);

  services.route({
    method: 'GET',
    url: '/api/connections',
    permission: 'connections.read',
    summary: 'List connections (credentials shown as ***)',
    tags: ['connections'],
    handler: async () => ({ value: await vault.list() }),
  });

  services.route({
    method: 'GET',
    url: '/api/connections/:name',
    permission: 'connections.read',
    summary: 'Read one connection (credentials shown as ***)',
    tags: ['connections'],
    params: nameParams,
    handler: async ({ params }) => {
      const found = await find(params.name);
      if (!found) throw new NotFoundError('connection', params.name);
      return found;
    },
  });

  services.route({
    method: 'PUT',
    url: '/api/connections/:name',
    permission: 'connections.write',
    errors: { 404: false },
    summary: 'Create or replace a connection: the managed API it is for (office365, teams, slack, directory, …) and its settings, encrypted at rest',
    tags: ['connections'],
    params: nameParams,
    body: connectionBody,
    response: { status: 201 },
    handler: async ({ params, body, actor, reply }) => {
      if (!registry.get(body.api.toLowerCase())) throw new BadRequestError(`/api: no connector '${body.api}'; known: ${registry.list().map((c) => c.api).join(', ')}`, '/api');
      const before = await find(params.name);
      let saved: ConnectionSummary;
      try {
        saved = await vault.put(params.name, { api: body.api, settings: body.settings, ...(body.secrets ? { secrets: body.secrets } : {}) });
      } catch (err) {
        // A refused connection was never stored, so the vault's redactor does not know its values yet.
        const masked = new SecretRedactor().addAll(Object.values(body.settings).filter((v) => typeof v === 'string'));
        if (err instanceof ConnectorError) throw new BadRequestError(masked.redact(vault.redactor.redact(err.message)), err.field);
        throw err;
      }
      rememberUrlTokens(vault.redactor, body.settings);
      await audit(actor, params.name, before ? 'update' : 'create', before, saved);
      // The route answers 201; a replacement is 200 (sent here, since the route sets its status after the handler).
      if (before) return reply.code(200).send(saved);
      return saved;
    },
  });

  services.route({
    method: 'DELETE',
    url: '/api/connections/:name',
    permission: 'connections.write',
    summary: 'Delete a connection',
    tags: ['connections'],
    params: nameParams,
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      const before = await find(params.name);
      if (!before || !(await vault.delete(params.name))) throw new NotFoundError('connection', params.name);
      await audit(actor, params.name, 'delete', before, null);
      return undefined;
    },
  });
}

type ConnectorSummaryOrNull = ConnectionSummary | null;
