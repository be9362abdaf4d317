import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry, type ConnectorRequest, type ConnectorResponse } from '@riposte/engine';
import { startTestWebhookReceiver, type TestWebhookReceiver } from '../../testing/webhook-receiver.ts';
import { compileEgressPolicy } from '../http-egress/egress-policy.ts';
import type { EgressLookup } from '../http-egress/egress-dispatcher.ts';
import { createChatConnectors } from './index.ts';
import { corpusDir } from '../../../../../test-support/corpus.ts';

const TOKEN = 'canary-hook-token-91b2';
let hooks: TestWebhookReceiver;
let failing: TestWebhookReceiver;

// Fake DNS for host-name cases; nothing resolves through the system.
const lookup: EgressLookup = async (host) => {
  if (host === 'hooks.test') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'metadata-alias.test') return [{ address: '169.254.169.254', family: 4 }];
  throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

const { teams, slack } = createChatConnectors({ lookup });
const registry = new ConnectorRegistry().register(teams).register(slack);

beforeAll(async () => {
  hooks = await startTestWebhookReceiver();
  failing = await startTestWebhookReceiver({ status: (p) => Number(p.path.split('/').pop()) || 500, responseBody: 'nope' });
});
afterAll(async () => {
  await hooks.stop();
  await failing.stop();
});
beforeEach(() => {
  hooks.received.length = 0;
});

async function call(api: string, path: string, body: unknown, settings: Record<string, unknown>, queries: Record<string, unknown> = {}): Promise<ConnectorResponse> {
  const found = registry.resolve(api, 'post', path);
  if (!found) throw new Error(`no operation for ${api} ${path}`);
  const req: ConnectorRequest = {
    connection: { name: api, api, settings },
    method: 'post',
    path,
    pathParams: found.pathParams,
    queries,
    headers: {},
    body,
    idempotencyKey: `run-1/${api}`,
    runId: 'run-1',
    actionName: 'Post',
    signal: new AbortController().signal,
  };
  return found.operation.execute(req);
}

const card = { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'Incident 12 closed' }], actions: [] };

describe('teams', () => {
  it('posts an adaptive card (given as JSON text, as a Compose output is) to the channel\'s webhook', async () => {
    const settings = { webhookUrl: `${hooks.url}/default/${TOKEN}`, channels: { 'team-1/19:abc@thread.tacv2': `${hooks.url}/channel-abc/${TOKEN}` } };
    const res = await call('teams', '/v1.0/teams/conversation/adaptivecard/poster/Flow bot/location/Channel', { recipient: { groupId: 'team-1', channelId: '19:abc@thread.tacv2' }, messageBody: JSON.stringify(card) }, settings);
    expect(res).toMatchObject({ statusCode: 200, body: { id: 'run-1/teams', webhookStatus: 200 } });
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0].path).toBe(`/channel-abc/${TOKEN}`);
    expect(hooks.received[0].headers['content-type']).toBe('application/json');
    expect(hooks.received[0].body).toEqual({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] });
  });

  it('posts a message as an adaptive card by default and as a MessageCard when configured', async () => {
    const body = { recipient: { groupId: 'g', channelId: 'c' }, messageBody: '<p>User <b>jdoe</b> disabled</p>', subject: 'Containment' };
    await call('teams', '/beta/teams/conversation/message/poster/Flow bot/location/Channel', body, { webhookUrl: `${hooks.url}/a` });
    expect(hooks.received[0].body).toMatchObject({
      type: 'message',
      attachments: [{ content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Containment', weight: 'Bolder' }, { type: 'TextBlock', text: 'User **jdoe** disabled', wrap: true }] } }],
    });
    await call('teams', '/beta/teams/conversation/message/poster/User/location/Channel', body, { webhookUrl: `${hooks.url}/b`, format: 'messagecard' });
    expect(hooks.received[1].body).toEqual({ '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: 'Containment', title: 'Containment', text: '<p>User <b>jdoe</b> disabled</p>' });
  });

  it('posts a Flow bot channel notification, routing by the groupId query and channelId', async () => {
    const settings = { channels: { 'grp/chan': `${hooks.url}/routed` } };
    const res = await call('teams', '/flowbot/actions/notification/recipienttypes/channel', { messageTitle: 'Daily Budget Exceeded', messageBody: 'over budget', recipient: { channelId: 'chan' } }, settings, { groupId: 'grp' });
    expect(res.statusCode).toBe(200);
    expect(hooks.received[0].path).toBe('/routed');
    expect(hooks.received[0].body).toMatchObject({ attachments: [{ content: { body: [{ text: 'Daily Budget Exceeded' }, { text: 'over budget' }] } }] });
  });

  it('posts a V3 channel message, escaping text content', async () => {
    await call('teams', `/v3/beta/teams/${encodeURIComponent('team x')}/channels/${encodeURIComponent('19:c@thread')}/messages`, { body: { content: 'a <b> & c', contentType: 'text' } }, { webhookUrl: `${hooks.url}/default`, channels: { 'team x/19:c@thread': `${hooks.url}/v3` }, format: 'messagecard' });
    expect(hooks.received[0].path).toBe('/v3');
    expect(hooks.received[0].body).toMatchObject({ '@type': 'MessageCard', text: 'a &lt;b&gt; &amp; c' });
  });

  it('refuses bad input naming the field, and posts nothing', async () => {
    const settings = { webhookUrl: `${hooks.url}/x` };
    const path = '/v1.0/teams/conversation/adaptivecard/poster/Flow bot/location/Channel';
    expect((await call('teams', path, { recipient: { channelId: 'c' }, messageBody: '{not json' }, settings)).body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/messageBody' } });
    expect((await call('teams', path, { recipient: { channelId: 'c' }, messageBody: { type: 'MessageCard' } }, settings)).body).toMatchObject({ error: { field: '/body/messageBody' } });
    expect((await call('teams', path, { messageBody: card }, settings)).body).toMatchObject({ error: { field: '/body/recipient' } });
    expect((await call('teams', '/v1.0/teams/conversation/adaptivecard/poster/Flow bot/location/Mars', { recipient: { channelId: 'c' }, messageBody: card }, settings)).statusCode).toBe(400);
    expect((await call('teams', path, { recipient: { channelId: 'c' }, messageBody: card }, {})).body).toMatchObject({ error: { code: 'InvalidConnection', field: '/connection/settings/webhookUrl' } });
    expect(hooks.received).toHaveLength(0);
  });

  it('maps webhook answers: 5xx retryable 502, 429 kept, other 4xx a 400; the webhook URL never shows', async () => {
    const body = { recipient: { channelId: 'c' }, messageBody: 'hi' };
    const path = '/beta/teams/conversation/message/poster/Flow bot/location/Channel';
    const cases: Array<[number, number]> = [
      [503, 502],
      [429, 429],
      [400, 400],
    ];
    for (const [answer, expected] of cases) {
      const res = await call('teams', path, body, { webhookUrl: `${failing.url}/${TOKEN}/${answer}` });
      expect(res.statusCode, String(answer)).toBe(expected);
      expect(JSON.stringify(res)).not.toContain(TOKEN);
    }
  });
});

describe('slack', () => {
  it('posts {text, channel} from the query parameters the Logic Apps Slack connector sends', async () => {
    const res = await call('slack', '/chat.postMessage', undefined, { webhookUrl: `${hooks.url}/slack/${TOKEN}` }, { channel: '#soc', text: 'Incident 12: user disabled' });
    expect(res).toMatchObject({ statusCode: 200, body: { ok: true, channel: '#soc' } });
    expect(hooks.received[0].body).toEqual({ text: 'Incident 12: user disabled', channel: '#soc' });
  });

  it('posts blocks given as JSON text, routed by channel', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Incident 12*' } }];
    await call('slack', '/chat.postMessage', { channel: 'soc', text: 'Incident 12', blocks: JSON.stringify(blocks) }, { channels: { soc: `${hooks.url}/soc` } });
    expect(hooks.received[0].path).toBe('/soc');
    expect(hooks.received[0].body).toEqual({ text: 'Incident 12', blocks, channel: 'soc' });
  });

  it('refuses a message with neither text nor blocks', async () => {
    expect((await call('slack', '/chat.postMessage', undefined, { webhookUrl: `${hooks.url}/x` }, { channel: 'c' })).body).toMatchObject({ error: { field: '/queries/text' } });
    expect((await call('slack', '/chat.postMessage', { blocks: '[oops' }, { webhookUrl: `${hooks.url}/x` })).body).toMatchObject({ error: { field: '/body/blocks' } });
  });
});

describe('chat egress', () => {
  const path = '/beta/teams/conversation/message/poster/Flow bot/location/Channel';
  const body = { recipient: { channelId: 'c' }, messageBody: 'hi' };

  it('refuses a webhook host that resolves to the metadata address', async () => {
    const res = await call('teams', path, body, { webhookUrl: `http://metadata-alias.test:${new URL(hooks.url).port}/x` });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'EgressRefused' } });
    expect(hooks.received).toHaveLength(0);
  });

  it('refuses a webhook that redirects into 169.254.169.254', async () => {
    const server = createServer((_req, res) => res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const res = await call('slack', '/chat.postMessage', undefined, { webhookUrl: `http://127.0.0.1:${port}/hook` }, { text: 'x' });
      expect(res).toMatchObject({ statusCode: 403, body: { error: { code: 'EgressRefused' } } });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('applies the connection\'s own allow list and the installation policy', async () => {
    const viaName = { webhookUrl: `http://hooks.test:${new URL(hooks.url).port}/named` };
    expect((await call('teams', path, body, { ...viaName, egress: { allow: ['*.example.com'] } })).statusCode).toBe(403);
    expect((await call('teams', path, body, { ...viaName, egress: { allow: ['hooks.test'] } })).statusCode).toBe(200);
    expect(hooks.received.map((p) => p.path)).toEqual(['/named']);
    const strict = createChatConnectors({ lookup, egress: compileEgressPolicy({ allowLoopback: false }) });
    const op = strict.teams.operations.find((o) => o.id === 'teams.postMessageToConversation')!;
    const res = await op.execute({ connection: { name: 't', api: 'teams', settings: { webhookUrl: `${hooks.url}/x`, egress: { allowLoopback: true } } }, method: 'post', path, pathParams: { poster: 'Flow bot', location: 'Channel' }, queries: {}, headers: {}, body, idempotencyKey: 'k', runId: 'r', actionName: 'a', signal: new AbortController().signal });
    expect(res.statusCode).toBe(403);
  });
});

describe('corpus compatibility', () => {
  it('every teams and slack operation of the corpus playbooks resolves to an operation', () => {
    const files = ['sentinel-playbooks/Notify-IncidentClosed__incident-trigger.json', 'sentinel-playbooks/Notify-Owner__incident-trigger.json', 'sentinel-playbooks/Send-IngestionCostAlert__recurrence.json', 'sentinel-playbooks/Post-Message-Teams__alert-trigger.json', 'logicapps-templates/templates__slack-tweet.json'];
    let checked = 0;
    for (const f of files) {
      const json: unknown = JSON.parse(readFileSync(`${corpusDir}/${f}`, 'utf8').replace(/^\uFEFF/, ''));
      const walk = (o: unknown): void => {
        if (Array.isArray(o)) return o.forEach(walk);
        if (!o || typeof o !== 'object') return;
        const action = o as { type?: string; inputs?: { path?: string; method?: string } };
        if (action.type === 'ApiConnection' && typeof action.inputs?.path === 'string' && /teams|flowbot|chat\.postMessage/.test(action.inputs.path)) {
          const api = action.inputs.path.includes('chat.postMessage') ? 'slack' : 'teams';
          // ARM concat() paths are resolved at deployment; the runtime-evaluated form is what is matched.
          const path = action.inputs.path.startsWith('[') ? '/v3/beta/teams/t/channels/c/messages' : action.inputs.path.replace(/@\{encodeURIComponent\('([^']*)'\)\}/g, (_m, v: string) => encodeURIComponent(v));
          expect(registry.resolve(api, action.inputs.method ?? 'post', path), `${f}: ${path}`).toBeDefined();
          checked++;
        }
        Object.values(o).forEach(walk);
      };
      walk(json);
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
