import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp, corpusPlaybook, settledRuns } from '../automation/e2e.test-support.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';
import { demoCorpusLocation, demoCorpusPlaybookFile, demoCorpusPlaybookName, demoCorpusRuleId, describeCorpusPlaybook } from './demo-corpus-playbook.ts';
import { demoPlaybookName, demoRuleId } from './demo-playbook.ts';
import { seedDemo } from './seed-demo.ts';

const corpus = { dir: corpusDir, from: 'RIPOSTE_CORPUS' as const };

describe('the demo imports a real Sentinel playbook from the corpus', () => {
  let t: TestApp | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const playbookNames = async () => ((await t!.app.inject({ method: 'GET', url: '/api/playbooks', headers: t!.as('reader') })).json().value as Array<{ name: string }>).map((p) => p.name).sort();

  it('imports it unchanged, and its rule runs it on a demo incident, which it comments on; seeding again adds nothing', async () => {
    t = await automationTestApp();
    const report = await seedDemo(t.app, { corpus });
    expect(report.corpusPlaybook).toEqual({ status: 'imported', name: demoCorpusPlaybookName, file: join(corpusDir, demoCorpusPlaybookFile) });
    expect(describeCorpusPlaybook(report.corpusPlaybook)).toContain(`imported unchanged from ${join(corpusDir, demoCorpusPlaybookFile)}`);

    const stored = (await t.app.inject({ method: 'GET', url: `/api/playbooks/${demoCorpusPlaybookName}`, headers: t.as('reader') })).json();
    expect(stored.triggerKind).toBe('sentinel-incident');
    // The very workflow of the corpus file, not a copy kept in the code.
    const template = corpusPlaybook(demoCorpusPlaybookFile.replace('sentinel-playbooks/', '')) as { resources: Array<{ type: string; properties: { definition: { actions: unknown } } }> };
    const workflow = template.resources.find((r) => r.type === 'Microsoft.Logic/workflows')!;
    expect(stored.definition.actions).toEqual(workflow.properties.definition.actions);

    const runs = await settledRuns(t, stored.id);
    expect(runs.map((r) => [r.status, r.startedBy])).toEqual([['Succeeded', `automation-rule:${t.app.riposteAutomation.rules.get(demoCorpusRuleId)!.properties.displayName}`]]);
    const incidents = (await t.app.inject({ method: 'GET', url: '/api/incidents', headers: t.as('reader') })).json().value as Array<{ id: string; severity: string }>;
    const high = incidents.find((i) => i.severity === 'High')!;
    const comments = (await t.app.inject({ method: 'GET', url: `/api/incidents/${high.id}`, headers: t.as('reader') })).json().comments as Array<{ message: string; author: { name: string } }>;
    expect(comments.filter((c) => c.author.name === `playbook:${demoCorpusPlaybookName}`).map((c) => c.message)).toEqual([
      '<p>WS-0042 was triggered for restrict app execution, but the host does not have a MDEDeviceID.</p>',
    ]);

    const again = await seedDemo(t.app, { corpus });
    expect(again.corpusPlaybook.status).toBe('present');
    expect(await playbookNames()).toEqual([demoCorpusPlaybookName, demoPlaybookName].sort());
    expect(t.app.riposteAutomation.rules.list().map((r) => r.id).sort()).toEqual([demoCorpusRuleId, demoRuleId].sort());
    expect(await settledRuns(t, stored.id)).toHaveLength(1);
  });

  it('without the corpus, skips it and says why; the demo is as before', async () => {
    t = await automationTestApp();
    const missing = join(mkdtempSync(join(tmpdir(), 'riposte-no-corpus-')), 'corpus');
    dirs.push(join(missing, '..'));
    const report = await seedDemo(t.app, { corpus: { dir: missing, from: 'RIPOSTE_CORPUS' } });
    expect(report.corpusPlaybook).toEqual({ status: 'skipped', reason: `no corpus at RIPOSTE_CORPUS=${missing}` });
    expect(describeCorpusPlaybook(report.corpusPlaybook)).toBe(`corpus playbook skipped: no corpus at RIPOSTE_CORPUS=${missing}`);
    expect(await playbookNames()).toEqual([demoPlaybookName]);
    expect(t.app.riposteAutomation.rules.list().map((r) => r.id)).toEqual([demoRuleId]);

    // A corpus folder without the playbook file: skipped, naming the file.
    const empty = mkdtempSync(join(tmpdir(), 'riposte-empty-corpus-'));
    dirs.push(empty);
    const partial = await seedDemo(t.app, { corpus: { dir: empty, from: 'repository' } });
    expect(partial.corpusPlaybook.status).toBe('skipped');
    expect((partial.corpusPlaybook as { reason: string }).reason).toContain(demoCorpusPlaybookFile);
    expect(await playbookNames()).toEqual([demoPlaybookName]);
  });

  it('finds the corpus through RIPOSTE_CORPUS, else beside the repository whatever the working directory', () => {
    expect(demoCorpusLocation({ RIPOSTE_CORPUS: '/somewhere/corpus' })).toEqual({ dir: '/somewhere/corpus', from: 'RIPOSTE_CORPUS' });
    const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
    expect(demoCorpusLocation({})).toEqual({ dir: join(repositoryRoot, '..', 'shared', 'corpus'), from: 'repository' });
  });
});
