/**
 * /api/connectors: the connector catalogue over HTTP, for admins and the console — which connectors
 * this installation dispatches to, what each operation does, what a connection of each needs, and
 * which vault connections exist for it (names only; the vault's list masks every credential).
 */
import type { ConnectorRegistry } from '@riposte/engine';
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { NotFoundError } from '../common/errors.ts';
import type { ConnectionVault } from '../connectors/secrets/index.ts';
import { connectorCatalogue, connectorDetail, connectorDetailSchema, connectorSummarySchema } from './connector-catalogue.ts';

// Managed API names are letters, digits and dashes ("service-now", "abuseipdbapi"); matched case-insensitively.
const apiParams = z.object({ api: z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a managed API name: letters, digits, dots, dashes and underscores') });

/**
 * Registers the catalogue routes (permission connections.read). `registry` is the one playbook runs
 * dispatch through; it is read at each request, so connectors registered after this (the incident
 * connectors, the approval operations) are listed too.
 */
export function registerConnectorCatalogueRoutes(services: RiposteServices, vault: ConnectionVault, registry: ConnectorRegistry): void {
  services.route({
    method: 'GET',
    url: '/api/connectors',
    permission: 'connections.read',
    summary: 'List the connectors playbooks can call: operations (without their schemas), connection settings and credential names, stored connections',
    tags: ['connections'],
    response: { schema: z.object({ value: z.array(connectorSummarySchema) }) },
    handler: async () => ({ value: connectorCatalogue(registry, await vault.list()) }),
  });

  services.route({
    method: 'GET',
    url: '/api/connectors/:api',
    permission: 'connections.read',
    summary: 'Read one connector (api matched case-insensitively): operations with their input and output JSON schemas, connection settings, stored connections',
    tags: ['connections'],
    params: apiParams,
    errors: { 404: 'No connector has this api' },
    response: { schema: connectorDetailSchema },
    handler: async ({ params }) => {
      const found = connectorDetail(registry, params.api, await vault.list());
      if (!found) throw new NotFoundError('connector', params.api);
      return found;
    },
  });
}
