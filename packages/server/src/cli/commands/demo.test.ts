import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';

const bin = fileURLToPath(new URL('../../../bin/riposte.js', import.meta.url));

function startDemo(dir: string, port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, RIPOSTE_LOG_LEVEL: 'error' };
  delete env.RIPOSTE_API_KEY;
  const child = spawn(process.execPath, [bin, 'demo', '--port', String(port), '--data', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<{ url: string; key: string }>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /admin API key: (\S+)/.exec(out)?.[1];
      if (url && key) resolve({ url, key });
    });
    child.stderr.on('data', (d) => void (err += String(d)));
    child.once('exit', (code) => reject(new Error(`demo exited ${code}: ${err}`)));
  });
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));
  return { ready, stop };
}

describe('riposte demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the URL and a working admin key; incidents are seeded, triaged by the rule and commented by the playbook; a restart seeds nothing twice', async () => {
    const first = startDemo(dir, await freePort());
    let key: string;
    try {
      const { url, key: k } = await first.ready;
      key = k;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const incidents = (await (await fetch(`${url}/api/incidents`, { headers: { authorization: `Bearer ${key}` } })).json()) as { value: Array<{ id: string; severity: string; labels: Array<{ labelName: string }> }> };
      expect(incidents.value.length).toBeGreaterThan(0);
      const triaged = incidents.value.find((i) => i.severity === 'High')!;
      expect(triaged.labels.map((l) => l.labelName)).toContain('demo-triaged');
      // The playbook run was started by the rule; wait for its comment.
      let comments: Array<{ message: string }> = [];
      for (let i = 0; i < 200 && comments.length === 0; i++) {
        comments = ((await (await fetch(`${url}/api/incidents/${triaged.id}/comments`, { headers: { authorization: `Bearer ${key}` } })).json()) as { value: Array<{ message: string }> }).value;
        if (comments.length === 0) await new Promise((r) => setTimeout(r, 20));
      }
      expect(comments[0]?.message).toMatch(/^<p>Riposte demo triage: incident #\d+ \(High\)/);
    } finally {
      await first.stop();
    }
    const second = startDemo(dir, await freePort());
    try {
      const { url, key: again } = await second.ready;
      expect(again).toBe(key);
      const incidents = (await (await fetch(`${url}/api/incidents`, { headers: { authorization: `Bearer ${again}` } })).json()) as { value: unknown[] };
      const playbooks = (await (await fetch(`${url}/api/playbooks`, { headers: { authorization: `Bearer ${again}` } })).json()) as { value: Array<{ name: string }> };
      // The triage playbook and the containment playbook (demo/demo-containment.ts), once each.
      expect(playbooks.value.map((p) => p.name).sort()).toEqual(['Riposte-Demo-Block-C2-IP', 'Riposte-Demo-Triage']);
      expect(incidents.value.length).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
