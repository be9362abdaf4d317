import { REDACTED, WorkflowError, type WorkflowDefinition } from '@riposte/engine';
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { BadRequestError, NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { importPlaybook, playbookInputSchema } from './playbook-import.ts';
import type { PlaybookService } from './playbook-service.ts';
import type { Playbook } from './playbook-store.ts';
import { withSecureDefaults } from './sealed-version.ts';
import { triggerKinds } from './trigger-kind.ts';

const idParams = z.object({ id: z.string().min(1).max(500) });
const pageQuery = z.object({ top: z.coerce.number().int().min(1).max(1000).default(50), skip: z.coerce.number().int().min(0).default(0) });

export const manualRunSchema = z
  .strictObject({
    triggerBody: z.unknown().optional().meta({ description: "What triggerBody() returns; for Sentinel/Defender triggers, build it from incidentId / alertId instead." }),
    headers: z.record(z.string(), z.string()).optional(),
    incidentId: z.string().min(1).optional().meta({ description: 'Sentinel incident trigger: run for this incident (the payload Sentinel would send).' }),
    alertId: z.string().min(1).optional().meta({ description: 'Alert triggers: run for this alert.' }),
    wait: z.boolean().default(false).meta({ description: 'Answer when the run has ended (with its status) instead of when it has started.' }),
  })
  .meta({ id: 'ManualRun' });

const missingOperationSchema = z
  .object({
    pointer: z.string().meta({ description: 'Where the action sits in the definition, e.g. /actions/For_each/actions/Check_IP' }),
    api: z.string(),
    method: z.string(),
    path: z.string(),
  })
  .meta({ id: 'MissingOperation', description: 'A connector operation the playbook calls that no registered connector provides.' });

const notRunnableSchema = z.object({ pointer: z.string(), code: z.string(), message: z.string() }).meta({ id: 'NotRunnable' });

// What the playbook routes answer, published for /openapi.json (the console's contract test reads it); not used to serialise.
const playbookViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    version: z.number().int().meta({ description: 'The version new runs use.' }),
    triggerKind: z.enum(triggerKinds as [string, ...string[]]),
    createdTimeUtc: z.string(),
    lastModifiedTimeUtc: z.string(),
    createdBy: z.string(),
    missingOperations: z.array(missingOperationSchema),
    notRunnable: z.array(notRunnableSchema),
    callbackUrl: z.string().optional().meta({ description: 'Request-trigger playbooks: the signed URL that starts a run.' }),
  })
  .meta({ id: 'Playbook' });

const playbookDetailSchema = playbookViewSchema
  .extend({
    definition: z.record(z.string(), z.unknown()).meta({ description: 'The current definition; secure parameter defaults redacted.' }),
    parameters: z.record(z.string(), z.unknown()),
    connections: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'PlaybookDetail' });

const playbookVersionSchema = z
  .object({
    playbookId: z.string(),
    version: z.number().int(),
    current: z.boolean(),
    definition: z.record(z.string(), z.unknown()),
    parameters: z.record(z.string(), z.unknown()).meta({ description: 'Secure values read { "$redacted": true }.' }),
    connections: z.array(z.record(z.string(), z.unknown())),
    format: z.string(),
    triggerKind: z.string(),
    missingOperations: z.array(missingOperationSchema),
    notRunnable: z.array(notRunnableSchema),
    createdTimeUtc: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'PlaybookVersion' });

const runStartedSchema = z
  .object({
    runId: z.string(),
    status: z.string().meta({ description: "'Running' (202); with wait, the run's final status (200)." }),
    outputs: z.unknown().optional(),
    error: z.unknown().optional(),
  })
  .meta({ id: 'RunStarted' });

/** Builds the trigger body of a manual run from an incident or alert id (the triggers module provides it). */
export type ManualPayloadBuilder = (playbook: Playbook, input: { incidentId?: string; alertId?: string }) => Promise<unknown>;

function secureRedacted(definition: WorkflowDefinition, parameters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    const type = String(definition.parameters?.[name]?.type ?? '').toLowerCase();
    out[name] = type === 'securestring' || type === 'secureobject' ? REDACTED : value;
  }
  return out;
}

/** /api/playbooks and /api/runs. */
export function registerPlaybookRoutes(services: RiposteServices, playbooks: PlaybookService, buildPayload: ManualPayloadBuilder): void {
  const summary = (p: Playbook) => {
    const version = playbooks.currentVersion(p);
    return {
      ...p,
      missingOperations: version.missingOperations,
      notRunnable: version.notRunnable,
      ...(p.triggerKind === 'request' ? { callbackUrl: playbooks.callbackUrl(p.id) } : {}),
    };
  };

  services.route({
    method: 'POST',
    url: '/api/playbooks',
    permission: 'playbooks.write',
    errors: { 409: 'A playbook with that name exists' },
    summary: 'Create a playbook from a workflow definition or an ARM template',
    tags: ['playbooks'],
    body: playbookInputSchema,
    response: { status: 201, schema: playbookViewSchema },
    handler: async ({ body, actor }) => {
      const imported = importPlaybook(body, playbooks.options.connectors);
      return summary(await playbooks.create(body.name, imported, actor, body.enabled ?? true));
    },
  });

  services.route({
    method: 'GET',
    url: '/api/playbooks',
    permission: 'playbooks.read',
    summary: 'List playbooks',
    tags: ['playbooks'],
    response: { schema: z.object({ value: z.array(playbookViewSchema) }) },
    handler: () => ({ value: playbooks.store.list().map(summary) }),
  });

  services.route({
    method: 'GET',
    url: '/api/playbooks/:id',
    permission: 'playbooks.read',
    summary: 'A playbook with its current definition and the connector operations still missing',
    tags: ['playbooks'],
    params: idParams,
    response: { schema: playbookDetailSchema },
    handler: ({ params }) => {
      const p = playbooks.require(params.id);
      const version = playbooks.currentVersion(p);
      return { ...summary(p), definition: withSecureDefaults(version.definition, REDACTED), parameters: secureRedacted(version.definition, version.parameters), connections: version.connections };
    },
  });

  services.route({
    method: 'PUT',
    url: '/api/playbooks/:id',
    permission: 'playbooks.write',
    errors: { 409: 'Another playbook has that name' },
    summary: 'Replace the definition (a new version; earlier versions are kept)',
    tags: ['playbooks'],
    params: idParams,
    body: playbookInputSchema,
    response: { schema: playbookViewSchema },
    handler: async ({ params, body, actor }) => {
      playbooks.require(params.id);
      const imported = importPlaybook(body, playbooks.options.connectors);
      return summary(await playbooks.replace(params.id, body.name, imported, actor));
    },
  });

  services.route({
    method: 'GET',
    url: '/api/playbooks/:id/versions',
    permission: 'playbooks.read',
    summary: 'Every stored version of a playbook',
    tags: ['playbooks'],
    params: idParams,
    response: { schema: z.object({ value: z.array(playbookVersionSchema) }) },
    handler: ({ params }) => {
      const p = playbooks.require(params.id);
      return { value: playbooks.store.listVersions(p.id).map((v) => ({ ...v, definition: withSecureDefaults(v.definition, REDACTED), parameters: secureRedacted(v.definition, v.parameters), current: v.version === p.version })) };
    },
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    services.route({
      method: 'POST',
      url: `/api/playbooks/:id/${action}`,
      permission: 'playbooks.write',
      summary: `${action === 'enable' ? 'Enable' : 'Disable'} a playbook (disabled playbooks are not started by triggers, rules or automations)`,
      tags: ['playbooks'],
      params: idParams,
      response: { schema: playbookViewSchema },
      handler: async ({ params, actor }) => summary(await playbooks.setEnabled(params.id, enabled, actor)),
    });
  }

  services.route({
    method: 'DELETE',
    url: '/api/playbooks/:id',
    permission: 'playbooks.write',
    summary: 'Delete a playbook (its runs stay in the run journal)',
    tags: ['playbooks'],
    params: idParams,
    response: { status: 204 },
    errors: { 409: 'An automation rule or a workflow automation still starts the playbook' },
    handler: async ({ params, actor }) => {
      await playbooks.remove(params.id, actor);
      return undefined;
    },
  });

  services.route({
    method: 'GET',
    url: '/api/playbooks/:id/runs',
    permission: 'playbooks.read',
    summary: 'Run history of a playbook, newest first',
    tags: ['playbooks'],
    params: idParams,
    query: pageQuery,
    handler: async ({ params, query }) => {
      const p = playbooks.require(params.id);
      await playbooks.runtime.flush();
      const runs = await playbooks.listRuns(p.id, query.top, query.skip);
      const value = runs.map(({ run, ...link }) => ({ ...link, status: run.status, endTime: run.endTime ?? null, error: run.error ?? null }));
      return { value };
    },
  });

  services.route({
    method: 'POST',
    url: '/api/playbooks/:id/runs',
    permission: 'playbooks.run',
    summary: 'Start a run by hand with a chosen trigger payload',
    tags: ['playbooks'],
    params: idParams,
    body: manualRunSchema,
    response: { status: 202, schema: runStartedSchema, description: 'The run has started (200 with its final status when wait is true)' },
    handler: async ({ params, body, actor, reply }) => {
      const p = playbooks.require(params.id);
      if (body.triggerBody !== undefined && (body.incidentId || body.alertId)) throw new BadRequestError('send triggerBody or incidentId/alertId, not both', '/triggerBody');
      const triggerBody = body.incidentId || body.alertId ? await buildPayload(p, { incidentId: body.incidentId, alertId: body.alertId }) : body.triggerBody;
      const handle = await playbooks.start(p, {
        triggerOutputs: { headers: body.headers ?? {}, body: triggerBody ?? null },
        startedBy: `manual:${actor}`,
      });
      // Who ran what by hand is audited (the run's own history has the rest).
      const at = formatTimestamp(services.clock());
      await services.store.transaction((tx) => tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'playbook', p.id, 'run', null, { runId: handle.runId, version: p.version })]));
      if (!body.wait) return { runId: handle.runId, status: 'Running' };
      const result = await handle.done;
      return reply.code(200).send({ runId: handle.runId, status: result.status, outputs: result.outputs ?? null, error: result.error ?? null });
    },
  });

  services.route({
    method: 'GET',
    url: '/api/runs/:runId',
    permission: 'playbooks.read',
    summary: 'A run with the history of every action (secure values redacted)',
    tags: ['playbooks'],
    params: z.object({ runId: z.string().min(1).max(200) }),
    handler: async ({ params }) => {
      try {
        const { run, actions } = await playbooks.runtime.history(params.runId);
        const { definition: _definition, leaseOwner: _owner, leaseUntil: _until, origin, ...rest } = run;
        return { ...rest, playbookId: origin?.workflowId ?? null, playbookVersion: origin?.workflowVersion ?? null, startedBy: origin?.startedBy ?? null, actions };
      } catch (err) {
        if (err instanceof WorkflowError && err.code === 'RunNotFound') throw new NotFoundError('run', params.runId);
        throw err;
      }
    },
  });
}
