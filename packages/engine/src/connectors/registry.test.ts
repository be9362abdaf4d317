import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchUnevaluatedPath, unevaluatedSegments } from './path-template.ts';
import { ConnectorRegistry } from './registry.ts';
import { testConnector } from './test-connector.ts';
import type { Connector } from './types.ts';

const ok = async () => ({ statusCode: 200 });
const sentinel: Connector = {
  api: 'azuresentinel',
  displayName: 'Microsoft Sentinel',
  operations: [
    { id: 'azuresentinel.comment', summary: 'comment', method: 'post', path: '/Incidents/Comment', execute: ok },
    {
      id: 'azuresentinel.alertIncident',
      summary: 'incident of an alert',
      method: 'get',
      path: '/Incidents/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/alerts/{alertId}',
      execute: ok,
    },
    { id: 'azuresentinel.entity', summary: 'entity', method: 'post', path: '/entities/{kind}', execute: ok },
  ],
  webhooks: [{ id: 'azuresentinel.incident', summary: 'incident created', method: 'post', path: '/incident-creation', subscribe: async () => ({ subscriptionId: 's' }) }],
};

describe('ConnectorRegistry', () => {
  const registry = new ConnectorRegistry().register(sentinel).register(testConnector);

  it('finds connectors by api name in any case', () => {
    expect(registry.get('AzureSentinel')?.displayName).toBe('Microsoft Sentinel');
    expect(registry.get('nothing')).toBeUndefined();
  });

  it('resolves literal segments case-insensitively and binds decoded {param} segments', () => {
    const hit = registry.resolve('azuresentinel', 'GET', '/incidents/subscriptions/s%201/resourceGroups/rg/workspaces/w/alerts/a%2Fb');
    expect(hit?.operation.id).toBe('azuresentinel.alertIncident');
    expect(hit?.pathParams).toEqual({ sub: 's 1', rg: 'rg', ws: 'w', alertId: 'a/b' });
    expect(registry.resolve('azuresentinel', 'post', '/INCIDENTS/comment')?.operation.id).toBe('azuresentinel.comment');
  });

  it('does not resolve another method, another segment count or an unknown api', () => {
    expect(registry.resolve('azuresentinel', 'get', '/Incidents/Comment')).toBeUndefined();
    expect(registry.resolve('azuresentinel', 'post', '/Incidents/Comment/extra')).toBeUndefined();
    expect(registry.resolve('office365', 'post', '/v2/Mail')).toBeUndefined();
  });

  it('resolves webhook subscriptions separately from operations', () => {
    expect(registry.resolveWebhook('azuresentinel', 'post', '/incident-creation')?.operation.id).toBe('azuresentinel.incident');
    expect(registry.resolve('azuresentinel', 'post', '/incident-creation')).toBeUndefined();
  });

  it('matches unevaluated paths whose expression segments sit where the template has {param}', () => {
    const path =
      "/Incidents/subscriptions/@{encodeURIComponent(triggerBody()?['WorkspaceSubscriptionId'])}/resourceGroups/@{encodeURIComponent(triggerBody()?['WorkspaceResourceGroup'])}/workspaces/@{encodeURIComponent(triggerBody()?['WorkspaceId'])}/alerts/@{encodeURIComponent(triggerBody()?['SystemAlertId'])}";
    expect(registry.hasOperationFor('azuresentinel', 'get', path)).toBe(true);
    expect(registry.hasOperationFor('azuresentinel', 'post', "/entities/@{encodeURIComponent('account')}")).toBe(true);
    expect(registry.hasOperationFor('azuresentinel', 'post', '/entities/x@{variables(\'k\')}')).toBe(true);
    expect(registry.hasOperationFor('azuresentinel', 'post', '/Incidents/Relation/Create')).toBe(false);
    expect(registry.hasOperationFor('azuresentinel', 'post', '/incident-creation', true)).toBe(true);
  });

  it('keeps "/" inside an expression in one segment', () => {
    expect(unevaluatedSegments("/providers/@{encodeURIComponent('workflows/', 'x', '/runs')}/cancel")).toEqual([
      'providers',
      "@{encodeURIComponent('workflows/', 'x', '/runs')}",
      'cancel',
    ]);
    expect(matchUnevaluatedPath('/a/{b}', "/a/@{concat('x}/y', '''/')}")).toBe(true);
  });

  it('the test connector echoes and fails on request', async () => {
    const echo = registry.resolve('riposte-test', 'post', '/echo')!;
    const req = { body: { hi: 1 }, queries: {}, pathParams: echo.pathParams } as never;
    expect(await echo.operation.execute(req)).toMatchObject({ statusCode: 200, body: { body: { hi: 1 } } });
    const fail = registry.resolve('riposte-test', 'post', '/fail')!;
    expect((await fail.operation.execute({ body: { statusCode: 503 } } as never)).statusCode).toBe(503);
  });

  it('path splitting keeps every character of a plain path', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('/', '{', '}', "'", 'a', 'B') }), (path) => {
        let expected = path.startsWith('/') ? path.slice(1) : path;
        if (expected.endsWith('/') && expected.length > 0) expected = expected.slice(0, -1);
        expect(unevaluatedSegments(path).join('/')).toBe(expected);
      }),
    );
  });
});
