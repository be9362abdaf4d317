import { z } from 'zod';
import type { ConnectorRequest } from '@riposte/engine';
import type { SecurityContext } from '../../app/security-context.ts';
import { extractEntities, type EntityListName, type SentinelWorkspace } from '../../domain/sentinel-payloads/index.ts';
import { addIncidentComment, addIncidentTask, updateIncident, updateIncidentTask } from '../../incidents/incident-operations.ts';
import type { Incident, IncidentPatch } from '../../incidents/incident-schema.ts';
import { incidentTriggerBody } from '../../triggers/payloads.ts';
import { sentinelTriggers } from '../../triggers/trigger-webhooks.ts';
import { ConnectorError, defineConnector, defineOperation, ok, type DescribedConnector, type DescribedOperation } from '../sdk/index.ts';
import { IdempotencyLedger } from './idempotency.ts';
import { incidentCreationOperations } from './incident-creation-operations.ts';
import { patchFromUpdate, severityOf, updateIncidentBody } from './update-incident-body.ts';
import { incidentOfAlert, incidentOfArmId } from './incident-ref.ts';

export interface SentinelConnectorServices {
  ctx: SecurityContext;
  workspace: SentinelWorkspace;
  /** Who a run acts as in audit and timeline entries ("playbook:<name>"). */
  actorOf(runId: string): string | Promise<string>;
}

/** The incident fields an update can change, as recorded before a change and restored by recovery. */
export interface IncidentFieldsState {
  severity: Incident['severity'];
  status: Incident['status'];
  owner: Incident['owner'];
  labels: Incident['labels'];
  classification: Incident['classification'];
  classificationReason: Incident['classificationReason'];
  classificationComment: Incident['classificationComment'];
  title: string;
  description: string | null;
}

const fieldsOf = (i: Incident): IncidentFieldsState => ({
  severity: i.severity,
  status: i.status,
  owner: i.owner,
  labels: i.labels,
  classification: i.classification,
  classificationReason: i.classificationReason,
  classificationComment: i.classificationComment,
  title: i.title,
  description: i.description,
});

/** The operations of the `azuresentinel` managed API that act on Riposte's own incidents. */
export function azureSentinelOperations(services: SentinelConnectorServices): DescribedOperation[] {
  const { ctx, workspace } = services;
  const ledger = IdempotencyLedger.of(ctx.store);
  const once = (req: ConnectorRequest, operation: string, work: () => Promise<ReturnType<typeof ok>>) => (ledger && req.idempotencyKey ? ledger.once(req.idempotencyKey, operation, work) : work());
  const incidentState = (field = 'incidentArmId') => ({
    resource: (req: ConnectorRequest) => ({ kind: 'incident', id: String((req.body as Record<string, unknown> | undefined)?.[field] ?? '') }),
    read: async (req: ConnectorRequest) => fieldsOf(await incidentOfArmId(ctx, String((req.body as Record<string, unknown> | undefined)?.[field] ?? ''))),
    restore: async (req: ConnectorRequest, before: unknown) => {
      const incident = await incidentOfArmId(ctx, String((req.body as Record<string, unknown> | undefined)?.[field] ?? ''));
      await updateIncident(ctx, incident.id, before as IncidentPatch, `recovery:${req.runId}`);
    },
  });
  const incidentObject = async (incident: Incident) => (await incidentTriggerBody(ctx, incident, workspace)).object;

  const entityOperation = (segment: string, list: EntityListName) =>
    defineOperation({
      id: `azuresentinel.entities.${segment}`,
      summary: `Entities - Get ${list}: the ${list.toLowerCase()} among the entities passed in`,
      method: 'post',
      path: `/entities/${segment}`,
      permission: 'incidents.read',
      effect: 'read',
      output: z.object({ [list]: z.array(z.record(z.string(), z.unknown())) }),
      execute: async ({ req }) => ok(extractEntities(req.body, list)),
    });

  const getByAlert = defineOperation({
    id: 'azuresentinel.getIncidentOfAlert',
    summary: 'Alert - Get incident: the incident that holds an alert',
    method: 'get',
    path: '/Incidents/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/workspaces/{workspace}/alerts/{alertId}',
    permission: 'incidents.read',
    effect: 'read',
    execute: async ({ pathParams }) => ok(await incidentObject(await incidentOfAlert(ctx, pathParams.alertId!))),
  });

  const getCase = defineOperation({
    id: 'azuresentinel.getCaseOfAlert',
    summary: 'Alert - Get incident (older API): the incident of an alert, with CaseNumber',
    method: 'get',
    path: '/Cases/{alertId}/{subscriptionId}/{workspaceId}/{resourceGroup}',
    permission: 'incidents.read',
    effect: 'read',
    execute: async ({ pathParams }) => {
      const incident = await incidentOfAlert(ctx, pathParams.alertId!);
      const object = await incidentObject(incident);
      return ok({
        ...object,
        properties: { ...object.properties, CaseNumber: incident.number, Title: incident.title, Severity: incident.severity, Status: incident.status, Description: incident.description ?? '' },
      });
    },
  });

  const setCaseSeverity = defineOperation({
    id: 'azuresentinel.setCaseSeverity',
    summary: 'Change incident severity (older API), by incident number',
    method: 'put',
    path: '/Case/{subscriptionId}/{workspaceId}/{resourceGroup}/{kind}/{caseNumber}/Severity/{severity}',
    permission: 'incidents.write',
    effect: 'change',
    state: {
      resource: (req) => ({ kind: 'incident', id: req.pathParams.caseNumber ?? '' }),
      read: async (req) => fieldsOf(await incidentOfArmId(ctx, req.pathParams.caseNumber ?? '', '/path')),
      restore: async (req, before) => void (await updateIncident(ctx, req.pathParams.caseNumber ?? '', { severity: (before as IncidentFieldsState).severity }, `recovery:${req.runId}`)),
    },
    execute: async ({ pathParams, req }) => {
      const incident = await incidentOfArmId(ctx, pathParams.caseNumber!, '/path');
      const updated = await updateIncident(ctx, incident.id, { severity: severityOf(pathParams.severity!) as IncidentPatch['severity'] }, await services.actorOf(req.runId));
      return ok(await incidentObject(updated));
    },
  });

  const update = defineOperation({
    id: 'azuresentinel.updateIncident',
    summary: 'Update incident (V3): severity, status, classification, owner, tags',
    method: 'put',
    path: '/Incidents',
    permission: 'incidents.write',
    effect: 'change',
    body: updateIncidentBody,
    state: incidentState(),
    execute: async ({ body, req }) => {
      const incident = await incidentOfArmId(ctx, body.incidentArmId);
      const updated = await updateIncident(ctx, incident.id, patchFromUpdate(incident.labels, body), await services.actorOf(req.runId));
      return ok(await incidentObject(updated));
    },
  });

  // Comments are append-only (Sentinel offers no undo either): the operation notifies, it has no state to restore.
  const addComment = defineOperation({
    id: 'azuresentinel.addComment',
    summary: 'Add comment to incident (V3); comments are append-only, so recovery cannot remove them',
    method: 'post',
    path: '/Incidents/Comment',
    permission: 'incidents.comment',
    effect: 'notify',
    body: z.looseObject({ incidentArmId: z.string().min(1), message: z.string().min(1).max(30_000) }),
    // A retried or resumed action does not add the comment twice (see IdempotencyLedger).
    execute: async ({ body, req }) =>
      once(req, 'azuresentinel.addComment', async () => {
        const incident = await incidentOfArmId(ctx, body.incidentArmId);
        const actor = await services.actorOf(req.runId);
        const comment = await addIncidentComment(ctx, incident.id, { message: body.message, author: { name: actor } }, actor);
        return ok({ id: comment.id, name: comment.id, properties: { message: comment.message, createdTimeUtc: comment.createdTimeUtc, author: comment.author } });
      }),
  });

  const addTask = defineOperation({
    id: 'azuresentinel.addTask',
    summary: 'Add task to incident (title, description)',
    method: 'post',
    path: '/Incidents/Tasks',
    permission: 'incidents.write',
    effect: 'change',
    body: z.looseObject({ incidentArmId: z.string().min(1), title: z.string().min(1).max(150), description: z.string().max(3000).optional() }),
    state: {
      resource: (req) => ({ kind: 'incident.tasks', id: String((req.body as { incidentArmId?: string } | undefined)?.incidentArmId ?? '') }),
      read: async (req) => ctx.store.listTasks((await incidentOfArmId(ctx, String((req.body as { incidentArmId?: string }).incidentArmId ?? ''))).id),
      // A task cannot be deleted; restoring marks tasks added since the recorded state as Completed.
      restore: async (req, before) => {
        const incident = await incidentOfArmId(ctx, String((req.body as { incidentArmId?: string }).incidentArmId ?? ''));
        const known = new Set((before as Array<{ id: string }>).map((t) => t.id));
        for (const task of await ctx.store.listTasks(incident.id)) if (!known.has(task.id) && task.status !== 'Completed') await updateIncidentTask(ctx, incident.id, task.id, { status: 'Completed' }, `recovery:${req.runId}`);
      },
    },
    execute: async ({ body, req }) =>
      once(req, 'azuresentinel.addTask', async () => {
        const incident = await incidentOfArmId(ctx, body.incidentArmId);
        const task = await addIncidentTask(ctx, incident.id, { title: body.title, description: body.description ?? null, status: 'New' }, await services.actorOf(req.runId));
        return ok({ id: task.id, name: task.id, properties: task });
      }),
  });

  return [
    addComment,
    update,
    addTask,
    ...incidentCreationOperations({ ctx, actorOf: services.actorOf, once, incidentObject }),
    getByAlert,
    getCase,
    setCaseSeverity,
    entityOperation('account', 'Accounts'),
    entityOperation('host', 'Hosts'),
    entityOperation('ip', 'IPs'),
    entityOperation('url', 'URLs'),
    entityOperation('filehash', 'Filehashes'),
  ];
}

/** `azuresentinel`: Sentinel incident operations on Riposte's own store (also reached through keys like microsoftsentinel or azuresentinel_1). */
export function azureSentinelConnector(services: SentinelConnectorServices): DescribedConnector {
  return defineConnector({ api: 'azuresentinel', displayName: 'Microsoft Sentinel (Riposte incidents)', operations: azureSentinelOperations(services), webhooks: sentinelTriggers });
}
