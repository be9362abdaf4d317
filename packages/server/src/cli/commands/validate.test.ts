import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/riposte.js', import.meta.url));
const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'validate', ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const trigger = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const valid = { triggers: trigger, actions: { A: { type: 'Compose', inputs: '@triggerBody()' } } };
const invalid = {
  triggers: trigger,
  actions: { A: { type: 'Compose', inputs: 1, runAfter: { Missing: ['Succeeded'] } }, B: { type: 'Frobnicate' } },
};
const arm = {
  parameters: { Name: { type: 'string' }, Repetitions: { type: 'int', defaultValue: 5 } },
  resources: [
    {
      type: 'Microsoft.Logic/workflows',
      name: "[parameters('Name')]",
      properties: {
        definition: {
          triggers: trigger,
          actions: {
            Loop: {
              type: 'Foreach',
              foreach: '@triggerBody()',
              actions: {},
              runtimeConfiguration: { concurrency: { repetitions: "[parameters('Repetitions')]" } },
            },
          },
        },
      },
    },
  ],
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'riposte-validate-'));
  writeFileSync(join(dir, 'valid.json'), JSON.stringify(valid));
  writeFileSync(join(dir, 'invalid.json'), JSON.stringify(invalid));
  writeFileSync(join(dir, 'arm.json'), JSON.stringify(arm));
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'folder', 'a-valid.json'), JSON.stringify(valid));
  writeFileSync(
    join(dir, 'folder', 'b-sentinel.json'),
    JSON.stringify({
      triggers: trigger,
      actions: {
        Comment: {
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['azuremonitorlogs']['connectionId']" } }, method: 'post', path: '/queryData' },
        },
        Code: { type: 'JavaScriptCode', inputs: { code: 'return 1;' } },
      },
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
    }),
  );
});

describe('riposte validate', () => {
  it('prints "valid" and exits 0 for a valid definition', async () => {
    expect(await run(join(dir, 'valid.json'))).toMatchObject({ code: 0, stdout: 'valid\n' });
  });

  it('prints one "/pointer: message" line per problem and exits 2', async () => {
    const { code, stdout } = await run(join(dir, 'invalid.json'));
    expect(code).toBe(2);
    expect(stdout.trimEnd().split('\n')).toEqual([
      "/actions/B/type: unknown action type 'Frobnicate'",
      "/actions/A/runAfter/Missing: runAfter names 'Missing', which is not an action beside 'A'",
    ]);
  });

  it('evaluates ARM templates with --param values', async () => {
    expect(await run(join(dir, 'arm.json'), '--param', 'Name=Playbook')).toMatchObject({ code: 0, stdout: 'valid\n' });
    const tooMany = await run(join(dir, 'arm.json'), '--param', 'Name=Playbook', '--param', 'Repetitions=80');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stdout).toBe(
      '/resources/0/properties/definition/actions/Loop/runtimeConfiguration/concurrency/repetitions: Foreach concurrency repetitions must be an integer from 1 to 50, got 80\n',
    );
  });

  it('treats a bad --param as a usage error (exit 2, no stack)', async () => {
    const { code, stderr } = await run(join(dir, 'arm.json'), '--param', 'NoEquals');
    expect(code).toBe(2);
    expect(stderr).toBe("riposte: --param expects name=value, got 'NoEquals'\n");
  });

  it('reports a folder: verdict per file and totals; only invalid files make it exit 2', async () => {
    const ok = await run('--report', join(dir, 'folder'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^a-valid\.json\s+valid$/m);
    expect(ok.stdout).toMatch(/^b-sentinel\.json\s+not runnable here$/m);
    expect(ok.stdout).toContain('missing connector operations: azuremonitorlogs post /queryData');
    expect(ok.stdout).toContain('action types not available: JavaScriptCode');
    expect(ok.stdout).toContain('Totals: 2 files: 1 valid, 0 invalid, 1 not runnable here');

    writeFileSync(join(dir, 'folder', 'c-invalid.json'), JSON.stringify(invalid));
    const bad = await run('--report', join(dir, 'folder'));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^c-invalid\.json\s+invalid$/m);
    expect(bad.stdout).toContain("    /actions/B/type: unknown action type 'Frobnicate'");
  });
});

describe('riposte validate against the product catalogue', () => {
  it('accepts the Sentinel operations the server runs on its own incidents', async () => {
    const file = join(dir, 'sentinel-comment.json');
    writeFileSync(
      file,
      JSON.stringify({
        triggers: {
          incident: {
            type: 'ApiConnectionWebhook',
            inputs: { host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } }, path: '/incident-creation', body: { callback_url: '@{listCallbackUrl()}' } },
          },
        },
        actions: {
          Comment: {
            type: 'ApiConnection',
            inputs: { host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } }, method: 'post', path: '/Incidents/Comment', body: { incidentArmId: "@triggerBody()?['object']?['id']", message: 'seen' } },
          },
        },
        parameters: { $connections: { type: 'Object', defaultValue: { azuresentinel: { id: '/subscriptions/s/providers/Microsoft.Web/locations/l/managedApis/azuresentinel', connectionId: 'c' } } } },
      }),
    );
    expect(await run(file)).toMatchObject({ code: 0, stdout: 'valid\n' });
  });
});
