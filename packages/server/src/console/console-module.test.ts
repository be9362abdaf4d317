import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { consoleModule } from './console-module.ts';

describe('console module', () => {
  let dir: string;
  let built: TestApp;
  let unbuilt: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-console-'));
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'dist', 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    built = await buildTestApp({ modules: [consoleModule({ dir: join(dir, 'dist') })] });
    unbuilt = await buildTestApp({ modules: [consoleModule({ dir: join(dir, 'missing') })] });
  });

  afterAll(async () => {
    await built.close();
    await unbuilt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at /console without an API key', async () => {
    for (const url of ['/console', '/console/']) {
      const res = await built.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<title>console</title>');
    }
  });

  it('serves the built assets with their content type', async () => {
    const res = await built.app.inject({ url: '/console/assets/index-abc.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('never serves a file outside the console folder', async () => {
    for (const url of ['/console/../secret.txt', '/console/%2e%2e/secret.txt', '/console/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/console/%E0%A4%A']) {
      const res = await built.app.inject({ url });
      expect(res.body, url).not.toContain('not for the web');
      expect([200, 400, 404]).toContain(res.statusCode);
    }
    const missing = await built.app.inject({ url: '/console/assets/nothing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NotFound');
  });

  it('says how to build the console when it is not built', async () => {
    const res = await unbuilt.app.inject({ url: '/console' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
  });

  it('leaves the API protected', async () => {
    const res = await built.app.inject({ url: '/api/incidents' });
    expect(res.statusCode).toBe(401);
  });
});
