import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { startTestWebhookReceiver, type TestWebhookReceiver } from '../testing/webhook-receiver.ts';
import { freePort } from '../testing/free-port.ts';
import { adminKey, listeningServer, playbookConnections } from './response-fixture.ts';
import { databaseFiles } from '../testing/data-files.ts';

// One canary is the SMTP password and goes through secureData; characters that URL-encode and a
// length that is not a multiple of 3 make its encoded forms differ from the raw text.
const CANARY = 'Cnry-9f7e2a41+S3cr3t/Val=ue';
// The chat webhook's token lives only inside the webhook URL.
const HOOK_TOKEN = 'hooktok5b1d0c9e77aa4f21';
// A secret a playbook fetches (secure outputs) and passes on (secure inputs), as with a key vault.
const SECURE = 'SecureData+Canary/42e1f0=';

/** The canary as text may carry it: raw, URL-encoded, JSON-escaped, base64/base64url at any byte offset, hex. */
function forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out = new Set<string>([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), JSON.stringify(secret).slice(1, -1), bytes.toString('hex')]);
  for (let offset = 0; offset < 3; offset++) {
    // Inside a longer base64 text the secret's bytes are aligned at one of three offsets; the
    // characters that depend only on the secret are the ones between the first and last partial groups.
    const padded = Buffer.concat([Buffer.alloc(offset, 0x41), bytes]);
    for (const enc of ['base64', 'base64url'] as const) {
      const text = padded.toString(enc).replace(/=+$/, '');
      const start = Math.ceil((offset * 4) / 3);
      const end = Math.floor(((offset + bytes.length) * 4) / 3);
      out.add(text.slice(start + 1, end - 1));
    }
  }
  return [...out].filter((f) => f.length >= 8);
}
// A playbook's SecureString parameter value, and a SecureObject parameter's default.
const PARAM = 'Param-Canary/8d3b0f+Key=';
const PARAM_DEFAULT = 'ParamDefault+1a9c77e2/x';
const canaryForms = [...forms(CANARY), ...forms(HOOK_TOKEN), ...forms(SECURE), ...forms(PARAM), ...forms(PARAM_DEFAULT)];

function leaksIn(text: string): string[] {
  return canaryForms.filter((f) => text.includes(f));
}

describe('a canary secret in a connection and in secureData never leaves the vault', () => {
  let smtp: TestSmtpServer;
  let vendor: TestWebhookReceiver;
  let vendorApi: TestWebhookReceiver;
  let failingChat: TestWebhookReceiver;
  let paramReceiver: TestWebhookReceiver;
  let env: Awaited<ReturnType<typeof listeningServer>>;

  /** Every stored byte — riposte.db, runs.db, their WAL and shared memory — holds no form of the canary. */
  async function expectNoStoredLeak(): Promise<void> {
    await env.server.app.riposteAutomation.playbooks.runtime.flush();
    const files = databaseFiles(env.dataDir);
    expect(files).toEqual(expect.arrayContaining(['riposte.db', 'runs.db']));
    for (const file of files) expect(leaksIn(readFileSync(join(env.dataDir, file)).toString('latin1')), file).toEqual([]);
  }
  const logLines: string[] = [];
  const processOutput: string[] = [];
  const restore: Array<() => void> = [];

  beforeAll(async () => {
    // Capture everything the process prints while the server runs.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        processOutput.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
    [smtp, vendor, vendorApi, failingChat, paramReceiver] = await Promise.all([
      startTestSmtpServer({ auth: { user: 'soc', pass: CANARY } }),
      // A vault-like upstream that hands out a secret (secure outputs must hide it) ...
      startTestWebhookReceiver({ responseBody: JSON.stringify({ token: SECURE }) }),
      // ... and an API that refuses it, quoting it in its error (secure outputs again).
      startTestWebhookReceiver({ status: 401, responseBody: `invalid key ${SECURE}` }),
      // An upstream that puts the secrets into its error message.
      startTestWebhookReceiver({ status: 500, responseBody: `invalid_token: token ${HOOK_TOKEN} (password ${CANARY}) rejected` }),
      // The API a playbook calls with its secure parameters.
      startTestWebhookReceiver({ responseBody: JSON.stringify({ ok: true }) }),
    ]);
    env = await listeningServer({ logger: { level: 'trace', stream: { write: (line: string) => logLines.push(line) } } });
  });
  afterAll(async () => {
    await env?.close();
    await Promise.all([smtp?.stop(), vendor?.stop(), vendorApi?.stop(), failingChat?.stop(), paramReceiver?.stop()]);
    for (const r of restore) r();
  });

  it('keeps the values of a playbook\'s secure parameters encrypted at rest while its runs use them', async () => {
    const { call } = env;
    const responses: string[] = [];
    const record = async (method: string, path: string, body?: unknown) => {
      const res = await call(adminKey, method, path, body);
      responses.push(`${method} ${path} ${res.status} ${res.text}`);
      return res;
    };
    const definition = (version: string) => ({
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: version,
      parameters: {
        vendorKey: { type: 'SecureString' },
        vendorLogin: { type: 'SecureObject', defaultValue: { user: 'soc', password: PARAM_DEFAULT } },
        region: { type: 'String', defaultValue: 'eu' },
      },
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        // No secureData: the parameters alone are secured.
        Call_vendor: {
          runAfter: {},
          type: 'Http',
          inputs: { method: 'POST', uri: `${paramReceiver.url}/lookup`, headers: { 'X-Api-Key': "@parameters('vendorKey')" }, body: { key: "@parameters('vendorKey')", login: "@parameters('vendorLogin')", region: "@parameters('region')" } },
        },
        Fingerprint: { runAfter: { Call_vendor: ['Succeeded'] }, type: 'Compose', inputs: "@{length(parameters('vendorKey'))}-@{parameters('region')}" },
      },
      outputs: { fingerprint: { type: 'String', value: "@outputs('Fingerprint')" }, keyLength: { type: 'Int', value: "@length(parameters('vendorKey'))" } },
    });

    const created = await record('POST', '/api/playbooks', { name: 'Param-Canary', definition: definition('1.0.0.0'), parameters: { vendorKey: PARAM } });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id as string;
    const first = await record('POST', `/api/playbooks/${id}/runs`, { triggerBody: {}, wait: true });
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ status: 'Succeeded', outputs: { fingerprint: `${PARAM.length}-eu`, keyLength: PARAM.length } });
    // The run sent the clear values.
    expect(paramReceiver.received[0]!.headers['x-api-key']).toBe(PARAM);
    expect(paramReceiver.received[0]!.body).toEqual({ key: PARAM, login: { user: 'soc', password: PARAM_DEFAULT }, region: 'eu' });

    // A new version (ARM parameters-file form of the value) is sealed too, and runs with it.
    const replaced = await record('PUT', `/api/playbooks/${id}`, { definition: definition('2.0.0.0'), parameters: { vendorKey: { value: PARAM } } });
    expect(replaced.status, replaced.text).toBe(200);
    const second = await record('POST', `/api/playbooks/${id}/runs`, { triggerBody: {}, wait: true });
    expect(second.json).toMatchObject({ status: 'Succeeded', outputs: { keyLength: PARAM.length } });
    expect(paramReceiver.received[1]!.headers['x-api-key']).toBe(PARAM);

    const shown = await record('GET', `/api/playbooks/${id}`);
    expect(shown.json.parameters).toMatchObject({ vendorKey: { $redacted: true } });
    expect(shown.json.definition.parameters.vendorLogin.defaultValue).toEqual({ $redacted: true });
    expect((await record('GET', `/api/playbooks/${id}/versions`)).json.value).toHaveLength(2);
    for (const runId of [first.json.runId, second.json.runId]) {
      const run = await record('GET', `/api/runs/${runId}`);
      expect(run.status, run.text).toBe(200);
      expect(run.json.parameters).toMatchObject({ vendorKey: { $redacted: true }, vendorLogin: { $redacted: true }, region: 'eu' });
    }
    await record('GET', `/api/playbooks/${id}/runs`);
    await record('GET', '/api/audit?top=500');

    expect(responses.filter((r) => leaksIn(r).length > 0).map((r) => r.slice(0, 2000))).toEqual([]);
    expect(leaksIn(logLines.join(''))).toEqual([]);
    expect(leaksIn(processOutput.join(''))).toEqual([]);

    // Every stored byte: riposte.db (playbook_versions), runs.db (parameters, definition snapshot, action entries), their WAL and shared memory.
    await expectNoStoredLeak();
  });

  it('is in no API response, stored run history, log line, process output or error', async () => {
    const { call } = env;
    const responses: string[] = [];
    const get = async (path: string) => {
      const res = await call(adminKey, 'GET', path);
      responses.push(`${path} ${res.status} ${res.text}`);
      return res;
    };

    // Connections holding the canary; a refused one whose error would quote it.
    const put = async (name: string, body: unknown) => {
      const res = await call(adminKey, 'PUT', `/api/connections/${name}`, body);
      responses.push(`PUT ${name} ${res.status} ${res.text}`);
      return res;
    };
    expect((await put('office365', { api: 'office365', settings: { host: smtp.host, port: smtp.port, secure: false, user: 'soc', password: CANARY, from: 'soc@riposte.test' } })).status).toBe(201);
    expect((await put('slack', { api: 'slack', settings: { webhookUrl: `${failingChat.url}/services/T1/B1/${HOOK_TOKEN}` } })).status).toBe(201);
    const refused = await put('broken', { api: 'slack', settings: { webhookUrl: `not a url ${CANARY}` } });
    expect(refused.status).toBe(400);

    const closedPort = await freePort();
    const secure = { secureData: { properties: ['inputs', 'outputs'] } };
    const noRetry = { type: 'none' };
    const definition = {
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: '1.0.0.0',
      parameters: { $connections: { defaultValue: {}, type: 'Object' } },
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        Get_vendor_key: {
          runAfter: {},
          type: 'Http',
          inputs: { method: 'GET', uri: `${vendor.url}/secrets/vendor-key` },
          runtimeConfiguration: { secureData: { properties: ['outputs'] } },
        },
        Call_vendor: {
          runAfter: { Get_vendor_key: ['Succeeded'] },
          type: 'Http',
          inputs: { method: 'POST', uri: `${vendorApi.url}/lookup`, headers: { Authorization: "Bearer @{json(body('Get_vendor_key'))?['token']}" }, body: { apiKey: "@json(body('Get_vendor_key'))?['token']" }, retryPolicy: noRetry },
          runtimeConfiguration: secure,
        },
        Block_IP: {
          runAfter: { Call_vendor: ['Failed'] },
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['indicators']['connectionId']" } }, method: 'post', path: '/indicators', body: { action: 'block', networkIPv4: '198.51.100.9', expirationDateTime: '@{addDays(utcNow(), 1)}' } },
        },
        'Send_an_email_(V2)': {
          runAfter: { Block_IP: ['Succeeded'] },
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } }, method: 'post', path: '/v2/Mail', body: { To: 'ciso@riposte.test', Subject: 'canary run', Body: '<p>hello</p>' } },
        },
        Post_message: {
          runAfter: { 'Send_an_email_(V2)': ['Succeeded'] },
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['slack']['connectionId']" } }, method: 'post', path: '/chat.postMessage', queries: { channel: '#soc', text: 'canary' }, retryPolicy: noRetry },
        },
        Call_unreachable_vendor: {
          runAfter: { Post_message: ['Failed'] },
          type: 'Http',
          inputs: { method: 'GET', uri: `http://127.0.0.1:${closedPort}/lookup?key=@{encodeURIComponent(json(body('Get_vendor_key'))?['token'])}`, retryPolicy: noRetry },
          runtimeConfiguration: secure,
        },
      },
      outputs: {},
    };

    // An incident for the run to act on (ledger, timeline).
    const alert = await call(adminKey, 'POST', '/api/alerts', {
      providerAlertId: 'canary-1',
      serviceSource: 'microsoftDefenderForEndpoint',
      title: 'Canary incident',
      severity: 'medium',
      evidence: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', roles: [], ipAddress: '198.51.100.9' }],
    });
    expect(alert.status).toBe(201);
    const incidentId = alert.json.incidentId as string;

    const created = await call(adminKey, 'POST', '/api/playbooks', { name: 'Canary-Playbook', definition, parameters: playbookConnections });
    expect(created.status, created.text).toBe(201);
    const started = await call(adminKey, 'POST', `/api/playbooks/${created.json.id}/runs`, { incidentId, wait: true });
    responses.push(`run ${started.status} ${started.text}`);
    expect(started.status, started.text).toBeLessThan(300);
    const runId = (started.json.runId ?? started.json.run?.runId) as string;

    const run = await get(`/api/runs/${runId}`);
    const byName = Object.fromEntries((run.json.actions as Array<{ name: string; status: string }>).map((a) => [a.name, a.status]));
    // The run really used the secrets: the vendor got the bearer token, the SMTP login worked, the webhook was called.
    expect(byName).toMatchObject({ Get_vendor_key: 'Succeeded', Call_vendor: 'Failed', Block_IP: 'Succeeded', 'Send_an_email_(V2)': 'Succeeded', Post_message: 'Failed', Call_unreachable_vendor: 'Failed' });
    expect(vendorApi.received[0]!.headers.authorization).toBe(`Bearer ${SECURE}`);
    expect(smtp.envelopes[0]!.user).toBe('soc');
    expect(failingChat.received[0]!.path).toBe(`/services/T1/B1/${HOOK_TOKEN}`);

    for (const path of [
      '/api/connections',
      '/api/connections/office365',
      '/api/connections/slack',
      `/api/playbooks/${created.json.id}`,
      `/api/playbooks/${created.json.id}/runs`,
      `/api/runs/${runId}`,
      '/api/incidents',
      `/api/incidents/${incidentId}`,
      `/api/incidents/${incidentId}/timeline`,
      `/api/incidents/${incidentId}/ledger`,
      '/api/audit?top=500',
      '/api/indicators',
      '/graph/v1.0/security/incidents',
      '/graph/v1.0/security/alerts_v2',
    ]) {
      const res = await get(path);
      expect(res.status, `${path}: ${res.text}`).toBe(200);
    }
    // The response process and Graph's indicators, scanned too (routes of other parts; present in the server).
    for (const path of ['/api/approvals', '/api/change-requests', '/api/stakeholder-policies', '/api/assets', '/graph/beta/security/tiIndicators', `/api/incidents/${incidentId}/recovery`]) {
      const res = await get(path);
      expect(res.status, `${path}: ${res.text}`).toBe(200);
    }
    const ledger = responses.find((r) => r.startsWith(`/api/incidents/${incidentId}/ledger`))!;
    expect(ledger).toContain('198.51.100.9');

    // Upstream error messages carried the secrets; the failed actions' errors must not.
    const failed = JSON.stringify(run.json.actions.filter((a: { status: string }) => a.status === 'Failed'));
    expect(failed).toContain('***');

    expect(responses.filter((r) => leaksIn(r).length > 0).map((r) => r.slice(0, 2000))).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(leaksIn(logLines.join(''))).toEqual([]);
    expect(leaksIn(processOutput.join(''))).toEqual([]);

    // The stored run history and everything else in the data dir, read as raw bytes.
    await expectNoStoredLeak();
  });
});
