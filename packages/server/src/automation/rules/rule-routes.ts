import { z } from 'zod';
import type { RiposteServices } from '../../app/build-app.ts';
import { auditEntry } from '../../audit/audit-entry.ts';
import { BadRequestError, badRequestFromZod, NotFoundError } from '../../common/errors.ts';
import { formatTimestamp } from '../../common/timestamp.ts';
import { automationRulePropertiesSchema, parseAutomationRule, type AutomationIncident, type AutomationRuleDocument } from '../../domain/automation-rules/index.ts';
import { armName } from '../../domain/sentinel-payloads/index.ts';
import { DomainValidationError } from '../../domain/validation.ts';
import { findIncident } from '../../incidents/incident-operations.ts';
import type { PlaybookService } from '../../playbooks/playbook-service.ts';
import { automationViewOf, type AutomationRuleExecutor } from './rule-execution.ts';
import type { AutomationRuleStore, StoredAutomationRule } from './rule-store.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });

/** Parses a rule body and checks that every RunPlaybook action names a playbook with the right trigger. */
export function parseRuleBody(body: unknown, playbooks: PlaybookService): AutomationRuleDocument {
  let doc: AutomationRuleDocument;
  try {
    doc = parseAutomationRule(body);
  } catch (err) {
    if (err instanceof DomainValidationError) throw new BadRequestError(err.message, err.field);
    throw err;
  }
  const prefix = body && typeof body === 'object' && 'properties' in body ? '/properties' : '';
  const expected = doc.properties.triggeringLogic.triggersOn === 'Alerts' ? 'sentinel-alert' : 'sentinel-incident';
  doc.properties.actions.forEach((action, index) => {
    if (action.actionType !== 'RunPlaybook') return;
    const pointer = `${prefix}/actions/${index}/actionConfiguration/logicAppResourceId`;
    const playbook = playbooks.find(action.actionConfiguration.logicAppResourceId);
    if (!playbook) throw new BadRequestError(`no playbook '${action.actionConfiguration.logicAppResourceId}' (name it by id, name, or an ARM id ending in its name)`, pointer);
    if (playbook.triggerKind !== expected) {
      throw new BadRequestError(`playbook '${playbook.name}' has a ${playbook.triggerKind} trigger; rules on ${doc.properties.triggeringLogic.triggersOn} run playbooks with the ${expected} trigger`, pointer);
    }
  });
  return doc;
}

const dryRunSchema = z
  .object({
    incidentId: z.string().min(1).optional(),
    incident: z.record(z.string(), z.unknown()).optional(),
    before: z.record(z.string(), z.unknown()).optional(),
    triggersWhen: z.enum(['Created', 'Updated']).default('Created'),
  })
  .loose()
  .meta({ id: 'AutomationRuleDryRun', description: '{incidentId} (or {id} alone) of a stored incident, {incident} (Sentinel field names), or the incident object itself.' });

/** An automation rule as the API answers it: the Sentinel (ARM) resource, with the times the server keeps. */
const ruleViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.literal('Microsoft.SecurityInsights/automationRules'),
    properties: automationRulePropertiesSchema,
  })
  .meta({ id: 'AutomationRule' });

const incidentShape = z.looseObject({ title: z.string(), severity: z.string(), status: z.string() });

/** /api/automation-rules: Sentinel automation rules (the `properties` object or the whole resource). */
export function registerRuleRoutes(services: RiposteServices, rules: AutomationRuleStore, executor: AutomationRuleExecutor, playbooks: PlaybookService): void {
  const view = (r: StoredAutomationRule) => ({
    id: r.id,
    name: r.id,
    type: 'Microsoft.SecurityInsights/automationRules',
    properties: { ...r.properties, createdTimeUtc: r.createdTimeUtc, lastModifiedTimeUtc: r.lastModifiedTimeUtc },
  });

  const save = async (id: string | undefined, body: unknown, actor: string, status: 'create' | 'update') => {
    const doc = parseRuleBody(body, playbooks);
    const at = formatTimestamp(services.clock());
    return services.store.transaction(async (tx) => {
      const ruleId = id ?? (doc.name ? armName(doc.name) : doc.id ? armName(doc.id) : services.newId());
      const before = rules.get(ruleId);
      if (status === 'update' && !before) throw new NotFoundError('automation rule', ruleId);
      const rule: StoredAutomationRule = {
        id: ruleId,
        properties: doc.properties,
        createdTimeUtc: before?.createdTimeUtc ?? at,
        lastModifiedTimeUtc: at,
        createdBy: before?.createdBy ?? actor,
      };
      rules.upsert(rule);
      await tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'automationRule', ruleId, before ? 'update' : 'create', before ?? null, rule)]);
      return { rule, created: !before };
    });
  };

  services.route({
    method: 'POST',
    url: '/api/automation-rules',
    permission: 'rules.write',
    summary: 'Create (or replace, when the resource names an existing rule) a Sentinel automation rule',
    tags: ['automation rules'],
    body: z.unknown(),
    bodyDoc: automationRulePropertiesSchema,
    response: { status: 201, schema: ruleViewSchema, description: 'The rule as stored (200 when the resource replaced an existing rule)' },
    handler: async ({ body, actor, reply }) => {
      const { rule, created } = await save(undefined, body, actor, 'create');
      return created ? view(rule) : reply.code(200).send(view(rule));
    },
  });

  services.route({
    method: 'GET',
    url: '/api/automation-rules',
    permission: 'rules.read',
    summary: 'List automation rules in the order they run',
    tags: ['automation rules'],
    response: { schema: z.object({ value: z.array(ruleViewSchema) }) },
    handler: () => ({ value: rules.list().map(view) }),
  });

  services.route({
    method: 'GET',
    url: '/api/automation-rules/:id',
    permission: 'rules.read',
    summary: 'One automation rule',
    tags: ['automation rules'],
    params: idParams,
    response: { schema: ruleViewSchema },
    handler: ({ params }) => {
      const rule = rules.get(params.id);
      if (!rule) throw new NotFoundError('automation rule', params.id);
      return view(rule);
    },
  });

  services.route({
    method: 'PUT',
    url: '/api/automation-rules/:id',
    permission: 'rules.write',
    summary: 'Replace an automation rule',
    tags: ['automation rules'],
    params: idParams,
    body: z.unknown(),
    bodyDoc: automationRulePropertiesSchema,
    response: { schema: ruleViewSchema },
    handler: async ({ params, body, actor }) => view((await save(params.id, body, actor, 'update')).rule),
  });

  services.route({
    method: 'DELETE',
    url: '/api/automation-rules/:id',
    permission: 'rules.write',
    summary: 'Delete an automation rule',
    tags: ['automation rules'],
    params: idParams,
    response: { status: 204 },
    handler: async ({ params, actor }) => {
      const at = formatTimestamp(services.clock());
      await services.store.transaction(async (tx) => {
        const before = rules.get(params.id);
        if (!before) throw new NotFoundError('automation rule', params.id);
        rules.delete(params.id);
        await tx.appendAudit([auditEntry({ newId: services.newId, at }, actor, 'automationRule', params.id, 'delete', before, null)]);
      });
      return undefined;
    },
  });

  services.route({
    method: 'POST',
    url: '/api/automation-rules/dry-run',
    permission: 'rules.read',
    summary: 'Which rules would fire for an incident and what each would change (changes nothing)',
    tags: ['automation rules'],
    body: dryRunSchema,
    handler: async ({ body }) => {
      let incident: AutomationIncident;
      // "An incident or an id": {incidentId}, or {id} alone (beside triggersWhen/before); an incident
      // body with an id but no title is an incident body, refused for the title below.
      const alone = Object.keys(body).every((k) => k === 'id' || k === 'triggersWhen' || k === 'before');
      const storedId = body.incidentId ?? (typeof body.id === 'string' && body.id && alone ? body.id : undefined);
      if (storedId) {
        const stored = await findIncident(services.store, storedId);
        if (!stored) throw new NotFoundError('incident', storedId);
        incident = await automationViewOf(services, stored);
      } else {
        const raw = body.incident ?? body;
        const parsed = incidentShape.safeParse(raw);
        if (!parsed.success) throw badRequestFromZod(parsed.error, body.incident ? '/incident' : '');
        incident = parsed.data as unknown as AutomationIncident;
      }
      const before = body.before as AutomationIncident | undefined;
      const result = executor.dryRun(incident, body.triggersWhen, before);
      return { rules: result.applied, incident: result.incident };
    },
  });
}
