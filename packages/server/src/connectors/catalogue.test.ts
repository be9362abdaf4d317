import { describe, expect, it } from 'vitest';
import { loadWorkflowFile } from '@riposte/engine';
import { corpusDir } from '../../../../test-support/corpus.ts';
import { productConnectorCatalogue } from './catalogue.ts';

const problemsOf = async (folder: string, file: string) => {
  const loaded = await loadWorkflowFile(`${corpusDir}/${folder}/${file}`, { connectors: productConnectorCatalogue() });
  return loaded.problems.map((p) => `${p.pointer}: ${p.message}`);
};

describe('product connector catalogue', () => {
  it.each([
    ['logicapps-templates', 'templates__asc-recommendation-send-notification-email.json'],
    ['logicapps-templates', 'templates__asc-regulatoryCompliance-send-notification-email.json'],
    ['sentinel-playbooks', 'Post-Message-Slack__incident-trigger.json'],
    ['sentinel-playbooks', 'Block-AADUser__incident-trigger.json'],
    ['sentinel-playbooks', 'Isolate-MDEMachine__incident-trigger.json'],
  ])('knows every operation of %s/%s', async (folder, file) => {
    expect(await problemsOf(folder, file)).toEqual([]);
  });

  it('still reports the connectors Riposte does not have', async () => {
    const problems = await problemsOf('sentinel-playbooks', 'Send-IngestionCostAlert__recurrence.json');
    expect(problems.some((p) => p.includes('connector not available: azuremonitorlogs'))).toBe(true);
  });
});
