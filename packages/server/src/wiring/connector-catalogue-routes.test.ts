import { ConnectorRegistry, testConnector } from '@riposte/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWiredApp, type WiredApp } from '../app/route-conformance-support.ts';
import { roleNames } from '../auth/permissions.ts';
import { keyVaultConnector } from '../connectors/keyvault/index.ts';
import { connectorCatalogue, connectorDetail } from './connector-catalogue.ts';

// Canary credentials: stored through PUT /api/connections, they must appear in no catalogue answer.
const JIRA_TOKEN = 'jira-Canary-t0ken-5e1f0c2a9b';
const MDE_SECRET = 'mde-Canary-secret-77d1c0ffee';
const VAULT_VALUE = 'kv-Canary-value-4a4a4a4a4a';

const summaryKeys = ['id', 'summary', 'method', 'path', 'permission', 'effect', 'reversible'];

describe('/api/connectors over the fully wired server', () => {
  let t: WiredApp;
  beforeAll(async () => {
    t = await buildWiredApp();
  });
  afterAll(() => t?.close());

  const get = (url: string, role: Parameters<WiredApp['as']>[0] = 'admin') => t.app.inject({ method: 'GET', url, headers: t.as(role) });
  const put = async (name: string, payload: object) => {
    const res = await t.app.inject({ method: 'PUT', url: `/api/connections/${name}`, headers: t.as('admin'), payload });
    expect(res.statusCode, res.body).toBe(201);
  };

  it('lists the dispatched connectors sorted by api, operations without schemas, credential names but no values', async () => {
    const res = await get('/api/connectors');
    expect(res.statusCode, res.body).toBe(200);
    const value = res.json().value as Array<Record<string, any>>;
    const apis = value.map((c) => c.api);
    expect(apis).toEqual([...apis].sort());
    // The SDK connectors and the ones the automation module registers into the dispatch registry.
    for (const api of ['wdatp', 'jira', 'keyvault', 'azuresentinel', 'office365', 'microsoftgraphsecurity', 'riposte']) expect(apis).toContain(api);
    // The engine's echo connector is for tests: not in the product's registry.
    expect(apis).not.toContain('riposte-test');
    const byApi = new Map(value.map((c) => [c.api, c]));
    expect(byApi.get('wdatp')!.connection.secrets).toEqual(['clientSecret']);
    expect(byApi.get('jira')!.connection.secrets).toEqual(['apiToken', 'personalAccessToken']);
    expect(byApi.get('keyvault')!.connection.secrets).toEqual(['secrets']);
    expect(byApi.get('wdatp')!.connection.schema.properties).toHaveProperty('tenant');
    expect(byApi.get('azuresentinel')).not.toHaveProperty('connection');
    for (const c of value) {
      expect(Object.keys(c).sort(), c.api).toEqual(['api', 'connections', 'displayName', 'operations', ...(c.connection ? ['connection'] : [])].sort());
      expect(c.connections, c.api).toEqual([]);
      for (const op of c.operations) expect(Object.keys(op).sort(), op.id).toEqual([...summaryKeys].sort());
    }
    const isolate = byApi.get('wdatp')!.operations.find((op: { id: string }) => op.id === 'wdatp.isolateMachine');
    expect(isolate).toMatchObject({ method: 'post', effect: 'change', reversible: true });
    // The approval mail is a webhook of office365: the operations list keeps to operations.
    expect(byApi.get('office365')!.operations.every((op: { effect: string }) => op.effect === 'notify')).toBe(true);
  });

  it('names the stored connections of each connector, and no credential value appears in either answer', async () => {
    await put('jira-prod', { api: 'jira', settings: { baseUrl: 'https://soc.atlassian.net', user: 'soc@example.com', apiToken: JIRA_TOKEN } });
    await put('jira', { api: 'JIRA', settings: { baseUrl: 'https://jira.example.com', personalAccessToken: JIRA_TOKEN } });
    await put('mde', { api: 'wdatp', settings: { tenant: 'contoso.onmicrosoft.com', clientId: 'app-id', clientSecret: MDE_SECRET } });
    await put('keyvault', { api: 'keyvault', settings: { secrets: { 'mde-client-secret': VAULT_VALUE } } });

    const list = await get('/api/connectors');
    const byApi = new Map((list.json().value as Array<{ api: string; connections: string[] }>).map((c) => [c.api, c.connections]));
    expect(byApi.get('jira')).toEqual(['jira', 'jira-prod']);
    expect(byApi.get('wdatp')).toEqual(['mde']);
    expect(byApi.get('keyvault')).toEqual(['keyvault']);
    expect(byApi.get('office365')).toEqual([]);

    const details = await Promise.all(['jira', 'wdatp', 'keyvault'].map((api) => get(`/api/connectors/${api}`)));
    expect(details.map((d) => d.json().connections)).toEqual([['jira', 'jira-prod'], ['mde'], ['keyvault']]);
    for (const body of [list.body, ...details.map((d) => d.body)]) {
      for (const secret of [JIRA_TOKEN, MDE_SECRET, VAULT_VALUE]) expect(body).not.toContain(secret);
      // Nor the settings that are not credentials: the catalogue carries names, never settings.
      expect(body).not.toContain('soc.atlassian.net');
    }

    // Deleting a connection takes it off the catalogue.
    expect((await t.app.inject({ method: 'DELETE', url: '/api/connections/jira-prod', headers: t.as('admin') })).statusCode).toBe(204);
    expect((await get('/api/connectors/jira')).json().connections).toEqual(['jira']);
  });

  it('answers one connector by api in any case, with the operations\' input and output schemas', async () => {
    const summary = (await get('/api/connectors')).json().value.find((c: { api: string }) => c.api === 'wdatp');
    for (const spelling of ['wdatp', 'WDATP', 'WdAtP']) {
      const res = await get(`/api/connectors/${spelling}`);
      expect(res.statusCode, res.body).toBe(200);
      const detail = res.json();
      expect(detail.api).toBe('wdatp');
      // The detail is the summary plus each operation's schemas.
      expect({ ...detail, operations: detail.operations.map(({ inputSchema: _i, outputSchema: _o, ...op }: Record<string, unknown>) => op) }).toEqual(summary);
      for (const op of detail.operations) expect(op.inputSchema, op.id).toMatchObject({ type: 'object' });
    }
    const isolate = (await get('/api/connectors/wdatp')).json().operations.find((op: { id: string }) => op.id === 'wdatp.isolateMachine');
    expect(isolate.inputSchema.properties).toHaveProperty('body');
    expect(isolate).toHaveProperty('outputSchema');
    expect((await get('/api/connectors/azuresentinel')).json().operations.length).toBeGreaterThan(5);
  });

  it('answers 404 naming the api for an unknown or undescribed connector', async () => {
    for (const api of ['azuremonitorlogs', 'riposte-test']) {
      const res = await get(`/api/connectors/${api}`);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe('NotFound');
      expect(res.json().error.message).toContain(`'${api}'`);
    }
  });

  it('refuses a path param no api can be with 400 naming /params/api', async () => {
    for (const bad of ['a%20b', 'x'.repeat(101), 'a%3Bb', '-jira', 'jira%00']) {
      const res = await get(`/api/connectors/${bad}`);
      expect(res.statusCode, `${bad} → ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('BadRequest');
      expect(res.json().error.field).toBe('/params/api');
    }
  });

  it('lets admin and automation-author read the catalogue; responder, triage and reader get 403; no key 401', async () => {
    const allowed = ['admin', 'automation-author'];
    expect(roleNames.length).toBe(5);
    for (const url of ['/api/connectors', '/api/connectors/jira']) {
      for (const role of roleNames) {
        const res = await get(url, role);
        if (allowed.includes(role)) expect(res.statusCode, `${role} ${url}`).toBe(200);
        else {
          expect(res.statusCode, `${role} ${url}`).toBe(403);
          expect(res.json().error.message).toContain('connections.read');
        }
      }
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });

  it('is documented in /openapi.json with its response schemas and the 404 of the api route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const list = doc.paths['/api/connectors'].get;
    const one = doc.paths['/api/connectors/{api}'].get;
    expect(list.responses['200'].content['application/json'].schema).toBeDefined();
    expect(one.responses['200'].content['application/json'].schema).toBeDefined();
    expect(one.responses['404']).toBeDefined();
    expect(list.responses['404']).toBeUndefined();
    const components = JSON.stringify(doc.components.schemas);
    expect(components).toContain('ConnectorSummary');
    expect(components).toContain('ConnectorDetail');
  });
});

describe('connectorCatalogue', () => {
  it('lists only described connectors and matches stored connections by api whatever their case', () => {
    const registry = new ConnectorRegistry().register(testConnector).register(keyVaultConnector);
    const stored = [
      { name: 'b-vault', api: 'KeyVault', settings: {}, secretKeys: ['secrets'] },
      { name: 'a-vault', api: 'keyvault', settings: {}, secretKeys: ['secrets'] },
      { name: 'other', api: 'jira', settings: {}, secretKeys: [] },
    ] as unknown as Parameters<typeof connectorCatalogue>[1];
    expect(connectorCatalogue(registry, stored).map((c) => [c.api, c.connections])).toEqual([['keyvault', ['a-vault', 'b-vault']]]);
    expect(connectorDetail(registry, 'KEYVAULT', stored)?.connections).toEqual(['a-vault', 'b-vault']);
    expect(connectorDetail(registry, 'riposte-test', stored)).toBeUndefined();
  });
});
