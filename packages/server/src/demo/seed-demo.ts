import type { FastifyInstance } from 'fastify';
import { seedDemoData } from '../app/demo-data.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { parseRuleBody } from '../automation/rules/rule-routes.ts';
import { importPlaybook } from '../playbooks/playbook-import.ts';
import { demoPlaybookDefinition, demoPlaybookName, demoPlaybookParameters, demoRule, demoRuleId } from './demo-playbook.ts';

/**
 * Seeds the demo idempotently on a ready app with the automation module: the demo playbook and
 * automation rule (when missing), then the demo alerts — which, the first time, open incidents that
 * the rule triages and the playbook comments on.
 */
export async function seedDemo(app: FastifyInstance): Promise<void> {
  const automation = app.riposteAutomation;
  const services = app.riposte;
  if (!automation.playbooks.find(demoPlaybookName)) {
    const imported = importPlaybook({ name: demoPlaybookName, definition: demoPlaybookDefinition, parameters: demoPlaybookParameters }, automation.playbooks.options.connectors);
    await automation.playbooks.create(demoPlaybookName, imported, 'demo');
  }
  if (!automation.rules.get(demoRuleId)) {
    const doc = parseRuleBody(demoRule, automation.playbooks);
    const at = formatTimestamp(services.clock());
    await services.store.transaction(async (tx) => {
      const rule = { id: demoRuleId, properties: doc.properties, createdTimeUtc: at, lastModifiedTimeUtc: at, createdBy: 'demo' };
      automation.rules.upsert(rule);
      await tx.appendAudit([auditEntry({ newId: services.newId, at }, 'demo', 'automationRule', demoRuleId, 'create', null, rule)]);
    });
  }
  await seedDemoData(services.store, services);
  await services.events.idle();
}
