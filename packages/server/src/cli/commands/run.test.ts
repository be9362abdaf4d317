import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const cli = join(root, 'packages/server/bin/riposte.js');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'riposte-run-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function riposte(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [cli, ...args], { cwd: root }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const schema = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

describe.concurrent('riposte run', () => {
  it('prints a readable summary with each action, and takes --param values', async () => {
    const wf = file('ok.json', {
      $schema: schema,
      parameters: { n: { type: 'Int', defaultValue: 1 } },
      triggers: { manual: { type: 'Request', kind: 'Http' } },
      actions: { Double: { type: 'Compose', inputs: "@mul(parameters('n'), 2)", runAfter: {} } },
      outputs: { d: { type: 'Int', value: "@outputs('Double')" } },
    });
    const { code, stdout } = await riposte('run', wf, '--param', 'n=21');
    expect(code).toBe(0);
    expect(stdout).toMatch(/: Succeeded/);
    expect(stdout).toMatch(/Double\s+Succeeded/);
    expect(stdout).toContain('"d":42');
  });

  it('exits 2 with /pointer: message lines for an invalid definition', async () => {
    const wf = file('bad.json', { $schema: schema, triggers: {}, actions: { A: { type: 'Compose', inputs: 1, runAfter: { Missing: ['Succeeded'] } } } });
    const { code, stdout } = await riposte('run', wf, '--json');
    expect(code).toBe(2);
    expect(stdout).toMatch(/^\/actions\/A\/runAfter[^:]*: /m);
  });

  it('exits 2 for a missing file, a trigger that is not JSON, and a parameter of the wrong type', async () => {
    expect((await riposte('run', join(dir, 'nope.json'))).code).toBe(2);
    const wf = file('p.json', { $schema: schema, parameters: { n: { type: 'Int' } }, triggers: {}, actions: {} });
    const badTrigger = file('t.json', '{not json');
    const t = await riposte('run', wf, '--trigger', badTrigger, '--param', 'n=1');
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--trigger/);
    const p = await riposte('run', wf, '--param', 'n=abc');
    expect(p.code).toBe(2);
  });

  it('keeps the journal in --data and exits 1 for a run that failed', async () => {
    const wf = file('fail.json', { $schema: schema, triggers: {}, actions: { A: { type: 'Compose', inputs: '@div(1, 0)', runAfter: {} } } });
    const data = join(dir, 'data');
    const { code, stdout } = await riposte('run', wf, '--json', '--data', data);
    expect(code).toBe(1);
    const printed = JSON.parse(stdout);
    expect(printed.status).toBe('Failed');
    expect(printed.actions.A.error.code).toBe('InvalidTemplate');
    const resumed = await riposte('resume', '--data', data);
    expect(resumed.stdout).toContain('no unfinished runs');
  });
});
