import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, listeningServer } from '../../e2e/response-fixture.ts';
import { storedBytes } from '../../testing/data-files.ts';
import { startTestWebhookReceiver, type TestWebhookReceiver } from '../../testing/webhook-receiver.ts';

// Characters that URL-encode, JSON-escape and make base64 differ from the raw text.
const CLIENT_SECRET = 'Kv-Canary~7f3a+9c1e/QZ=x"q';

/** The forms the canary may take on its way into text: raw, URL-encoded, JSON-escaped, base64. */
const forms = [CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET), JSON.stringify(CLIENT_SECRET).slice(1, -1), Buffer.from(CLIENT_SECRET).toString('base64').replace(/=+$/, '')];
const leaksIn = (text: string) => forms.filter((f) => text.includes(f));

const connections = {
  $connections: {
    value: {
      keyvault: {
        connectionId: '/subscriptions/s/resourceGroups/soc/providers/Microsoft.Web/connections/keyvault-AS-Disable',
        id: '/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/keyvault',
      },
    },
  },
};

/** AS-Disable-Microsoft-Entra-ID-User-From-Entity's first two steps: read the app's client secret, authenticate with it. */
function definition(tokenUrl: string, graphUrl: string) {
  const keyvault = { connection: { name: "@parameters('$connections')['keyvault']['connectionId']" } };
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: { $connections: { defaultValue: {}, type: 'Object' }, KeyVaultSecretName: { type: 'String', defaultValue: 'graph-client-secret' } },
    triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
    actions: {
      Get_Client_Secret: {
        runAfter: {},
        type: 'ApiConnection',
        inputs: { host: keyvault, method: 'get', path: "/secrets/@{encodeURIComponent(parameters('KeyVaultSecretName'))}/value" },
      },
      'HTTP_-_Authenticate': {
        runAfter: { Get_Client_Secret: ['Succeeded'] },
        type: 'Http',
        inputs: {
          method: 'POST',
          uri: tokenUrl,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: "grant_type=client_credentials&client_id=app-1&client_secret=@{body('Get_Client_Secret')?['value']}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
        },
      },
      Remember_secret: {
        runAfter: { 'HTTP_-_Authenticate': ['Succeeded'] },
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'secret', type: 'string', value: "@body('Get_Client_Secret')?['value']" }] },
      },
      // An upstream that quotes the secret in its refusal: its outputs are journaled.
      Call_graph: {
        runAfter: { Remember_secret: ['Succeeded'] },
        type: 'Http',
        inputs: { method: 'GET', uri: `${graphUrl}/v1.0/users?key=@{encodeURIComponent(variables('secret'))}`, retryPolicy: { type: 'none' } },
      },
      Get_missing_secret: {
        runAfter: { Call_graph: ['Failed'] },
        type: 'ApiConnection',
        inputs: { host: keyvault, method: 'get', path: '/secrets/no-such-secret/value' },
      },
    },
    outputs: { secretLength: { type: 'Int', value: "@length(body('Get_Client_Secret')?['value'])" } },
  };
}

describe('a playbook reading a Key Vault secret from the connection vault', () => {
  let env: Awaited<ReturnType<typeof listeningServer>>;
  let login: TestWebhookReceiver;
  let graph: TestWebhookReceiver;
  const logLines: string[] = [];

  beforeAll(async () => {
    [login, graph] = await Promise.all([
      startTestWebhookReceiver({ responseBody: JSON.stringify({ access_token: 'at-1', token_type: 'Bearer' }) }),
      startTestWebhookReceiver({ status: 401, responseBody: `invalid client secret ${CLIENT_SECRET}` }),
    ]);
    env = await listeningServer({ logger: { level: 'trace', stream: { write: (line: string) => logLines.push(line) } } });
  });
  afterAll(async () => {
    await env?.close();
    await Promise.all([login?.stop(), graph?.stop()]);
  });

  it('sends the secret where the playbook puts it, and no run history, API answer, log line or stored byte holds it', async () => {
    const { call } = env;
    const put = await call(adminKey, 'PUT', '/api/connections/keyvault', { api: 'keyvault', settings: { secrets: { 'graph-client-secret': CLIENT_SECRET }, metadata: { 'graph-client-secret': { contentType: 'text/plain' } } } });
    expect(put.status, put.text).toBe(201);
    expect(put.json.settings).toEqual({ secrets: '***', metadata: { 'graph-client-secret': { contentType: 'text/plain' } } });

    const created = await call(adminKey, 'POST', '/api/playbooks', { name: 'AS-Disable-KeyVault', definition: definition(`${login.url}/tenant/oauth2/v2.0/token`, graph.url), parameters: connections });
    expect(created.status, created.text).toBe(201);
    expect(created.json.missingOperations).toEqual([]);
    const started = await call(adminKey, 'POST', `/api/playbooks/${created.json.id}/runs`, { triggerBody: {}, wait: true });
    expect(started.status, started.text).toBe(200);
    expect(started.json.outputs).toEqual({ secretLength: CLIENT_SECRET.length });

    // The token endpoint got the clear secret, exactly as the expression put it.
    expect(login.received).toHaveLength(1);
    expect(String(login.received[0]!.body)).toContain(`&client_secret=${CLIENT_SECRET}&scope=`);
    expect(graph.received[0]!.path).toContain(`key=${encodeURIComponent(CLIENT_SECRET)}`);

    const run = await call(adminKey, 'GET', `/api/runs/${started.json.runId}`);
    expect(run.status).toBe(200);
    const actions = Object.fromEntries((run.json.actions as Array<{ name: string }>).map((a) => [a.name, a])) as Record<string, any>;
    expect(actions.Get_Client_Secret).toMatchObject({ status: 'Succeeded', outputs: { body: { value: '***', name: 'graph-client-secret', contentType: 'text/plain', isEnabled: true } } });
    expect(actions['HTTP_-_Authenticate'].inputs.body).toContain('client_secret=***&scope=');
    expect(actions.Call_graph).toMatchObject({ status: 'Failed', outputs: { body: 'invalid client secret ***' } });
    expect(actions.Get_missing_secret).toMatchObject({ status: 'Failed', outputs: { statusCode: 404, body: { error: { code: 'NotFound', message: "secret 'no-such-secret' is not in this key vault connection" } } } });
    expect(JSON.stringify(run.json)).toContain('***');

    const answers = [put.text, started.text, run.text];
    for (const path of ['/api/connections', '/api/connections/keyvault', `/api/playbooks/${created.json.id}/runs`, '/api/audit?top=100']) {
      const res = await call(adminKey, 'GET', path);
      expect(res.status, path).toBe(200);
      answers.push(res.text);
    }
    expect(answers.flatMap(leaksIn)).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(leaksIn(logLines.join(''))).toEqual([]);
    await env.server.app.riposteAutomation.playbooks.runtime.flush();
    expect(leaksIn(storedBytes(env.dataDir))).toEqual([]);
  });
});
