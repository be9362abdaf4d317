import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConnectorRegistry, MemoryRunStore, WorkflowRuntime, type ConnectorRequest } from '@riposte/engine';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { conversionServiceConnector } from './index.ts';

const corpus = JSON.parse(readFileSync(pathToFileURL(`${corpusDir}/sentinel-playbooks/CreateIncident-SharedMailbox__mail-polling-trigger.json`), 'utf8')) as unknown;

function corpusAction(name: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === name && v && typeof v === 'object' && !Array.isArray(v) && 'type' in v) found = v as Record<string, unknown>;
      walk(v);
    }
  };
  walk(corpus);
  if (!found) throw new Error(`corpus action ${name} not found`);
  return found;
}

function request(body: unknown): ConnectorRequest {
  return {
    connection: { name: 'conversionservice', api: 'conversionservice' },
    method: 'post',
    path: '/html2text',
    pathParams: {},
    queries: {},
    headers: {},
    body,
    idempotencyKey: 'k',
    runId: 'run-1',
    actionName: 'Html_to_text',
    signal: new AbortController().signal,
  };
}

const registry = new ConnectorRegistry().register(conversionServiceConnector);
const operation = registry.resolve('conversionservice', 'post', '/html2text')!.operation;

describe('conversionservice Html to text', () => {
  it('answers the plain text of the HTML body as text/plain', async () => {
    const res = await operation.execute(request('<p>Hello <b>SOC</b>&nbsp;team<br>line two</p>'));
    expect(res).toMatchObject({ statusCode: 200, body: 'Hello SOC team\nline two', headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });

  it('reads base64 content and an empty body', async () => {
    const $content = Buffer.from('<div>a &amp; b</div>').toString('base64');
    expect((await operation.execute(request({ '$content-type': 'text/html', $content }))).body).toBe('a & b');
    expect(await operation.execute(request(null))).toMatchObject({ statusCode: 200, body: '' });
  });

  it('refuses a body that is neither HTML text nor content, naming the field', async () => {
    expect(await operation.execute(request({ html: '<p>x</p>' }))).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidInput', field: '/body/$content' } } });
    expect(await operation.execute(request({ $content: 'not base64!' }))).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidInput', field: '/body/$content' } } });
  });

  it('runs CreateIncident-SharedMailbox\'s conversion, and its incident fields split out of the text', async () => {
    const runtime = new WorkflowRuntime({ store: new MemoryRunStore(), connectors: registry });
    const createIncident = corpusAction('Create_incident') as { inputs: { body: unknown } };
    const definition = {
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
      actions: {
        Email_body_to_text: corpusAction('Email_body_to_text'),
        Incident_fields: { runAfter: { Email_body_to_text: ['Succeeded'] }, type: 'Compose', inputs: createIncident.inputs.body },
      },
      outputs: { fields: { type: 'Object', value: "@outputs('Incident_fields')" } },
    };
    const parameters = {
      $connections: { conversionservice: { connectionId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/connections/conversionservice', id: '/subscriptions/s/providers/Microsoft.Web/locations/x/managedApis/conversionservice' } },
    };
    // An Outlook-style HTML mail as the shared mailbox trigger hands it over.
    const mail =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>p{margin:0}</style></head><body>' +
      '<div>Incident title: Suspicious <b>sign-in</b></div><div>Incident Description: Login from 198.51.100.7 &amp; TOR</div>' +
      '<div>Incident Severity: High</div><div>Incident Status: New</div><div>Incident tag: mailbox</div>' +
      '<div>Assign Incident: Yes</div><div>Assign Incident to: analyst@riposte.test</div></body></html>';
    const result = await runtime.run({ definition, parameters, triggerBody: { body: mail } } as unknown as Parameters<WorkflowRuntime['run']>[0]);
    expect(result.status).toBe('Succeeded');
    expect(result.outputs.fields).toEqual({
      title: 'Suspicious sign-in',
      description: 'Login from 198.51.100.7 & TOR',
      severity: 'High',
      status: 'New',
      tagsToAdd: { TagsToAdd: [{ Tag: 'mailbox' }] },
      ownerAction: 'Yes',
      owner: ' analyst@riposte.test',
    });
  });
});
