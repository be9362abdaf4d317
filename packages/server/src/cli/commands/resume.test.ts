/**
 * THE CRASH TEST: a `riposte run --data <dir>` child is killed with SIGKILL in the middle of a
 * Wait, or in the middle of an Http call; `riposte resume --data <dir>` must then finish the run,
 * without re-running what had completed, and the side effect must be applied once (the server
 * dedups by Idempotency-Key; the retried request must carry the same key).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const cli = join(root, 'packages/server/bin/riposte.js');
const execFileP = promisify(execFile);

/** Counts requests and applied effects per Idempotency-Key; answers after `delayMs`. */
interface EffectServer {
  url: string;
  requests: string[];
  effects: Map<string, number>;
  delayMs: number;
  close(): Promise<void>;
}

async function startEffectServer(): Promise<EffectServer> {
  const state = { requests: [] as string[], effects: new Map<string, number>(), delayMs: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      state.requests.push(key);
      // The effect happens once per key, however often the request arrives.
      if (!state.effects.has(key)) state.effects.set(key, 1);
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ applied: state.effects.get(key) }));
      }, state.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    effects: state.effects,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

function definition(url: string, waitSeconds: number) {
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    triggers: { manual: { type: 'Request', kind: 'Http' } },
    actions: {
      Stamp: { type: 'Compose', inputs: '@guid()', runAfter: {} },
      Pause: { type: 'Wait', inputs: { interval: { count: waitSeconds, unit: 'Second' } }, runAfter: { Stamp: ['Succeeded'] } },
      Contain: { type: 'Http', inputs: { method: 'POST', uri: `${url}/contain`, body: { stamp: "@outputs('Stamp')" } }, runAfter: { Pause: ['Succeeded'] } },
      Done: { type: 'Compose', inputs: "@body('Contain')", runAfter: { Contain: ['Succeeded'] } },
    },
    outputs: { stamp: { type: 'String', value: "@outputs('Stamp')" }, applied: { type: 'Int', value: "@body('Contain')?['applied']" } },
  };
}

interface Entry {
  name: string;
  status: string;
  startTime?: string;
  endTime?: string;
  outputs?: unknown;
}

function journal(dir: string): Entry[] {
  try {
    const db = new Database(join(dir, 'runs.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT doc FROM run_actions ORDER BY rowid').pluck().all() as string[]).map((d) => JSON.parse(d) as Entry);
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

async function waitFor(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts `riposte run` in the background and kills it with SIGKILL once `killWhen` holds. */
async function runAndKill(file: string, dir: string, killWhen: () => boolean, what: string): Promise<void> {
  const child = spawn(process.execPath, [cli, 'run', file, '--data', dir, '--json'], { cwd: root, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
  try {
    await waitFor(killWhen, what);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
}

async function resume(dir: string): Promise<{ code: number; runs: Array<{ status: string; outputs: Record<string, unknown>; actions: Record<string, Entry> }> }> {
  const { stdout, code } = await execFileP(process.execPath, [cli, 'resume', '--data', dir, '--json'], { cwd: root }).then(
    (r) => ({ stdout: r.stdout, code: 0 }),
    (e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }),
  );
  return { code, runs: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

let server: EffectServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startEffectServer();
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workspace(waitSeconds: number): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-crash-'));
  dirs.push(dir);
  const file = join(dir, 'playbook.json');
  writeFileSync(file, JSON.stringify(definition(server.url, waitSeconds)));
  return { dir, file };
}

describe('kill -9 and resume', () => {
  it('a run killed in the middle of a Wait resumes, waits out the rest and calls out once', async () => {
    server.delayMs = 0;
    const { dir, file } = workspace(2);
    await runAndKill(file, dir, () => journal(dir).some((e) => e.name === 'Pause' && e.status === 'Waiting'), 'the Wait to start');
    const before = journal(dir);
    expect(before.find((e) => e.name === 'Contain')).toBeUndefined();
    const stamp = before.find((e) => e.name === 'Stamp')!;

    const { code, runs } = await resume(dir);
    expect(code).toBe(0);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('Succeeded');
    // Stamp had completed: it was not recomputed (a new guid would differ).
    expect(runs[0].outputs.stamp).toBe(stamp.outputs);
    expect(runs[0].outputs.applied).toBe(1);
    const after = journal(dir);
    expect(after.find((e) => e.name === 'Stamp')).toEqual(stamp);
    const keys = server.requests.filter((k) => k.endsWith('/Contain'));
    expect(keys).toHaveLength(1);
    expect(server.effects.get(keys[0])).toBe(1);
  });

  it('a run killed while its Http call is in flight resumes and retries with the same Idempotency-Key; the effect applies once', async () => {
    server.delayMs = 60_000;
    const { dir, file } = workspace(1);
    const seen = server.requests.length;
    await runAndKill(file, dir, () => server.requests.length > seen, 'the Http call to arrive');
    const before = journal(dir);
    const pause = before.find((e) => e.name === 'Pause')!;
    expect(pause.status).toBe('Succeeded');
    const firstKey = server.requests[seen];

    server.delayMs = 0;
    const { code, runs } = await resume(dir);
    expect(code).toBe(0);
    expect(runs[0].status).toBe('Succeeded');
    const retried = server.requests.slice(seen);
    expect(retried).toEqual([firstKey, firstKey]);
    expect(server.effects.get(firstKey)).toBe(1);
    expect(runs[0].outputs.applied).toBe(1);
    // The Wait that had completed is not waited again: its journal entry is untouched.
    expect(journal(dir).find((e) => e.name === 'Pause')).toEqual(pause);
  });

  it('resume with nothing unfinished says so and exits 0', async () => {
    const { dir } = workspace(0);
    const db = new Database(join(dir, 'runs.db'));
    db.close();
    const { stdout } = await execFileP(process.execPath, [cli, 'resume', '--data', dir], { cwd: root }).catch((e) => e);
    expect(String(stdout)).toContain('no unfinished runs');
  });
});
