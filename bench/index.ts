/**
 * `npm run bench`: every benchmark, in order, each in a fresh Node process (one bench's heap, JIT
 * state and open handles do not weigh on the next). Add new ones to this list.
 * `node --import tsx bench/index.ts graph-query runs` runs only those (benchGraphQuery → graph-query).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchExpressions } from './expressions.ts';
import { benchGraphQuery } from './graph-query.ts';
import { benchIngest } from './ingest.ts';
import { benchRuns } from './runs.ts';
import { benchTriggerLatency } from './trigger-latency.ts';
import { benchWebhookPlaybook } from './webhook-playbook.ts';

const benches: Array<() => Promise<void>> = [benchExpressions, benchRuns, benchGraphQuery, benchIngest, benchTriggerLatency, benchWebhookPlaybook];

const nameOf = (bench: () => Promise<void>) => bench.name.replace(/^bench/, '').replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());
const args = process.argv.slice(2);
const inProcess = args[0] === '--in-process';
const wanted = inProcess ? args.slice(1) : args;
const unknown = wanted.filter((w) => !benches.some((b) => nameOf(b) === w));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (known: ${benches.map(nameOf).join(', ')})`);
  process.exit(2);
}
const selected = benches.filter((b) => wanted.length === 0 || wanted.includes(nameOf(b)));

if (inProcess) {
  for (const bench of selected) await bench();
} else {
  let failed = 0;
  for (const bench of selected) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--in-process', nameOf(bench)], { stdio: 'inherit' });
    if (child.status !== 0) failed++;
  }
  if (failed > 0) process.exit(1);
}
