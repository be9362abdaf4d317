import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { alertFilterCases, buildGraphTestApp } from './graph-fixture.test-support.ts';

describe('Graph security/alerts_v2', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp();
  });
  afterAll(() => t.close());

  const get = async (query: string, version = 'v1.0') => {
    const res = await t.app.inject({ method: 'GET', url: `/graph/${version}/security/alerts_v2${query}`, headers: { ...t.as('reader'), host: 'riposte.test' } });
    return { status: res.statusCode, body: res.json() };
  };
  const titles = async (filter: string, extra = '') => {
    const { status, body } = await get(`?$filter=${encodeURIComponent(filter)}&$orderby=createdDateTime asc${extra}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.value as { title: string }[]).map((a) => a.title);
  };

  it('lists newest first with the Graph context', async () => {
    const { status, body } = await get('');
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe('http://riposte.test/graph/v1.0/$metadata#security/alerts_v2');
    expect(body.value.map((a: { title: string }) => a.title)).toEqual([
      'Test alert', 'Ransomware behavior', 'Phishing mail', 'Port scan', 'Malware detected', 'Suspicious sign-in',
    ]);
    expect(body.value[0]['@odata.type']).toBe('#microsoft.graph.security.alert');
    expect(body['@odata.nextLink']).toBeUndefined();
  });

  it('serves beta too', async () => {
    const { status, body } = await get('?$top=1', 'beta');
    expect(status).toBe(200);
    expect(body['@odata.context']).toContain('/graph/beta/$metadata#security/alerts_v2');
  });

  it.each(alertFilterCases)('$filter=%s', async (filter, expected) => {
    expect(await titles(filter)).toEqual(expected);
  });

  it('orders by any column, both directions', async () => {
    const { body } = await get('?$orderby=title desc&$top=2');
    expect(body.value.map((a: { title: string }) => a.title)).toEqual(['Test alert', 'Suspicious sign-in']);
    const bySeverity = await get('?$orderby=severity,createdDateTime desc&$select=severity,title');
    expect(bySeverity.body.value[0]).toEqual({ severity: 'high', title: 'Ransomware behavior' });
  });

  it('pages through @odata.nextLink with $skip, keeping the other options', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/graph/v1.0/security/alerts_v2?$filter=${encodeURIComponent("status eq 'new'")}&$top=2`;
    let pages = 0;
    while (url) {
      const res: { json(): any } = await t.app.inject({ method: 'GET', url, headers: { ...t.as('reader'), host: 'riposte.test' } });
      const body: any = res.json();
      seen.push(...body.value.map((a: { title: string }) => a.title));
      const next: string | undefined = body['@odata.nextLink'];
      if (next) expect(next.startsWith('http://riposte.test/graph/v1.0/security/alerts_v2?')).toBe(true);
      url = next ? next.replace('http://riposte.test', '') : undefined;
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(['Test alert', 'Ransomware behavior', 'Port scan', 'Suspicious sign-in']);
  });

  it('$select keeps only the named properties and names them in the context', async () => {
    const { body } = await get('?$select=id,title&$top=1');
    expect(Object.keys(body.value[0]).sort()).toEqual(['id', 'title']);
    expect(body['@odata.context']).toMatch(/#security\/alerts_v2\(id,title\)$/);
  });

  it('$count=true adds @odata.count of every match, not of the page', async () => {
    const { body } = await get(`?$filter=${encodeURIComponent("severity eq 'high'")}&$count=true&$top=1`);
    expect(body['@odata.count']).toBe(3);
    expect(body.value).toHaveLength(1);
    expect(body['@odata.nextLink']).toContain('%24skip=1');
  });

  it.each([
    ["$filter=nosuch eq 'x'", /nosuch/],
    ["$filter=severity eq", /filter/i],
    ['$filter=severity eq 3', /number/],
    ['$top=5000', /\$top/],
    ['$select=title,bogus', /bogus/],
    ['$orderby=title sideways', /direction/],
    ['$search=x', /\$search/],
    ['$expand=alerts', /alerts/],
    ['$count=maybe', /\$count/],
    ['$filter=contains(title, 5)', /contains takes string arguments, not a number value/],
    ["$filter=startswith(createdDateTime, '2026')", /datetime property 'createdDateTime'/],
    ["$filter=createdDateTime gt 'yesterday'", /'yesterday' is not a date-time for 'createdDateTime'/],
  ])('answers 400 with a Graph error for %s', async (query, message) => {
    const { status, body } = await get(`?${query.replace(/ /g, '%20')}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(message);
    expect(body.error.innerError['request-id']).toBeTruthy();
  });

  it('gets one alert, and answers 404 ResourceNotFound for an unknown id', async () => {
    const id = t.alerts[0]!.id;
    const { status, body } = await get(`/${id}?$select=title`);
    expect(status).toBe(200);
    expect(body).toEqual({ '@odata.context': 'http://riposte.test/graph/v1.0/$metadata#security/alerts_v2(title)/$entity', title: 'Suspicious sign-in' });
    const missing = await get('/no-such-alert');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
  });

  it('answers 401 and 403 in the Graph error shape', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/graph/v1.0/security/alerts_v2' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('InvalidAuthenticationToken');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const denied = await t.app.inject({ method: 'PATCH', url: `/graph/v1.0/security/alerts_v2/${t.alerts[0]!.id}`, headers: t.as('reader'), payload: { status: 'resolved' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('Forbidden');
    const unknownRoute = await t.app.inject({ method: 'GET', url: '/graph/v1.0/security/nothing', headers: t.as('reader') });
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.json().error.code).toBe('ResourceNotFound');
  });

  it('PATCH updates what Graph allows and rejects the rest naming the field', async () => {
    const id = t.alerts[1]!.id;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/graph/v1.0/security/alerts_v2/${id}`,
      headers: t.as('triage'),
      payload: { assignedTo: 'secAdmin@contoso.onmicrosoft.com', classification: 'truePositive', determination: 'malware', status: 'inProgress' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, assignedTo: 'secAdmin@contoso.onmicrosoft.com', classification: 'truePositive', determination: 'malware' });
    const bad = await t.app.inject({ method: 'PATCH', url: `/graph/v1.0/security/alerts_v2/${id}`, headers: t.as('triage'), payload: { title: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BadRequest');
    expect(bad.json().error.message).toContain('title');
    const missing = await t.app.inject({ method: 'PATCH', url: '/graph/v1.0/security/alerts_v2/nope', headers: t.as('triage'), payload: { status: 'resolved' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('ResourceNotFound');
  });

  it('adds a comment through POST …/comments', async () => {
    const id = t.alerts[2]!.id;
    const res = await t.app.inject({ method: 'POST', url: `/graph/v1.0/security/alerts_v2/${id}/comments`, headers: t.as('triage'), payload: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'looked at it' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().value.map((c: { comment: string }) => c.comment)).toEqual(['looked at it']);
  });

  it('uses the configured public origin in context and next links', async () => {
    const behindProxy = await buildGraphTestApp({ graph: { publicOrigin: 'https://riposte.example/' } });
    try {
      const res = await behindProxy.app.inject({ method: 'GET', url: '/graph/v1.0/security/alerts_v2?$top=1', headers: behindProxy.as('reader') });
      expect(res.json()['@odata.context']).toBe('https://riposte.example/graph/v1.0/$metadata#security/alerts_v2');
      expect(res.json()['@odata.nextLink']).toMatch(/^https:\/\/riposte\.example\/graph\/v1\.0\/security\/alerts_v2\?/);
    } finally {
      await behindProxy.close();
    }
  });
});
