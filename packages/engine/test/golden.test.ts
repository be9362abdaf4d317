/**
 * Golden playbooks: each folder of test/golden holds definition.json, trigger.json and
 * expected.json. Each runs end to end through `riposte run --json`; the printed run must contain
 * expected.json (a subset match), and the exit code must follow the run's status. Definitions that
 * declare a `baseUrl` parameter get the address of a local test server (routes /echo, /status/<n>).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/runtime/test-server.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const cli = join(root, 'packages/server/bin/riposte.js');
const goldenDir = join(here, 'golden');
const run = promisify(execFile);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req) => {
    const status = /^\/status\/(\d{3})/.exec(req.url)?.[1];
    if (status) return { status: Number(status), body: { status: Number(status) } };
    const [, query = ''] = req.url.split('?');
    return { status: 200, body: { method: req.method, query, headers: req.headers, body: req.body ? JSON.parse(req.body) : null } };
  });
});
afterAll(() => server.close());

describe.concurrent('golden playbooks through riposte run --json', () => {
  for (const name of readdirSync(goldenDir)) {
    it(name, async () => {
      const folder = join(goldenDir, name);
      const definition = JSON.parse(readFileSync(join(folder, 'definition.json'), 'utf8'));
      const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8'));
      const args = [cli, 'run', join(folder, 'definition.json'), '--trigger', join(folder, 'trigger.json'), '--json'];
      if (definition.parameters?.baseUrl) args.push('--param', `baseUrl=${server.url}`);
      const { stdout, code } = await run(process.execPath, args, { cwd: root }).then(
        (r) => ({ stdout: r.stdout, code: 0 }),
        (e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }),
      );
      const printed = JSON.parse(stdout);
      expect(printed).toMatchObject(expected);
      expect(code).toBe(printed.status === 'Succeeded' ? 0 : 1);
    });
  }
});
