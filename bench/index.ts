/** `npm run bench`: every benchmark, in order. Add new ones to this list. */
import { benchExpressions } from './expressions.ts';
import { benchRuns } from './runs.ts';
import { benchGraphQuery } from './graph-query.ts';
import { benchIngest } from './ingest.ts';
import { benchTriggerLatency } from './trigger-latency.ts';
import { benchWebhookPlaybook } from './webhook-playbook.ts';

const benches: Array<() => Promise<void>> = [benchExpressions, benchRuns, benchGraphQuery, benchIngest, benchTriggerLatency, benchWebhookPlaybook];

// `node --import tsx bench/index.ts graph-query runs` runs only those (benchGraphQuery → graph-query).
const wanted = process.argv.slice(2);
const nameOf = (bench: () => Promise<void>) => bench.name.replace(/^bench/, '').replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());
for (const bench of benches) if (wanted.length === 0 || wanted.includes(nameOf(bench))) await bench();
