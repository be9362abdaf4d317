import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { buildGraphTestApp } from './graph-fixture.test-support.ts';
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
