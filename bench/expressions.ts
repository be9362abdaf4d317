/**
 * Expression evaluation speed, Riposte beside jsonata on the same data in the same process:
 * (a) a property path, (b) a string template, (c) filter + map over 50 items — in workflow
 * terms a Query (Filter array) action and a Select action, which evaluate one compiled
 * expression per item, exactly as done here.
 */
import jsonata from 'jsonata';
import { compile, compileValue, type EvaluationContext, type WorkflowContext } from '@riposte/expressions';

const SEVERITIES = ['High', 'Medium', 'Low', 'Informational'];
const body = {
  object: { properties: { severity: 'High', title: 'Suspicious sign-in', incidentNumber: 4711 } },
  number: 4711,
  title: 'Suspicious sign-in',
  severity: 'High',
  items: Array.from({ length: 50 }, (_, i) => ({
    id: `alert-${i}`,
    title: `Alert ${i}`,
    severity: SEVERITIES[i % SEVERITIES.length],
    score: i,
  })),
};

let currentItem: unknown = null;
const workflow: WorkflowContext = {
  trigger: () => ({ name: 'manual', status: 'Succeeded', outputs: { headers: {}, body } }),
  action: () => undefined,
  variable: () => undefined,
  parameter: () => undefined,
  item: () => currentItem,
  iterationIndex: () => undefined,
  scopeResults: () => undefined,
  workflow: () => ({}),
  listCallbackUrl: () => '',
};
const ctx: EvaluationContext = {
  host: { now: () => new Date(0), random: () => 0, guid: () => '00000000-0000-0000-0000-000000000000' },
  workflow,
};

interface Case {
  name: string;
  riposte: () => unknown;
  jsonata: () => Promise<unknown>;
}

function cases(): Case[] {
  const path = compile("@triggerBody()?['object']?['properties']?['severity']");
  const pathJ = jsonata('object.properties.severity');

  const template = compile(
    "Incident @{triggerBody()?['number']} is @{triggerBody()?['title']} (@{triggerBody()?['severity']})",
  );
  const templateJ = jsonata('"Incident " & $string(number) & " is " & title & " (" & severity & ")"');

  const from = compile("@triggerBody()?['items']");
  const where = compile("@equals(item()?['severity'], 'High')");
  const select = compileValue({ id: "@item()?['id']", title: "@item()?['title']" });
  const filterMapJ = jsonata('items[severity = "High"].{"id": id, "title": title}');

  return [
    { name: 'property path', riposte: () => path.evaluate(ctx), jsonata: () => pathJ.evaluate(body) },
    { name: 'string template', riposte: () => template.evaluate(ctx), jsonata: () => templateJ.evaluate(body) },
    {
      name: 'filter+map (50 items)',
      riposte: () => {
        const out: unknown[] = [];
        for (const item of from.evaluate(ctx) as unknown[]) {
          currentItem = item;
          if (where.evaluate(ctx) === true) out.push(select.evaluate(ctx));
        }
        return out;
      },
      jsonata: () => filterMapJ.evaluate(body),
    },
  ];
}

/** Evaluations per second over about `ms` milliseconds, after a warm-up. */
async function rate(fn: () => unknown, ms: number): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn();
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) await fn();
    count += 200;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

export async function benchExpressions(): Promise<void> {
  console.log('expressions: evaluations per second (higher is better)');
  for (const c of cases()) {
    const same = JSON.stringify(c.riposte()) === JSON.stringify(await c.jsonata());
    const ours = await rate(c.riposte, 700);
    const theirs = await rate(c.jsonata, 700);
    console.log(
      `  ${c.name.padEnd(24)} riposte ${fmt(ours)}/s   jsonata ${fmt(theirs)}/s   ratio ${(ours / theirs).toFixed(1)}x` +
        (same ? '' : '   (results differ!)'),
    );
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(12);
}
