import { z } from 'zod';
import type { ConnectorRequest, ConnectorResponse } from '@riposte/engine';
import type { SecurityContext } from '../../app/security-context.ts';
import { createIncident, incidentCreateSchema } from '../../incidents/create-incident.ts';
import { updateIncident } from '../../incidents/incident-operations.ts';
import type { Incident, IncidentLabel } from '../../incidents/incident-schema.ts';
import { defineOperation, ok, parseWith, type DescribedOperation } from '../sdk/index.ts';
import { incidentOfArmId } from './incident-ref.ts';
import { incidentFieldsBody, patchFromUpdate, withLabels } from './update-incident-body.ts';

export interface IncidentCreationServices {
  ctx: SecurityContext;
  actorOf(runId: string): string | Promise<string>;
  /** Runs `work` once per idempotency key (a retried or resumed action does not create twice). */
  once(req: ConnectorRequest, operation: string, work: () => Promise<ConnectorResponse>): Promise<ConnectorResponse>;
  /** The incident as Sentinel's operations return it (the trigger payload's `object`). */
  incidentObject(incident: Incident): Promise<unknown>;
}

/** "Create incident": the fields "Update incident" (V3) takes, the title required. */
const createIncidentBody = incidentFieldsBody.extend({ title: z.string().trim().min(1).max(1024) });

/**
 * "Create incident" and the older "Add labels to incident" (by case number): the `azuresentinel`
 * operations that open or tag an incident rather than read or update its fields.
 */
export function incidentCreationOperations(services: IncidentCreationServices): DescribedOperation[] {
  const { ctx } = services;

  // An incident a playbook opens is a record, like a comment: recovery does not delete it (nothing
  // outside Riposte changed), and the idempotency ledger keeps a retried action from opening a second.
  const create = defineOperation({
    id: 'azuresentinel.createIncident',
    summary: 'Create incident: title, description, severity, status, owner and tags, as "Update incident" takes them; no alerts',
    method: 'put',
    path: '/Incidents/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/workspaces/{workspace}',
    permission: 'incidents.write',
    effect: 'notify',
    body: createIncidentBody,
    execute: async ({ body, req }) =>
      services.once(req, 'azuresentinel.createIncident', async () => {
        const patch = patchFromUpdate([], body);
        // Severity, status and the rest are checked as POST /api/incidents checks them, naming the body field.
        const input = parseWith(incidentCreateSchema, { ...patch, title: body.title }, '/body');
        const incident = await createIncident(ctx, input, await services.actorOf(req.runId));
        return ok(await services.incidentObject(incident));
      }),
  });

  const addLabels = defineOperation({
    id: 'azuresentinel.addCaseLabels',
    summary: 'Add labels to incident (older API), by incident number',
    method: 'put',
    path: '/Case/{subscriptionId}/{workspaceId}/{resourceGroup}/{kind}/{caseNumber}/AddLabels',
    permission: 'incidents.write',
    effect: 'change',
    body: z.looseObject({ Labels: z.array(z.looseObject({ Label: z.string().max(256) })).max(100) }),
    state: {
      resource: (req) => ({ kind: 'incident', id: req.pathParams.caseNumber ?? '' }),
      read: async (req) => ({ labels: (await incidentOfArmId(ctx, req.pathParams.caseNumber ?? '', '/path')).labels }),
      restore: async (req, before) => {
        const incident = await incidentOfArmId(ctx, req.pathParams.caseNumber ?? '', '/path');
        await updateIncident(ctx, incident.id, { labels: (before as { labels: IncidentLabel[] }).labels }, `recovery:${req.runId}`);
      },
    },
    execute: async ({ body, pathParams, req }) => {
      const incident = await incidentOfArmId(ctx, pathParams.caseNumber!, '/path');
      const labels = withLabels(incident.labels, body.Labels.map((l) => l.Label.trim()));
      const updated = await updateIncident(ctx, incident.id, { labels }, await services.actorOf(req.runId));
      return ok(await services.incidentObject(updated));
    },
  });

  return [create, addLabels];
}
