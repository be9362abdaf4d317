import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorQuery, IndicatorStore } from '../connectors/indicators/index.ts';
import { openSqliteIndicatorStore } from '../connectors/indicators/index.ts';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { buildGraphTestApp } from './graph-fixture.test-support.ts';
import { indicatorFilterCases, observableLabel, seedIndicators } from './ti-indicator-fixture.test-support.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';

const corpusRequest = JSON.parse(readFileSync(`${corpusDir}/graph-security/beta__tiindicator__create-request.json`, 'utf8'));

describe('Graph beta security/tiIndicators', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp({ seed: false });
  });
  afterAll(() => t.close());
  const url = '/graph/beta/security/tiIndicators';
  const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: t.as('responder'), payload });
  const future = '2099-01-01T00:00:00Z';

  it('creates the corpus indicator, and lists, filters, selects and counts', async () => {
    // Graph documents description as at most 100 characters; the corpus example is longer.
    const created = await post({ ...corpusRequest, description: 'canary indicator', expirationDateTime: future });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ fileHashType: 'sha256', threatType: 'WatchList', tlpLevel: 'green', isActive: true });
    expect(created.json()['@odata.context']).toMatch(/\/graph\/beta\/\$metadata#security\/tiIndicators\/\$entity$/);
    expect((await post({ action: 'block', networkIPv4: '198.51.100.7', expirationDateTime: future, severity: 3 })).statusCode).toBe(201);
    const list = await t.app.inject({ method: 'GET', url: `${url}?$filter=${encodeURIComponent("action eq 'block'")}&$select=networkIPv4,action&$count=true`, headers: t.as('reader') });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()['@odata.count']).toBe(1);
    expect(list.json().value).toEqual([{ networkIPv4: '198.51.100.7', action: 'block' }]);
    const ordered = await t.app.inject({ method: 'GET', url: `${url}?$orderby=severity desc&$top=1`, headers: t.as('reader') });
    expect(ordered.json().value[0].networkIPv4).toBe('198.51.100.7');
    expect(ordered.json()['@odata.nextLink']).toContain('%24skip=1');
  });

  it('patches what may change, refuses to change the observable, and deletes', async () => {
    const created = (await post({ action: 'alert', domainName: 'evil.example', expirationDateTime: future })).json();
    const patched = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.as('responder'), payload: { action: 'block', description: 'now blocked' } });
    expect(patched.statusCode, patched.body).toBe(204);
    const got = await t.app.inject({ method: 'GET', url: `${url}/${created.id}`, headers: t.as('reader') });
    expect(got.json()).toMatchObject({ action: 'block', description: 'now blocked', domainName: 'evil.example' });
    const moved = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.as('responder'), payload: { domainName: 'other.example' } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.message).toContain('/domainName');
    expect((await t.app.inject({ method: 'DELETE', url: `${url}/${created.id}`, headers: t.as('responder') })).statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `${url}/${created.id}`, headers: t.as('reader') });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('ResourceNotFound');
  });

  it('answers 400 naming the field for a bad indicator, and is beta only', async () => {
    const bad = await post({ action: 'block', expirationDateTime: future });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BadRequest');
    const v1 = await t.app.inject({ method: 'GET', url: '/graph/v1.0/security/tiIndicators', headers: t.as('reader') });
    expect(v1.statusCode).toBe(404);
  });
});

describe('Graph beta security/tiIndicators OData queries, compiled to SQL', () => {
  let t: GraphTestApp;
  let db: Database.Database;
  const queries: IndicatorQuery[] = [];
  beforeAll(async () => {
    db = new Database(':memory:');
    const real = openSqliteIndicatorStore({ db });
    // The real store, watched: every list must come from query(), never from reading all indicators.
    const watched: IndicatorStore = {
      ...real,
      list: async () => {
        throw new Error('the Graph route read every indicator');
      },
      query: async (q) => {
        queries.push(q);
        return real.query(q);
      },
    };
    t = await buildGraphTestApp({ seed: false, graph: { indicators: watched } });
    for (const indicator of seedIndicators) {
      const res = await t.app.inject({ method: 'POST', url, headers: t.as('responder'), payload: indicator });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await t.close();
    db.close();
  });
  const url = '/graph/beta/security/tiIndicators';
  const get = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `${url}${query}`, headers: { ...t.as('reader'), host: 'riposte.test' } });
    return { status: res.statusCode, body: res.json() };
  };
  const labels = async (query: string) => {
    const { status, body } = await get(query);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.value as Record<string, unknown>[]).map(observableLabel);
  };

  it.each(indicatorFilterCases)('$filter=%s', async (filter, expected) => {
    expect(await labels(`?$filter=${encodeURIComponent(filter)}`)).toEqual(expected);
  });

  it('hands the store the compiled SQL, never the whole list', async () => {
    queries.length = 0;
    await labels(`?$filter=${encodeURIComponent("action eq 'block' and severity ge 4")}&$count=true`);
    expect(queries).toEqual([
      { where: '((action = ?) AND (severity >= ?))', params: ['block', 4], orderBy: 'ingested_date_time ASC, rowid ASC', top: 101, skip: 0, count: true },
    ]);
  });

  it('orders by any property, both directions, nulls first ascending', async () => {
    expect(await labels('?$orderby=severity desc')).toEqual(['198.51.100.7', 'hash', 'bad-cdn.example', 'evil.example', 'https://good.example/path']);
    expect(await labels('?$orderby=confidence')).toEqual(['https://good.example/path', 'evil.example', 'hash', 'bad-cdn.example', '198.51.100.7']);
    expect(await labels('?$orderby=tlpLevel,severity desc')).toEqual(['evil.example', 'hash', '198.51.100.7', 'bad-cdn.example', 'https://good.example/path']);
    expect(await labels('?$orderby=expirationDateTime desc&$top=2')).toEqual(['bad-cdn.example', '198.51.100.7']);
    expect(await labels('?$orderby=isActive desc,severity')).toEqual(['https://good.example/path', 'evil.example', '198.51.100.7', 'bad-cdn.example', 'hash']);
  });

  it('pages through @odata.nextLink with $skip, counting every match on each page', async () => {
    const seen: string[] = [];
    const counts: number[] = [];
    let next: string | undefined = `${url}?$filter=${encodeURIComponent("action ne 'allow'")}&$orderby=severity&$top=3&$count=true`;
    while (next) {
      const res: { json(): Record<string, any> } = await t.app.inject({ method: 'GET', url: next, headers: { ...t.as('reader'), host: 'riposte.test' } });
      const body: Record<string, any> = res.json();
      seen.push(...(body.value as Record<string, unknown>[]).map(observableLabel));
      counts.push(body['@odata.count']);
      next = body['@odata.nextLink']?.replace('http://riposte.test', '');
      if (next) expect(next).toContain('%24skip=3');
    }
    expect(seen).toEqual(['evil.example', 'bad-cdn.example', 'hash', '198.51.100.7']);
    expect(counts).toEqual([4, 4]);
    const past = await get('?$skip=10&$count=true');
    expect([past.body.value, past.body['@odata.count'], past.body['@odata.nextLink']]).toEqual([[], 5, undefined]);
  });

  it('$select keeps only the named properties, isActive as of now included', async () => {
    const { body } = await get(`?$filter=${encodeURIComponent("domainName ne null")}&$select=domainName,isActive,confidence`);
    expect(body['@odata.context']).toBe('http://riposte.test/graph/beta/$metadata#security/tiIndicators(domainName,isActive,confidence)');
    expect(body.value).toEqual([
      { domainName: 'evil.example', isActive: true, confidence: 50 },
      { domainName: 'bad-cdn.example', isActive: false, confidence: 80 },
    ]);
  });

  it.each([
    ["$filter=nosuch eq 'x'", /nosuch/],
    ['$filter=severity eq', /filter/i],
    ["$filter=severity eq 'high'", /string/],
    ['$filter=severity add 1 eq 2', /filter/i],
    ["$filter=action has 'block'", /filter/i],
    ["$filter=tags eq 'apt'", /collection/],
    ["$filter=action/any(a: a eq 'block')", /not a collection/],
    ['$orderby=bogus', /bogus/],
    ['$orderby=tags', /collection/],
    ['$select=action,bogus', /bogus/],
    ['$expand=alerts', /alerts/],
    ['$skiptoken=abc', /skiptoken/],
    ['$top=5000', /\$top/],
  ])('answers 400 with a Graph error for %s', async (query, message) => {
    const { status, body } = await get(`?${query.replace(/ /g, '%20').replace(/'/g, '%27')}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(message);
    expect(body.error.innerError['request-id']).toBeTruthy();
  });
});
