import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';
import { maxJsonDepth, tooDeepAt } from './json-body.ts';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('JSON body nesting limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('names the first value nested too deep, and accepts what real documents look like', () => {
    expect(tooDeepAt({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(tooDeepAt({ a: [{ b: { c: 1 } }] }, 3)).toBe('/a/0/b');
    expect(tooDeepAt({ 'x/y': { '~': {} } }, 2)).toBe('/x~1y/~0');
    expect(tooDeepAt(nested(maxJsonDepth))).toBeUndefined();
    expect(tooDeepAt(nested(maxJsonDepth + 1))).toBeDefined();
  });

  it('never throws, however deep or wide the document', () => {
    expect(tooDeepAt(nested(100_000))).toBeDefined();
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 10 }), (doc, limit) => {
      const at = tooDeepAt(doc, limit);
      expect(at === undefined || at.startsWith('/') || at === '').toBe(true);
    }));
  });

  it('answers a body nested thousands deep with 400 naming where, not a 500 from whatever walks it later', async () => {
    const payload = `{"title":"x","additionalData":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BadRequest');
    expect(res.json().error.field).toMatch(/^\/additionalData(\/a)+$/);
    expect((await t.app.inject({ method: 'GET', url: '/api/alerts', headers: t.as('admin') })).json().value).toEqual([]);
  });

  it('skips the walk only for bodies too short to nest that deep: the shortest too-deep body is refused', async () => {
    const post = (payload: string) => t.app.inject({ method: 'POST', url: '/api/alerts', headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload });
    // Arrays nested maxJsonDepth + 1 deep with nothing else: the fewest characters such a body can have.
    const tooDeep = `${'['.repeat(maxJsonDepth + 1)}${']'.repeat(maxJsonDepth + 1)}`;
    const res = await post(tooDeep);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/nested deeper than 256 levels/);
    // One level less is not refused for its depth (it is not an alert either).
    const deepest = await post(`${'['.repeat(maxJsonDepth)}${']'.repeat(maxJsonDepth)}`);
    expect(deepest.json().error?.message ?? '').not.toMatch(/nested deeper/);
  });

  it('keeps Fastify\'s protections: prototype poisoning and malformed JSON are 400s', async () => {
    for (const payload of ['{"__proto__":{"admin":true},"title":"x"}', '{"title":', '']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload });
      expect(res.statusCode, payload).toBe(400);
    }
  });
});
