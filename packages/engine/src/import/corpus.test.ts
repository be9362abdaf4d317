import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../connectors/registry.ts';
import { testConnector } from '../connectors/test-connector.ts';
import type { Problem } from '../definition/problem.ts';
import { loadWorkflowFile } from './workflow-file.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';

// Real playbooks and templates (read-only, outside the project): every one must import cleanly.
const corpus = corpusDir;
const folders = ['logicapps-templates', 'sentinel-playbooks'];
const notRunnableHere = new Set(['ConnectorNotAvailable', 'ActionTypeNotAvailable', 'ConnectionNotStatic']);

/**
 * Problems the real files genuinely have. schedulesWithConn.json deploys its "execute" workflow
 * twice: first (resources/2) with a definition that uses $connections without declaring it — Logic
 * Apps rejects that — then, in a nested deployment, with the declaration added.
 */
const knownProblems: Record<string, string[]> = {
  'scripts__recurrence-jobs__schedulesWithConn.json': [
    'UndeclaredParameter /resources/2/properties/definition/actions/Send_message/inputs/host/connection/name',
  ],
};

const files = existsSync(corpus)
  ? folders.flatMap((folder) => readdirSync(join(corpus, folder)).filter((f) => f.endsWith('.json')).map((f) => ({ folder, file: f })))
  : [];

// Skipped only where the shared corpus is absent; CI lays it beside the clone, so there it must be found.
it.runIf(process.env.CI)('finds the shared corpus in CI', () => {
  expect(files.length).toBeGreaterThan(100);
});

describe.skipIf(files.length === 0)('corpus import', () => {
  const connectors = new ConnectorRegistry().register(testConnector);

  it('has the files the manifest lists', () => {
    expect(files.length).toBe(127);
  });

  it.each(files)('$folder/$file imports with only "not runnable here" problems', async ({ folder, file }) => {
    const { workflows, problems } = await loadWorkflowFile(join(corpus, folder, file), { connectors });
    expect(workflows.length).toBeGreaterThan(0);
    const invalid = problems.filter((p: Problem) => !notRunnableHere.has(p.code)).map((p) => `${p.code} ${p.pointer}`);
    expect(invalid).toEqual(knownProblems[file] ?? []);
  });

  it('reads connections from a Sentinel template and reports its missing connector operations', async () => {
    const { workflows, problems } = await loadWorkflowFile(join(corpus, 'sentinel-playbooks', '_template__incident-trigger.json'), { connectors });
    expect(workflows[0]!.connections.map((c) => c.api)).toEqual(['azuresentinel']);
    expect(problems.map((p) => p.message)).toContain('connector not available: azuresentinel post /incident-creation');
  });

  it('finds every workflow resource of a template, including one in a nested deployment', async () => {
    const { workflows, problems } = await loadWorkflowFile(join(corpus, 'logicapps-templates', 'scripts__recurrence-jobs__schedulesWithConn.json'), { connectors });
    expect(workflows.map((w) => w.pointer)).toEqual([
      '/resources/1/properties/definition',
      '/resources/2/properties/definition',
      '/resources/3/properties/definition',
      '/resources/4/properties/template/resources/0/properties/definition',
    ]);
    expect(workflows[0]!.name).toBe('<CreateRecurrenceJobLogicAppName>');
    expect(problems.filter((p) => p.code === 'ConnectionNotStatic')).toHaveLength(2);
    const nested = workflows.find((w) => w.pointer.includes('/template/'))!;
    expect(nested.connections.map((c) => `${c.name}:${c.api}`)).toEqual(['servicebus_1:servicebus', 'servicebus_2:servicebus', 'servicebus_3:servicebus']);
  });
});
