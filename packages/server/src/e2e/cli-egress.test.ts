import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const cli = join(root, 'packages/server/bin/riposte.js');
const dir = mkdtempSync(join(tmpdir(), 'riposte-cli-egress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('riposte run sends Http actions through the egress policy', () => {
  it('refuses the cloud metadata address: the action fails with 403 EgressRefused and the run exits 1', async () => {
    const file = join(dir, 'metadata.json');
    writeFileSync(
      file,
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        triggers: { manual: { type: 'Request', kind: 'Http' } },
        actions: { Metadata: { type: 'Http', runAfter: {}, inputs: { method: 'GET', uri: 'http://169.254.169.254/latest/meta-data/' } } },
      }),
    );
    const result = await promisify(execFile)(process.execPath, [cli, 'run', file, '--json'], { cwd: root }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(result.code).toBe(1);
    const run = JSON.parse(result.stdout) as { actions: Record<string, { status: string; outputs?: { statusCode: number; body: unknown } }> };
    const action = run.actions.Metadata!;
    expect(action.status).toBe('Failed');
    expect(action.outputs?.statusCode).toBe(403);
    expect(JSON.stringify(action.outputs?.body)).toContain('EgressRefused');
  });
});
