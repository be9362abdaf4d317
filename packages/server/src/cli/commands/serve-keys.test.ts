import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError } from '../errors.ts';
import { parsePort, readSettings } from './serve.ts';

const bin = fileURLToPath(new URL('../../../bin/riposte.js', import.meta.url));

describe('riposte keys create / serve', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 on an unknown role', () => {
    const bad = spawnSync(process.execPath, [bin, 'keys', 'create', '--role', 'overlord', '--data', dir], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown role 'overlord'");
  });

  it('serves the API on the data directory, with RIPOSTE_API_KEY as an admin key and CLI keys working', async () => {
    const created = spawnSync(process.execPath, [bin, 'keys', 'create', '--role', 'reader', '--data', dir], { encoding: 'utf8' });
    expect(created.status).toBe(0);
    const readerKey = created.stdout.trim();
    expect(readerKey).toMatch(/^rip_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', dir], {
      env: { ...process.env, RIPOSTE_API_KEY: 'test-admin-key-0123456789', RIPOSTE_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += String(d);
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const post = await fetch(`${url}/api/alerts`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-key-0123456789', 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'from the CLI test' }),
      });
      expect(post.status).toBe(201);
      const list = await fetch(`${url}/api/incidents`, { headers: { authorization: `Bearer ${readerKey}` } });
      expect((await list.json()).value[0].title).toBe('from the CLI test');
      expect((await fetch(`${url}/api/incidents`, { headers: { authorization: 'Bearer nope-nope-nope' } })).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('refuses a RIPOSTE_API_KEY too short to be an admin key (exit 2, the key not echoed) and starts nothing', () => {
    const bad = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--data', join(dir, 'short-key')], {
      env: { ...process.env, RIPOSTE_API_KEY: 'abc-secret', RIPOSTE_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('RIPOSTE_API_KEY must be 16 to 512 characters');
    expect(bad.stderr + bad.stdout).not.toContain('abc-secret');
    expect(bad.stdout).not.toContain('listening');
  });

  it('treats a bad settings file as a usage error naming the field', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ correlation: { rules: [{ kind: 'sameTitle', windowMinutes: -1 }] } }));
    expect(() => readSettings(file)).toThrow(CliUsageError);
    expect(() => readSettings(file)).toThrow(/\/correlation\/rules\/0\/windowMinutes/);
    expect(() => readSettings(join(dir, 'missing.json'))).toThrow(/cannot read/);
    writeFileSync(file, JSON.stringify({ sla: { recoverMinutes: 60 } }));
    expect(readSettings(file).sla.recoverMinutes).toBe(60);
  });

  it('treats a bad port as a usage error (exit 2)', () => {
    expect(() => parsePort('eighty')).toThrow(CliUsageError);
    expect(() => parsePort('65536')).toThrow(/--port/);
    expect(parsePort('0')).toBe(0);
  });
});
