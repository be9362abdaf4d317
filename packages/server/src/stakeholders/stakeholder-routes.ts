/** /api/stakeholder-policies (CRUD) and PUT /api/incidents/{id}/roles. */
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { NotFoundError } from '../common/errors.ts';
import { incidentView, updateIncident } from '../incidents/incident-operations.ts';
import { incidentRolesSchema } from '../incidents/incident-schema.ts';
import type { StakeholderNotifier } from './stakeholder-notifier.ts';
import { stakeholderPolicyInputSchema, type StakeholderPolicy } from './stakeholder-policy.ts';
import { noRoles } from '../incidents/new-incident.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });

/** A policy as the API shows it: chat webhook URLs are credentials, so only their host is listed. */
function view(p: StakeholderPolicy) {
  return { ...p, recipients: { ...p.recipients, chat: p.recipients.chat.map((c) => ({ format: c.format, host: new URL(c.webhookUrl).host })) } };
}

export function registerStakeholderRoutes(services: RiposteServices, notifier: StakeholderNotifier): void {
  services.route({
    method: 'GET',
    url: '/api/stakeholder-policies',
    permission: 'stakeholders.read',
    summary: 'Stakeholder notification policies',
    tags: ['stakeholders'],
    handler: () => ({ value: notifier.store.list().map(view) }),
  });
  services.route({
    method: 'GET',
    url: '/api/stakeholder-policies/:id',
    permission: 'stakeholders.read',
    summary: 'One stakeholder notification policy',
    tags: ['stakeholders'],
    params: idParams,
    handler: ({ params }) => {
      const p = notifier.store.get(params.id);
      if (!p) throw new NotFoundError('stakeholder policy', params.id);
      return view(p);
    },
  });
  services.route({
    method: 'POST',
    url: '/api/stakeholder-policies',
    permission: 'stakeholders.write',
    summary: 'Create a stakeholder notification policy: recipients, triggers, cadence and templates',
    tags: ['stakeholders'],
    body: stakeholderPolicyInputSchema,
    response: { status: 201 },
    handler: ({ body, actor }) => view(notifier.create(body, actor)),
  });
  services.route({
    method: 'PUT',
    url: '/api/stakeholder-policies/:id',
    permission: 'stakeholders.write',
    summary: 'Replace a stakeholder notification policy',
    tags: ['stakeholders'],
    params: idParams,
    body: stakeholderPolicyInputSchema,
    handler: ({ params, body }) => view(notifier.replace(params.id, body)),
  });
  services.route({
    method: 'DELETE',
    url: '/api/stakeholder-policies/:id',
    permission: 'stakeholders.write',
    summary: 'Delete a stakeholder notification policy (and its cadence timers)',
    tags: ['stakeholders'],
    params: idParams,
    response: { status: 204 },
    handler: ({ params }) => {
      notifier.remove(params.id);
      return undefined;
    },
  });
  services.route({
    method: 'PUT',
    url: '/api/incidents/:id/roles',
    permission: 'incidents.assign',
    summary: 'Set who holds each response role of an incident (lead, technical, legal, communications)',
    tags: ['incidents'],
    params: z.object({ id: z.string().min(1).max(200).describe('Incident id, or its number') }),
    body: incidentRolesSchema,
    handler: async ({ params, body, actor }) => {
      const roles = { ...noRoles, ...body };
      return incidentView(services, await updateIncident(services, params.id, { roles }, actor));
    },
  });
}
