import type { RiposteServices } from '../app/build-app.ts';
import { createIncident, incidentCreateSchema } from './create-incident.ts';
import { incidentView } from './incident-operations.ts';
import { requireAssignFor } from './incident-patch.ts';
import { incidentViewSchema } from './incident-routes.ts';

/** POST /api/incidents: an incident opened by hand (no alerts), as Sentinel's "Create incident". */
export function registerIncidentCreateRoute(services: RiposteServices): void {
  services.route({
    method: 'POST',
    url: '/api/incidents',
    permission: 'incidents.write',
    summary: 'Open an incident by hand (title required; severity defaults to Medium; any field a PATCH sets); automation rules on created incidents run for it',
    tags: ['incidents'],
    body: incidentCreateSchema,
    response: { status: 201, schema: incidentViewSchema, description: 'The incident as GET /api/incidents/{id} shows it' },
    handler: async ({ body, principal, actor }) => {
      requireAssignFor(body, principal);
      return incidentView(services, await createIncident(services, body, actor));
    },
  });
}
