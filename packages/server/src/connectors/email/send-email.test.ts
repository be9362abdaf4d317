import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry, MemoryRunStore, WorkflowRuntime, type ConnectorRequest } from '@riposte/engine';
import { startTestSmtpServer, type TestSmtpServer } from '../../testing/smtp.ts';
import { MemoryConnectionStorage } from '../secrets/connection-storage.ts';
import { withVaultConnections } from '../secrets/connection-dispatch.ts';
import { ConnectionVault } from '../secrets/connection-vault.ts';
import { newSecretKey } from '../secrets/secret-key.ts';
import { office365Connector, sendEmailV1, sendEmailV2, sharedMailboxSendEmailV2 } from './index.ts';
import { corpusDir } from '../../../../../test-support/corpus.ts';

const CANARY = 'canary-smtp-pw-5e1d';
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer({ auth: { user: 'soc', pass: CANARY }, refuseRecipients: ['gone@example.com'] });
});
afterAll(() => smtp.stop());

function settings(extra: Record<string, unknown> = {}) {
  return { host: smtp.host, port: smtp.port, secure: false, user: 'soc', password: CANARY, from: 'Riposte SOC <soc@example.com>', ...extra };
}

function request(body: unknown, extra: Partial<ConnectorRequest> = {}, s: Record<string, unknown> = settings()): ConnectorRequest {
  return {
    connection: { name: 'office365', api: 'office365', settings: s },
    method: 'post',
    path: '/v2/Mail',
    pathParams: {},
    queries: {},
    headers: {},
    body,
    idempotencyKey: `run-1/Send_email/${Math.random()}`,
    runId: 'run-1',
    actionName: 'Send_email',
    signal: new AbortController().signal,
    ...extra,
  };
}

describe('office365 Send an email (V2)', () => {
  it('delivers recipients, subject, HTML body, importance and attachment bytes', async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    const before = smtp.messages.length;
    const res = await sendEmailV2.execute(
      request({
        To: 'alice@example.com; Bob <bob@example.com>',
        Cc: 'carol@example.com',
        Bcc: 'audit@example.com',
        Subject: 'Incident 42: user disabled',
        Body: '<p>User <b>jdoe</b> was disabled.</p>',
        Importance: 'High',
        Attachments: [
          { Name: 'report.pdf', ContentBytes: pdf.toString('base64') },
          { Name: 'notes.txt', ContentBytes: { '$content-type': 'text/plain', $content: Buffer.from('hello').toString('base64') } },
        ],
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ accepted: ['alice@example.com', 'bob@example.com', 'carol@example.com', 'audit@example.com'], rejected: [] });
    const [mail] = await smtp.waitForMessages(before + 1).then((m) => m.slice(before));
    expect(mail.subject).toBe('Incident 42: user disabled');
    expect(mail.from?.value).toEqual([{ address: 'soc@example.com', name: 'Riposte SOC' }]);
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a!.value.map((v) => v.address))).toEqual(['alice@example.com', 'bob@example.com']);
    expect((Array.isArray(mail.cc) ? mail.cc : [mail.cc]).flatMap((a) => a!.value.map((v) => v.address))).toEqual(['carol@example.com']);
    expect(mail.bcc).toBeUndefined();
    expect(smtp.envelopes[before]).toEqual({ from: 'soc@example.com', to: ['alice@example.com', 'bob@example.com', 'carol@example.com', 'audit@example.com'], user: 'soc' });
    expect(mail.html).toContain('<p>User <b>jdoe</b> was disabled.</p>');
    expect(mail.headers.get('priority')).toBe('high');
    expect(mail.attachments.map((a) => [a.filename, a.content.toString('hex')])).toEqual([
      ['report.pdf', pdf.toString('hex')],
      ['notes.txt', Buffer.from('hello').toString('hex')],
    ]);
  });

  it('uses one Message-ID per run step, so a resend is recognisable', async () => {
    const before = smtp.messages.length;
    const body = { To: 'a@example.com', Subject: 's', Body: 'b' };
    await sendEmailV2.execute(request(body, { idempotencyKey: 'run-9/Notify' }));
    await sendEmailV2.execute(request(body, { idempotencyKey: 'run-9/Notify' }));
    const [a, b] = (await smtp.waitForMessages(before + 2)).slice(before);
    expect(a.messageId).toBe(b.messageId);
    expect(a.messageId).toMatch(/@riposte\.invalid>$/);
  });

  it('refuses a bad body naming the field, and sends nothing', async () => {
    const before = smtp.messages.length;
    const cases: Array<[unknown, string]> = [
      [{ Subject: 's', Body: 'b' }, '/body/To'],
      [{ To: 'alice@example.com; not-an-address', Subject: 's' }, '/body/To'],
      [{ To: 'a@example.com', Subject: 's', Importance: 'Urgent' }, '/body/Importance'],
      [{ To: 'a@example.com', Subject: 's', Attachments: [{ Name: 'x', ContentBytes: 'not base64!' }] }, '/body/Attachments/0/ContentBytes'],
    ];
    for (const [body, field] of cases) {
      const res = await sendEmailV2.execute(request(body));
      expect(res.statusCode, field).toBe(400);
      expect(res.body, field).toMatchObject({ error: { code: 'InvalidInput', field } });
    }
    expect(smtp.messages.length).toBe(before);
  });

  it('reports a refused login as 401 without the password', async () => {
    const res = await sendEmailV2.execute(request({ To: 'a@example.com', Subject: 's' }, {}, settings({ password: 'wrong-password-123' })));
    expect(res.statusCode).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'Unauthorized' } });
    expect(JSON.stringify(res)).not.toContain('wrong-password-123');
  });

  it('reports a recipient the server refuses as a 400 on /body/To', async () => {
    const res = await sendEmailV2.execute(request({ To: 'gone@example.com', Subject: 's' }));
    expect(res).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidInput', field: '/body/To' } } });
  });

  it('reports an unreachable server as a retryable 502', async () => {
    const { freePort } = await import('../../testing/free-port.ts');
    const res = await sendEmailV2.execute(request({ To: 'a@example.com', Subject: 's' }, {}, settings({ port: await freePort(), timeoutSeconds: 5 })));
    expect(res.statusCode).toBe(502);
    expect(JSON.stringify(res)).not.toContain(CANARY);
  });

  it('refuses a connection without SMTP settings, naming the setting', async () => {
    const res = await sendEmailV2.execute(request({ To: 'a@example.com', Subject: 's' }, {}, { port: 25 }));
    expect(res).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidConnection', field: '/connection/settings/host' } } });
  });
});

describe('office365 shared mailbox and older Send an email', () => {
  it('sends from the shared mailbox on behalf of the connection', async () => {
    const before = smtp.messages.length;
    const res = await sharedMailboxSendEmailV2.execute(request({ MailboxAddress: 'soc-shared@example.com', To: 'a@example.com', Subject: 'shared', Body: '<i>x</i>' }, { path: '/v2/SharedMailbox/Mail' }));
    expect(res.statusCode).toBe(200);
    const mail = (await smtp.waitForMessages(before + 1))[before];
    expect(mail.from?.value[0].address).toBe('soc-shared@example.com');
    expect(mail.headers.get('sender')).toMatchObject({ value: [{ address: 'soc@example.com' }] });
  });

  it('sends plain text unless IsHtml', async () => {
    const before = smtp.messages.length;
    await sendEmailV1.execute(request({ To: 'a@example.com', Subject: 'v1', Body: '<b>literal</b>' }, { path: '/Mail' }));
    const mail = (await smtp.waitForMessages(before + 1))[before];
    expect(mail.text?.trim()).toBe('<b>literal</b>');
    expect(mail.html).toBe(false);
  });
});

describe('office365 in a playbook run', () => {
  it('a Sentinel-style ApiConnection action sends through the vault connection; the password never reaches history', async () => {
    const vault = new ConnectionVault({ storage: new MemoryConnectionStorage(), key: newSecretKey(), specFor: (api) => (api === 'office365' ? office365Connector.connection : undefined) });
    await vault.put('office365', { api: 'office365', settings: settings() });
    const store = new MemoryRunStore();
    const runtime = new WorkflowRuntime({ store, connectors: withVaultConnections(new ConnectorRegistry().register(office365Connector), vault) });
    const before = smtp.messages.length;
    const result = await runtime.run({
      definition: {
        parameters: { $connections: { type: 'Object', defaultValue: {} } },
        actions: {
          'Send_an_email_(V2)': {
            type: 'ApiConnection',
            inputs: {
              host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } },
              method: 'post',
              path: '/v2/Mail',
              body: { To: "@triggerBody()?['owner']", Subject: "Incident @{triggerBody()?['number']}", Body: "<p>@{triggerBody()?['title']}</p>", Importance: 'Normal' },
            },
          },
        },
      },
      triggerBody: { owner: 'lead@example.com', number: 7, title: 'Compromised account' },
      parameters: { $connections: { office365: { connectionId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/connections/office365', id: '/subscriptions/s/providers/Microsoft.Web/locations/w/managedApis/office365' } } },
    });
    const history = await runtime.history(result.runId);
    expect(history.actions[0]).toMatchObject({ status: 'Succeeded' });
    const mail = (await smtp.waitForMessages(before + 1))[before];
    expect(mail.subject).toBe('Incident 7');
    expect(mail.html).toContain('<p>Compromised account</p>');
    expect(JSON.stringify(history)).not.toContain(CANARY);
  });
});

describe('corpus compatibility', () => {
  it('knows every body field the corpus playbooks send to /v2/Mail', () => {
    const file = `${corpusDir}/sentinel-playbooks/Block-AADUser__incident-trigger.json`;
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const bodies: Array<Record<string, unknown>> = [];
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) return o.forEach(walk);
      if (!o || typeof o !== 'object') return;
      const inputs = (o as { inputs?: { path?: unknown; body?: unknown } }).inputs;
      if (inputs?.path === '/v2/Mail' && inputs.body && typeof inputs.body === 'object') bodies.push(inputs.body as Record<string, unknown>);
      Object.values(o).forEach(walk);
    };
    walk(JSON.parse(text));
    expect(bodies.length).toBeGreaterThan(0);
    const known = Object.keys((sendEmailV2.inputSchema.properties as { body: { properties: Record<string, unknown> } }).body.properties);
    for (const body of bodies) for (const key of Object.keys(body)) expect(known).toContain(key);
  });
});

describe('office365 egress', () => {
  it('sends to a mail host name through the checked address, and refuses one that resolves to a metadata address', async () => {
    const { createEmailConnector } = await import('./index.ts');
    const connector = createEmailConnector({
      lookup: async (host) => {
        if (host === 'mail.test') return [{ address: '127.0.0.1', family: 4 }];
        if (host === 'imds.test') return [{ address: '169.254.169.254', family: 4 }];
        throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
    });
    const op = connector.operations.find((o) => o.id === 'office365.sendEmailV2')!;
    const before = smtp.messages.length;
    expect((await op.execute(request({ To: 'a@example.com', Subject: 'via name' }, {}, settings({ host: 'mail.test' })))).statusCode).toBe(200);
    expect((await smtp.waitForMessages(before + 1))[before].subject).toBe('via name');
    const refused = await op.execute(request({ To: 'a@example.com', Subject: 's' }, {}, settings({ host: 'imds.test' })));
    expect(refused).toMatchObject({ statusCode: 403, body: { error: { code: 'EgressRefused' } } });
    const unknown = await op.execute(request({ To: 'a@example.com', Subject: 's' }, {}, settings({ host: 'nowhere.test' })));
    expect(unknown.statusCode).toBe(502);
    expect(smtp.messages.length).toBe(before + 1);
  });
});
