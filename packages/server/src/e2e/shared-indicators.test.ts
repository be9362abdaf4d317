import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, listeningServer } from './response-fixture.ts';

describe('one indicator store behind /api/indicators, Graph tiIndicators and the playbooks\' indicators connector', () => {
  let env: Awaited<ReturnType<typeof listeningServer>>;
  beforeAll(async () => {
    env = await listeningServer();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a block made through Graph, one made by a playbook and one made through the REST API are all on the firewall list', async () => {
    const expirationDateTime = new Date(Date.now() + 86_400_000).toISOString();
    const graph = await env.call(adminKey, 'POST', '/graph/beta/security/tiIndicators', {
      action: 'block', targetProduct: 'Riposte', threatType: 'C2', tlpLevel: 'amber', description: 'from Graph', expirationDateTime, networkIPv4: '198.51.100.1',
    });
    expect(graph.status, graph.text).toBe(201);
    const rest = await env.call(adminKey, 'POST', '/api/indicators', { action: 'block', expirationDateTime, networkIPv4: '198.51.100.2' });
    expect(rest.status, rest.text).toBe(201);
    const definition = {
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: '1.0.0.0',
      parameters: { $connections: { defaultValue: {}, type: 'Object' } },
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        Block: {
          type: 'ApiConnection',
          runAfter: {},
          inputs: { host: { connection: { name: "@parameters('$connections')['indicators']['connectionId']" } }, method: 'post', path: '/indicators', body: { action: 'block', expirationDateTime, networkIPv4: '198.51.100.3' } },
        },
      },
    };
    const parameters = { $connections: { value: { indicators: { connectionId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/connections/indicators', id: '/subscriptions/s/providers/Microsoft.Web/locations/l/managedApis/indicators' } } } };
    const created = await env.call(adminKey, 'POST', '/api/playbooks', { name: 'Block-One', definition, parameters });
    expect(created.status, created.text).toBe(201);
    const run = await env.call(adminKey, 'POST', `/api/playbooks/${created.json.id}/runs`, { triggerBody: {}, wait: true });
    expect(run.status, run.text).toBeLessThan(300);

    const list = (await env.call(adminKey, 'GET', '/api/indicators/export/ipv4.txt')).text.split('\n');
    expect(list).toEqual(expect.arrayContaining(['198.51.100.1', '198.51.100.2', '198.51.100.3']));
    const viaGraph = (await env.call(adminKey, 'GET', '/graph/beta/security/tiIndicators')).json.value as Array<{ networkIPv4?: string }>;
    expect(viaGraph.map((i) => i.networkIPv4).sort()).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
  });
});
