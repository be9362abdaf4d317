import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConnectorRegistry } from '../index.ts';
import { corpusDir as sharedCorpus } from '../../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const corpusDir = pathToFileURL(`${sharedCorpus}/sentinel-playbooks/`);

/** Every ApiConnection action of the corpus playbooks addressed to one managed API. */
function corpusActions(api: string): Array<{ file: string; method: string; path: string }> {
  const out: Array<{ file: string; method: string; path: string }> = [];
  for (const file of readdirSync(corpusDir).filter((f) => f.endsWith('.json'))) {
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as { type?: string; inputs?: { method?: string; path?: string; host?: { connection?: { name?: string } } } };
      if (n.type === 'ApiConnection' && n.inputs?.host?.connection?.name?.includes(`['${api}']`)) {
        out.push({ file, method: n.inputs.method ?? '', path: n.inputs.path ?? '' });
      }
      for (const v of Object.values(node)) walk(v);
    };
    walk(JSON.parse(readFileSync(new URL(file, corpusDir), 'utf8')));
  }
  return out;
}

describe('default connector registry', () => {
  const registry = defaultConnectorRegistry();

  it('answers every azuread user call of the corpus playbooks (Block-AADUser and kin)', () => {
    const actions = corpusActions('azuread');
    expect(actions.length).toBeGreaterThanOrEqual(11);
    for (const a of actions) expect(registry.hasOperationFor('azuread', a.method, a.path), `${a.file}: ${a.method} ${a.path}`).toBe(true);
  });

  it('answers the tiIndicators submission of Block-IPs-on-MDATP-Using-GraphSecurity', () => {
    const actions = corpusActions('microsoftgraphsecurity');
    expect(actions).toHaveLength(1);
    expect(registry.resolve('microsoftgraphsecurity', actions[0]!.method, actions[0]!.path)?.operation.id).toBe('microsoftgraphsecurity.createTiIndicator');
  });

  it('lists the directory and indicators connectors, every changing operation with state access', () => {
    for (const api of ['directory', 'azuread', 'indicators']) {
      const connector = registry.get(api);
      expect(connector, api).toBeDefined();
      for (const op of connector!.operations) if (op.method !== 'get') expect(op.state, op.id).toBeDefined();
    }
  });
});
