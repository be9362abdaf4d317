import { z } from 'zod';
import type { RiposteServices } from '../../app/build-app.ts';
import { auditEntry } from '../../audit/audit-entry.ts';
import { BadRequestError, NotFoundError } from '../../common/errors.ts';
import { formatTimestamp } from '../../common/timestamp.ts';
import { armName } from '../../domain/sentinel-payloads/index.ts';
import { DomainValidationError } from '../../domain/validation.ts';
import { parseWorkflowAutomation, workflowAutomationPropertiesSchema, type WorkflowAutomationDocument } from '../../domain/workflow-automations/index.ts';
import type { PlaybookService } from '../../playbooks/playbook-service.ts';
import type { StoredWorkflowAutomation, WorkflowAutomationStore } from './automation-store.ts';

const idParams = z.object({ id: z.string().min(1).max(260) });

/** Parses an automation body; LogicApp actions must name an existing Riposte playbook. */
export function parseAutomationBody(body: unknown, playbooks: PlaybookService): WorkflowAutomationDocument {
  let doc: WorkflowAutomationDocument;
  try {
    doc = parseWorkflowAutomation(body);
  } catch (err) {
    if (err instanceof DomainValidationError) throw new BadRequestError(err.message, err.field);
    throw err;
  }
  const prefix = body && typeof body === 'object' && 'properties' in body ? '/properties' : '';
  doc.properties.actions.forEach((action, index) => {
    if (action.actionType !== 'LogicApp') return;
    if (!playbooks.find(action.logicAppResourceId)) {
      throw new BadRequestError(`no playbook '${action.logicAppResourceId}' (name it by id, name, or an ARM id ending in its name)`, `${prefix}/actions/${index}/logicAppResourceId`);
    }
  });
  return doc;
}

/** /api/workflow-automations: Defender for Cloud automations (the `properties` object or the whole resource). */
export function registerWorkflowAutomationRoutes(services: RiposteServices, automations: WorkflowAutomationStore, playbooks: PlaybookService): void {
  const view = (a: StoredWorkflowAutomation) => ({
    id: a.id,
    name: a.id,
    type: 'Microsoft.Security/automations',
    ...(a.location ? { location: a.location } : {}),
    ...(a.tags ? { tags: a.tags } : {}),
    properties: a.properties,
    createdTimeUtc: a.createdTimeUtc,
    lastModifiedTimeUtc: a.lastModifiedTimeUtc,
  });

  const write = async (actor: string, id: string, change: (before: StoredWorkflowAutomation | undefined, at: string) => StoredWorkflowAutomation | null, action: string) => {
    const at = formatTimestamp(services.clock());
    return services.store.transaction(async (tx) => {
      const before = automations.get(id);
      const after = change(before, at);
      if (after) automations.upsert(after);
      else automations.delete(id);
      await tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'workflowAutomation', id, action, before ?? null, after)]);
      return { before, after };
    });
  };

  const save = async (id: string | undefined, body: unknown, actor: string, mustExist: boolean) => {
    const doc = parseAutomationBody(body, playbooks);
    const name = id ?? (doc.name ? armName(doc.name) : doc.id ? armName(doc.id) : services.newId());
    return write(
      actor,
      name,
      (before, at) => {
        if (mustExist && !before) throw new NotFoundError('workflow automation', name);
        return {
          id: before?.id ?? name,
          ...(doc.location ? { location: doc.location } : {}),
          ...(doc.tags ? { tags: doc.tags } : {}),
          properties: doc.properties,
          createdTimeUtc: before?.createdTimeUtc ?? at,
          lastModifiedTimeUtc: at,
          createdBy: before?.createdBy ?? actor,
        };
      },
      mustExist ? 'update' : 'create',
    );
  };

  services.route({
    method: 'POST',
    url: '/api/workflow-automations',
    permission: 'automations.write',
    summary: 'Create (or replace, when the resource names an existing one) a Defender for Cloud workflow automation',
    tags: ['workflow automations'],
    body: z.unknown(),
    bodyDoc: workflowAutomationPropertiesSchema,
    response: { status: 201 },
    handler: async ({ body, actor, reply }) => {
      const { before, after } = await save(undefined, body, actor, false);
      return before ? reply.code(200).send(view(after!)) : view(after!);
    },
  });

  services.route({
    method: 'GET',
    url: '/api/workflow-automations',
    permission: 'automations.read',
    summary: 'List workflow automations',
    tags: ['workflow automations'],
    handler: () => ({ value: automations.list().map(view) }),
  });

  services.route({
    method: 'GET',
    url: '/api/workflow-automations/:id',
    permission: 'automations.read',
    summary: 'One workflow automation',
    tags: ['workflow automations'],
    params: idParams,
    handler: ({ params }) => {
      const a = automations.get(params.id);
      if (!a) throw new NotFoundError('workflow automation', params.id);
      return view(a);
    },
  });

  services.route({
    method: 'PUT',
    url: '/api/workflow-automations/:id',
    permission: 'automations.write',
    summary: 'Replace a workflow automation',
    tags: ['workflow automations'],
    params: idParams,
    body: z.unknown(),
    bodyDoc: workflowAutomationPropertiesSchema,
    handler: async ({ params, body, actor }) => view((await save(params.id, body, actor, true)).after!),
  });

  for (const [action, isEnabled] of [['enable', true], ['disable', false]] as const) {
    services.route({
      method: 'POST',
      url: `/api/workflow-automations/:id/${action}`,
      permission: 'automations.write',
      summary: `${action === 'enable' ? 'Enable' : 'Disable'} a workflow automation`,
      tags: ['workflow automations'],
      params: idParams,
      handler: async ({ params, actor }) => {
        const { after } = await write(
          actor,
          params.id,
          (before, at) => {
            if (!before) throw new NotFoundError('workflow automation', params.id);
            return { ...before, properties: { ...before.properties, isEnabled }, lastModifiedTimeUtc: at };
          },
          action,
        );
        return view(after!);
      },
    });
  }

  services.route({
    method: 'DELETE',
    url: '/api/workflow-automations/:id',
    permission: 'automations.write',
    summary: 'Delete a workflow automation',
    tags: ['workflow automations'],
    params: idParams,
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      await write(
        actor,
        params.id,
        (before) => {
          if (!before) throw new NotFoundError('workflow automation', params.id);
          return null;
        },
        'delete',
      );
      return undefined;
    },
  });
}
