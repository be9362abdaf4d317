/**
 * The demo's real Sentinel playbook: one ARM template from the shared corpus (../shared/corpus beside
 * the repository, or RIPOSTE_CORPUS), read at start and imported unchanged — the corpus is not shipped
 * with Riposte, so nothing of it is in this code — and run by a second demo rule on the demo's new
 * medium and high incidents. Without the corpus the demo has Riposte's own playbook only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { importPlaybook } from '../playbooks/playbook-import.ts';
import { ensureDemoRule } from './demo-rules.ts';

/**
 * Restrict-MDEAppExecution (incident trigger): "Entities - Get Hosts", then per host either Defender's
 * restrictCodeExecution (a wdatp operation Riposte lacks) or, for a host without an MDE device id — as
 * every demo host is —, "Add comment to incident (V3)". So on the demo it runs whole on Riposte's own
 * azuresentinel connector, with no outside service.
 */
export const demoCorpusPlaybookFile = 'sentinel-playbooks/Restrict-MDEAppExecution__incident-trigger.json';
export const demoCorpusPlaybookName = 'Restrict-MDEAppExecution';
export const demoCorpusRuleId = 'riposte-demo-corpus-rule';

/** The second demo rule: after the demo triage (order 1), run the corpus playbook on the same incidents. */
export const demoCorpusRule = {
  name: demoCorpusRuleId,
  properties: {
    displayName: `Demo: run the corpus playbook ${demoCorpusPlaybookName} on medium and high incidents`,
    order: 2,
    triggeringLogic: {
      isEnabled: true,
      triggersOn: 'Incidents',
      triggersWhen: 'Created',
      conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: ['Medium', 'High'] } }],
    },
    actions: [{ order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: demoCorpusPlaybookName } }],
  },
};

/** Where the demo looks for the corpus, and why there. */
export interface CorpusLocation {
  dir: string;
  /** "RIPOSTE_CORPUS" when the variable named it, else "repository" (../shared/corpus beside it). */
  from: 'RIPOSTE_CORPUS' | 'repository';
}

/** The repository root, found from this file (packages/server/src/demo/), not from the working directory. */
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** RIPOSTE_CORPUS when set, else `../shared/corpus` relative to the repository root. */
export function demoCorpusLocation(env: NodeJS.ProcessEnv = process.env): CorpusLocation {
  if (env.RIPOSTE_CORPUS) return { dir: env.RIPOSTE_CORPUS, from: 'RIPOSTE_CORPUS' };
  return { dir: join(repositoryRoot, '..', 'shared', 'corpus'), from: 'repository' };
}

/** What seeding did with the corpus playbook, for the demo's log. */
export type CorpusPlaybookOutcome =
  | { status: 'imported' | 'present'; name: string; file: string }
  | { status: 'skipped'; reason: string };

function readTemplate(location: CorpusLocation): { template: Record<string, unknown>; file: string } | { reason: string } {
  const where = location.from === 'RIPOSTE_CORPUS' ? `RIPOSTE_CORPUS=${location.dir}` : `${location.dir} (beside the repository; set RIPOSTE_CORPUS to use another)`;
  if (!existsSync(location.dir)) return { reason: `no corpus at ${where}` };
  const file = join(location.dir, demoCorpusPlaybookFile);
  if (!existsSync(file)) return { reason: `the corpus at ${where} has no ${demoCorpusPlaybookFile}` };
  try {
    const template = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    if (!template || typeof template !== 'object' || Array.isArray(template)) return { reason: `${file} is not a JSON object` };
    return { template: template as Record<string, unknown>, file };
  } catch (err) {
    return { reason: `${file} could not be read as JSON (${err instanceof Error ? err.message : String(err)})` };
  }
}

/**
 * Imports the corpus playbook (once) and the rule that runs it (once), before the demo alerts open
 * their incidents. Skipped, with the reason, when the corpus or the file is missing or does not import;
 * an earlier start's import is kept even if the corpus has gone since.
 */
export async function seedDemoCorpusPlaybook(app: FastifyInstance, location: CorpusLocation = demoCorpusLocation()): Promise<CorpusPlaybookOutcome> {
  const playbooks = app.riposteAutomation.playbooks;
  let outcome: CorpusPlaybookOutcome = { status: 'present', name: demoCorpusPlaybookName, file: join(location.dir, demoCorpusPlaybookFile) };
  if (!playbooks.find(demoCorpusPlaybookName)) {
    const read = readTemplate(location);
    if ('reason' in read) return { status: 'skipped', reason: read.reason };
    try {
      const imported = importPlaybook({ name: demoCorpusPlaybookName, template: read.template }, playbooks.options.connectors);
      await playbooks.create(demoCorpusPlaybookName, imported, 'demo');
    } catch (err) {
      return { status: 'skipped', reason: `${read.file} did not import: ${err instanceof Error ? err.message : String(err)}` };
    }
    outcome = { status: 'imported', name: demoCorpusPlaybookName, file: read.file };
  }
  await ensureDemoRule(app, demoCorpusRuleId, demoCorpusRule);
  return outcome;
}

/** One line for the demo's output saying what became of the corpus playbook. */
export function describeCorpusPlaybook(outcome: CorpusPlaybookOutcome): string {
  if (outcome.status === 'skipped') return `corpus playbook skipped: ${outcome.reason}`;
  const how = outcome.status === 'imported' ? `imported unchanged from ${outcome.file}` : 'kept from an earlier start';
  return `corpus playbook: ${outcome.name} (${how}) runs on new medium and high incidents`;
}
