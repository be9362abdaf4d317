import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../app/test-app.ts';
import type { IndicatorStore } from './indicator-store.ts';
import { indicatorRoutes } from './routes.ts';
import { openSqliteIndicatorStore } from './sqlite-indicator-store.ts';

// ssdeep hashes are case-sensitive base64: lower-casing one makes another hash.
const ssdeep = '96:s4Ud1Lj96tHHlZDrwciQmA+4uy1I0G4HYuL8N3TzS8QsO/wqWXLcUYhE:+Vx+8tvHruPY4H1I0G4DbHg';
const otherCase = ssdeep.replace('s4Ud1Lj', 'S4uD1lJ');

describe('indicator routes: ctph hashes keep their case', () => {
  let t: TestApp;
  let store: IndicatorStore;
  beforeEach(async () => {
    store = openSqliteIndicatorStore({ path: ':memory:' });
    t = await buildTestApp({ modules: [(app) => indicatorRoutes(app, { store, now: () => new Date('2026-11-29T03:00:00Z') })] });
  });
  afterEach(async () => {
    await t.close();
    await store.close();
  });
  const block = (body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/indicators', headers: t.as('responder'), payload: { action: 'block', expirationDateTime: '2026-11-30T00:00:00Z', ...body } });
  const get = (path: string) => t.app.inject({ method: 'GET', url: path, headers: t.as('reader') });

  it('stores, lists and exports a ctph hash as sent; the same hash in another case is another indicator', async () => {
    const first = await block({ fileHashType: 'ctph', fileHashValue: ` ${ssdeep} ` });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ fileHashType: 'ctph', fileHashValue: ssdeep });
    const second = await block({ fileHashType: 'CTPH', fileHashValue: otherCase });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().id).not.toBe(first.json().id);
    // Posting the first again updates it, in its case.
    const again = await block({ fileHashType: 'ctph', fileHashValue: ssdeep, description: 'again' });
    expect([again.statusCode, again.json().id]).toEqual([200, first.json().id]);
    // A hex hash is still one indicator whatever its case.
    await block({ fileHashType: 'md5', fileHashValue: 'D41D8CD98F00B204E9800998ECF8427E' });
    expect((await block({ fileHashType: 'md5', fileHashValue: 'd41d8cd98f00b204e9800998ecf8427e' })).statusCode).toBe(200);

    const listed = async () => ((await get('/api/indicators')).json().value as Array<Record<string, unknown>>).map((i) => i.fileHashValue).sort();
    expect(await listed()).toEqual([ssdeep, otherCase, 'd41d8cd98f00b204e9800998ecf8427e'].sort());
    expect((await get('/api/indicators/export/hash.txt')).body).toBe(`${[ssdeep, otherCase, 'd41d8cd98f00b204e9800998ecf8427e'].sort().join('\n')}\n`);
    const patterns = (await get('/api/indicators/export/stix')).json().objects.filter((o: { type: string }) => o.type === 'indicator').map((o: { pattern: string }) => o.pattern);
    expect(patterns.sort()).toEqual([`[file:hashes.'SSDEEP' = '${ssdeep}']`, `[file:hashes.'SSDEEP' = '${otherCase}']`, "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']"].sort());

    // Its key (with '/' and '+') addresses it, in its case only.
    const del = await t.app.inject({ method: 'DELETE', url: `/api/indicators/${encodeURIComponent(`fileHash:ctph:${otherCase}`)}`, headers: t.as('responder') });
    expect(del.statusCode).toBe(204);
    expect(await listed()).toEqual([ssdeep, 'd41d8cd98f00b204e9800998ecf8427e'].sort());
  });

  it('refuses a value that is not a ctph hash, naming the field, and writes nothing', async () => {
    for (const value of ['s4Ud1Lj96tHHlZDrwciQmA', '96:abc', '96:ab*c:def', '97:abc:def']) {
      const res = await block({ fileHashType: 'ctph', fileHashValue: value });
      expect(res.statusCode, value).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'BadRequest', field: '/fileHashValue', message: expect.stringMatching(/^\/fileHashValue: .*ctph/) });
    }
    expect((await get('/api/indicators')).json().value).toEqual([]);
  });
});
