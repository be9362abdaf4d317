/**
 * Durable runs per second: a 10-action playbook (variables, If, Foreach, Compose, two Http calls to
 * a local server) on the SQLite run store (WAL, synchronous=NORMAL), many runs in flight at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowRuntime, type WorkflowDefinition } from '@riposte/engine';
import { SqliteRunStore } from '../packages/server/src/store/run-store-sqlite.ts';
import { profiled } from './profile.ts';

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

function playbook(url: string): WorkflowDefinition {
  return {
    actions: {
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'hosts', type: 'array', value: [] }] } },
      Severity: { type: 'Compose', inputs: "@toUpper(triggerBody()?['severity'])", runAfter: { Init: ['Succeeded'] } },
      Enrich: { type: 'Http', inputs: { method: 'POST', uri: `${url}/enrich`, body: { id: "@triggerBody()?['id']" } }, runAfter: { Severity: ['Succeeded'] } },
      Is_high: {
        type: 'If',
        expression: { and: [{ equals: ["@outputs('Severity')", 'HIGH'] }] },
        runAfter: { Enrich: ['Succeeded'] },
        actions: { Flag: { type: 'Compose', inputs: 'escalate' } },
        else: { actions: { Ignore: { type: 'Compose', inputs: 'ignore' } } },
      },
      Each_host: {
        type: 'Foreach',
        foreach: "@triggerBody()?['hosts']",
        runAfter: { Is_high: ['Succeeded'] },
        actions: { Add: { type: 'AppendToArrayVariable', inputs: { name: 'hosts', value: '@item()' } } },
      },
      Contain: { type: 'Http', inputs: { method: 'POST', uri: `${url}/contain`, body: "@variables('hosts')" }, runAfter: { Each_host: ['Succeeded'] } },
      Summary: { type: 'Compose', inputs: { enriched: "@body('Enrich')", contained: "@outputs('Contain')?['statusCode']" }, runAfter: { Contain: ['Succeeded'] } },
    },
    outputs: { summary: { type: 'Object', value: "@outputs('Summary')" } },
  };
}

/** Prints durable runs per second of the playbook above. */
export async function benchRuns(): Promise<void> {
  // The called service runs in its own process (the second core), as a real one would.
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    server.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    server.once('exit', () => reject(new Error('bench server exited')));
  });
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-runs-'));
  const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
  const runtime = new WorkflowRuntime({ store });
  const definition = playbook(url);
  const trigger = { id: 1, severity: 'high', hosts: ['a', 'b'] };
  const inFlight = Number(process.env.BENCH_RUNS_CONCURRENCY ?? 200);

  const runBatch = async (total: number): Promise<number> => {
    let started = 0;
    let failed = 0;
    const worker = async () => {
      while (started < total) {
        started++;
        const r = await runtime.run({ definition, triggerBody: trigger });
        if (r.status !== 'Succeeded') failed++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return failed;
  };

  await runBatch(500); // warm-up: JIT, connection pool, statement cache
  const total = Number(process.env.BENCH_RUNS ?? 5_000);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const failed = await profiled('runs', () => runBatch(total));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // Runs per CPU-second tells what one core sustains when the machine is busy with other work.
  console.log(
    `runs: ${(total / seconds).toFixed(0)} durable runs/s (${(total / cpuSeconds).toFixed(0)} per CPU-second; ${total} runs of 10 actions incl. 2 Http ` +
      `to a server in another process, ${inFlight} in flight, SQLite WAL; ${failed} not Succeeded)`,
  );
  await store.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
