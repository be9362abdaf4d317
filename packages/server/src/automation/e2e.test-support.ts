import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RiposteModule } from '../app/build-app.ts';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { securityAutomationModule, type SecurityAutomationOptions } from './automation-module.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';

export const corpusPlaybooks = `${corpusDir}/sentinel-playbooks`;

/** A corpus playbook file, unchanged, as JSON. */
export function corpusPlaybook(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(corpusPlaybooks, file), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
}

/** A test app with the automation module on an in-memory store. */
export async function automationTestApp(options: SecurityAutomationOptions = {}, before: RiposteModule[] = []): Promise<TestApp> {
  return buildTestApp({ modules: [...before, securityAutomationModule({ resumeOnStart: false, ...options })] });
}

/** Waits until every event handler settled and the playbook's runs ended; returns the runs (newest first). */
export async function settledRuns(t: TestApp, playbookId: string, expected = 1): Promise<Array<{ runId: string; status: string; startedBy: string }>> {
  for (let i = 0; i < 500; i++) {
    await t.app.riposte.events.idle();
    const res = await t.app.inject({ method: 'GET', url: `/api/playbooks/${playbookId}/runs`, headers: t.as('reader') });
    const runs = res.json().value as Array<{ runId: string; status: string; startedBy: string }>;
    if (runs.length >= expected && runs.every((r) => r.status !== 'Running' && r.status !== 'Waiting' && r.status !== 'Unknown')) {
      await t.app.riposte.events.idle();
      return runs;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`runs of playbook ${playbookId} did not finish`);
}

/**
 * The Sentinel automation rule of the end-to-end tests: on a new High incident, set the owner to
 * soc-lead@contoso.com, then run `logicAppResourceId` (a playbook's resource id, id or name).
 */
export function assignAndRunRule(logicAppResourceId: string): Record<string, unknown> {
  return {
    displayName: 'Assign high incidents and restrict',
    order: 1,
    triggeringLogic: {
      isEnabled: true,
      triggersOn: 'Incidents',
      triggersWhen: 'Created',
      conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: ['High'] } }],
    },
    actions: [
      { order: 1, actionType: 'ModifyProperties', actionConfiguration: { owner: { email: 'soc-lead@contoso.com', userPrincipalName: 'soc-lead@contoso.com' } } },
      { order: 2, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId, tenantId: '00000000-0000-0000-0000-000000000001' } },
    ],
  };
}
