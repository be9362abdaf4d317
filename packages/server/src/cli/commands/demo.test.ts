import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { freePort } from '../../testing/free-port.ts';

const bin = fileURLToPath(new URL('../../../bin/riposte.js', import.meta.url));

function startDemo(dir: string, port: number) {
  // The corpus where every test finds it (beside the repository, RIPOSTE_CORPUS or the workplace copy), named for the demo.
  const env: NodeJS.ProcessEnv = { ...process.env, RIPOSTE_LOG_LEVEL: 'error', RIPOSTE_CORPUS: corpusDir };
  delete env.RIPOSTE_API_KEY;
  const child = spawn(process.execPath, [bin, 'demo', '--port', String(port), '--data', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<{ url: string; key: string; out: string }>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /admin API key: (\S+)/.exec(out)?.[1];
      if (url && key) resolve({ url, key, out });
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

  it('prints the URL and a working admin key; incidents are seeded, triaged by the rule and commented by the demo and corpus playbooks; a restart seeds nothing twice', async () => {
    const first = startDemo(dir, await freePort());
    let key: string;
    try {
      const { url, key: k, out } = await first.ready;
      key = k;
      // The corpus lies beside the repository (or at RIPOSTE_CORPUS) here and in CI: its playbook is read at start.
      expect(out).toMatch(/^corpus playbook: Restrict-MDEAppExecution \(imported unchanged from \S+Restrict-MDEAppExecution__incident-trigger\.json\) runs on new medium and high incidents$/m);
      const auth = { authorization: `Bearer ${key}` };
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const incidents = (await (await fetch(`${url}/api/incidents`, { headers: { authorization: `Bearer ${key}` } })).json()) as { value: Array<{ id: string; severity: string; labels: Array<{ labelName: string }> }> };
      expect(incidents.value.length).toBeGreaterThan(0);
      const triaged = incidents.value.find((i) => i.severity === 'High')!;
      expect(triaged.labels.map((l) => l.labelName)).toContain('demo-triaged');
      // The playbook runs were started by the two demo rules; wait for both comments (in either order).
      let comments: Array<{ message: string }> = [];
      for (let i = 0; i < 200 && comments.length < 2; i++) {
        comments = ((await (await fetch(`${url}/api/incidents/${triaged.id}/comments`, { headers: auth })).json()) as { value: Array<{ message: string }> }).value;
        if (comments.length < 2) await new Promise((r) => setTimeout(r, 20));
      }
      const messages = comments.map((c) => c.message);
      expect(messages.filter((m) => /^<p>Riposte demo triage: incident #\d+ \(High\)/.test(m))).toHaveLength(1);
      // The corpus playbook, unchanged: the demo host has no MDE device id, so it comments instead of calling Defender.
      expect(messages).toContain('<p>WS-0042 was triggered for restrict app execution, but the host does not have a MDEDeviceID.</p>');
      const corpusPlaybook = (await (await fetch(`${url}/api/playbooks/Restrict-MDEAppExecution`, { headers: auth })).json()) as { id: string };
      const runs = (await (await fetch(`${url}/api/playbooks/${corpusPlaybook.id}/runs`, { headers: auth })).json()) as { value: Array<{ status: string; startedBy: string }> };
      expect(runs.value.map((r) => r.status)).toEqual(['Succeeded']);
      expect(runs.value[0]!.startedBy).toMatch(/^automation-rule:Demo: run the corpus playbook Restrict-MDEAppExecution/);
    } finally {
      await first.stop();
    }
    const second = startDemo(dir, await freePort());
    try {
      const { url, key: again, out } = await second.ready;
      expect(again).toBe(key);
      expect(out).toMatch(/^corpus playbook: Restrict-MDEAppExecution \(kept from an earlier start\)/m);
      const incidents = (await (await fetch(`${url}/api/incidents`, { headers: { authorization: `Bearer ${again}` } })).json()) as { value: unknown[] };
      const playbooks = (await (await fetch(`${url}/api/playbooks`, { headers: { authorization: `Bearer ${again}` } })).json()) as { value: Array<{ name: string }> };
      // The triage playbook, the corpus playbook and the containment playbook (demo/demo-containment.ts), once each.
      expect(playbooks.value.map((p) => p.name).sort()).toEqual(['Restrict-MDEAppExecution', 'Riposte-Demo-Block-C2-IP', 'Riposte-Demo-Triage']);
      expect(incidents.value.length).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
