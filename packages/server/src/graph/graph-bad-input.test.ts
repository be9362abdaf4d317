import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { buildGraphTestApp } from './graph-fixture.test-support.ts';

describe('bad input on the Graph write routes', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp({ app: { bodyLimit: 4096 } });
  });
  afterAll(() => t.close());
  const writes = () =>
    t.app.riposte.routes
      .filter((r) => r.url.startsWith('/graph/') && (r.method === 'POST' || r.method === 'PATCH'))
      .map((r) => ({ method: r.method as 'POST' | 'PATCH', url: r.url.replace(':id', t.alerts[0]!.id) }));

  it('answers malformed JSON with 400, another media type with 415 and an oversized body with 413, in Graph shape', async () => {
    for (const { method, url } of writes()) {
      const headers = { ...t.as('admin'), 'content-type': 'application/json' };
      const broken = await t.app.inject({ method, url, headers, payload: '{"status": ' });
      expect([broken.statusCode, broken.json().error.code], `${method} ${url}`).toEqual([400, 'BadRequest']);
      const xml = await t.app.inject({ method, url, headers: { ...headers, 'content-type': 'application/xml' }, payload: '<a/>' });
      expect([xml.statusCode, xml.json().error.code], `${method} ${url}`).toEqual([415, 'UnsupportedMediaType']);
      const big = await t.app.inject({ method, url, headers, payload: JSON.stringify({ description: 'x'.repeat(5000) }) });
      expect([big.statusCode, big.json().error.code], `${method} ${url}`).toEqual([413, 'RequestEntityTooLarge']);
    }
  });

  it('writes nothing when a PATCH names a field Graph does not allow', async () => {
    const id = t.alerts[0]!.id;
    const res = await t.app.inject({ method: 'PATCH', url: `/graph/v1.0/security/alerts_v2/${id}`, headers: t.as('admin'), payload: { status: 'resolved', severity: 'low' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('severity');
    expect((await t.app.riposte.store.getAlert(id))!.status).toBe('new');
  });
});
