import type { FastifyInstance } from 'fastify';
import { seedDemoData } from '../app/demo-data.ts';
import { importPlaybook } from '../playbooks/playbook-import.ts';
import type { CorpusLocation, CorpusPlaybookOutcome } from './demo-corpus-playbook.ts';
import { demoCorpusLocation, seedDemoCorpusPlaybook } from './demo-corpus-playbook.ts';
import { demoPlaybookDefinition, demoPlaybookName, demoPlaybookParameters, demoRule, demoRuleId } from './demo-playbook.ts';
import { ensureDemoRule } from './demo-rules.ts';

/** What seedDemo did beyond its own data: the corpus playbook's fate, for the demo's log. */
export interface DemoSeedReport {
  corpusPlaybook: CorpusPlaybookOutcome;
}

/**
 * Seeds the demo idempotently on a ready app with the automation module: the demo playbook and
 * automation rule (when missing), the corpus playbook and its rule (when the corpus is found; see
 * demo-corpus-playbook.ts), then the demo alerts — which, the first time, open incidents that the
 * rules triage and the playbooks comment on.
 */
export async function seedDemo(app: FastifyInstance, options: { corpus?: CorpusLocation } = {}): Promise<DemoSeedReport> {
  const automation = app.riposteAutomation;
  const services = app.riposte;
  if (!automation.playbooks.find(demoPlaybookName)) {
    const imported = importPlaybook({ name: demoPlaybookName, definition: demoPlaybookDefinition, parameters: demoPlaybookParameters }, automation.playbooks.options.connectors);
    await automation.playbooks.create(demoPlaybookName, imported, 'demo');
  }
  await ensureDemoRule(app, demoRuleId, demoRule);
  const corpusPlaybook = await seedDemoCorpusPlaybook(app, options.corpus ?? demoCorpusLocation());
  await seedDemoData(services.store, services);
  await services.events.idle();
  return { corpusPlaybook };
}
