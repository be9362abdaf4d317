import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { buildGraphTestApp } from './graph-fixture.test-support.ts';

// The observable is stored as observableOf normalizes it, so $filter (SQL over the document) finds
// it by its normalized value whatever spelling was posted.
describe('Graph beta security/tiIndicators: normalized observables', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp({ seed: false });
  });
  afterAll(() => t.close());
  const url = '/graph/beta/security/tiIndicators';
  const future = '2099-01-01T00:00:00Z';
  const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: t.as('responder'), payload: { action: 'block', expirationDateTime: future, ...payload } });
  const filter = async (expression: string) => {
    const res = await t.app.inject({ method: 'GET', url: `${url}?$filter=${encodeURIComponent(expression)}`, headers: t.as('reader') });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().value as Array<Record<string, unknown>>;
  };

  it("finds an indicator posted as 'EVIL.example.' by domainName eq 'evil.example', and shows it so", async () => {
    const created = await post({ domainName: 'EVIL.example.' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().domainName).toBe('evil.example');
    const found = await filter("domainName eq 'evil.example'");
    expect(found.map((i) => [i.id, i.domainName])).toEqual([[created.json().id, 'evil.example']]);
    expect(await filter("domainName eq 'EVIL.example.'")).toEqual([]);
    const got = await t.app.inject({ method: 'GET', url: `${url}/${created.json().id}`, headers: t.as('reader') });
    expect(got.json().domainName).toBe('evil.example');

    // Posting it again in another spelling updates the one indicator.
    const again = await post({ domainName: ' Evil.Example', description: 'seen again' });
    expect(again.json()).toMatchObject({ id: created.json().id, domainName: 'evil.example', description: 'seen again' });
    expect((await filter("endswith(domainName, 'example')")).length).toBe(1);
  });

  it('filters an upper-case hash and an expanded IPv6 address by their normalized values', async () => {
    const upper = 'AB'.repeat(32);
    const hash = (await post({ fileHashType: 'sha256', fileHashValue: upper })).json();
    expect((await filter(`fileHashValue eq '${upper.toLowerCase()}'`)).map((i) => i.id)).toEqual([hash.id]);
    const ip = (await post({ networkSourceIPv6: '2001:DB8:0000::0001' })).json();
    expect((await filter("networkSourceIPv6 eq '2001:db8::1'")).map((i) => [i.id, i.networkSourceIPv6])).toEqual([[ip.id, '2001:db8::1']]);
  });

  it('keeps a ctph hash in its case: $filter finds it by that case only, and another case is another indicator', async () => {
    const ssdeep = '48:7xN3ZdKJhVbBRQmp+/Zk1TRfGcWX2LqHy0sYo:7xNJdKJhVbB/QmpZTRfGcWXLq';
    const created = await post({ fileHashType: 'ctph', fileHashValue: ssdeep });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ fileHashType: 'ctph', fileHashValue: ssdeep });
    const lower = await post({ fileHashType: 'CTPH', fileHashValue: ssdeep.toLowerCase() });
    expect(lower.statusCode, lower.body).toBe(201);
    expect(lower.json().id).not.toBe(created.json().id);

    expect((await filter(`fileHashValue eq '${ssdeep}'`)).map((i) => [i.id, i.fileHashValue])).toEqual([[created.json().id, ssdeep]]);
    expect((await filter(`fileHashValue eq '${ssdeep.toLowerCase()}'`)).map((i) => i.id)).toEqual([lower.json().id]);
    expect((await filter("fileHashType eq 'ctph'")).length).toBe(2);
    const got = await t.app.inject({ method: 'GET', url: `${url}/${created.json().id}`, headers: t.as('reader') });
    expect(got.json().fileHashValue).toBe(ssdeep);
    // Restating it in another case is another value: refused like any other observable change.
    const moved = await t.app.inject({ method: 'PATCH', url: `${url}/${created.json().id}`, headers: t.as('responder'), payload: { fileHashValue: ssdeep.toUpperCase() } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.message).toContain('/fileHashValue');
    const bad = await post({ fileHashType: 'ctph', fileHashValue: 'not-an-ssdeep' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^\/fileHashValue: expected a ctph hash shaped <blocksize>:<hash>:<hash>/);
  });

  it('lets a PATCH restate the observable in another spelling, and still refuses another value', async () => {
    const created = (await post({ domainName: 'patched.example' })).json();
    const restated = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.as('responder'), payload: { domainName: 'PATCHED.Example.', severity: 4 } });
    expect(restated.statusCode, restated.body).toBe(204);
    const got = (await t.app.inject({ method: 'GET', url: `${url}/${created.id}`, headers: t.as('reader') })).json();
    expect(got).toMatchObject({ domainName: 'patched.example', severity: 4 });
    const moved = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.as('responder'), payload: { domainName: 'other.example' } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.message).toContain('/domainName');
    const invalid = await t.app.inject({ method: 'PATCH', url: `${url}/${created.id}`, headers: t.as('responder'), payload: { domainName: 'not a domain' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('/domainName');
  });
});
