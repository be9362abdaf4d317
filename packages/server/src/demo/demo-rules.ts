import type { FastifyInstance } from 'fastify';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { parseRuleBody } from '../automation/rules/rule-routes.ts';

/**
 * Creates a demo automation rule under a fixed id, audited as "demo", unless it exists already (so a
 * restart keeps what an earlier start made, or what the user changed since). Its RunPlaybook actions
 * must name playbooks that exist.
 */
export async function ensureDemoRule(app: FastifyInstance, id: string, body: unknown): Promise<void> {
  const automation = app.riposteAutomation;
  const services = app.riposte;
  if (automation.rules.get(id)) return;
  const doc = parseRuleBody(body, automation.playbooks);
  const at = formatTimestamp(services.clock());
  await services.store.transaction(async (tx) => {
    const rule = { id, properties: doc.properties, createdTimeUtc: at, lastModifiedTimeUtc: at, createdBy: 'demo' };
    automation.rules.upsert(rule);
    await tx.appendAudit([auditEntry({ newId: services.newId, at }, 'demo', 'automationRule', id, 'create', null, rule)]);
  });
}
