/** POST /api/incidents/{id}/escalate and /resolve. */
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { incidentSchema, incidentTaskSchema } from '../incidents/incident-schema.ts';
import { withSla } from '../incidents/incident-operations.ts';
import { escalateIncident, escalateInputSchema, resolveIncident, resolveInputSchema, type EscalationConfig } from './escalation.ts';

const idParams = z.object({ id: z.string().min(1).max(200).describe('Incident id, or its number') });

export function registerEscalationRoutes(services: RiposteServices, config: () => EscalationConfig): void {
  services.route({
    method: 'POST',
    url: '/api/incidents/:id/escalate',
    permission: 'incidents.write',
    summary: 'Escalate: phase Escalated, owner the triage role, a task with the reason; stakeholders are notified by policy',
    tags: ['incidents'],
    params: idParams,
    body: escalateInputSchema,
    response: { schema: z.object({ incident: incidentSchema, task: incidentTaskSchema }) },
    handler: async ({ params, body, actor }) => {
      const { incident, task } = await escalateIncident(services, params.id, body, actor, config());
      return { incident: withSla(services, incident), task };
    },
  });

  services.route({
    method: 'POST',
    url: '/api/incidents/:id/resolve',
    permission: 'incidents.write',
    summary: 'Resolve: status Closed and phase Resolved; a classification is required',
    tags: ['incidents'],
    params: idParams,
    body: resolveInputSchema,
    response: { schema: incidentSchema },
    handler: async ({ params, body, actor }) => withSla(services, await resolveIncident(services, params.id, body, actor)),
  });
}
