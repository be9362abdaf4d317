import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '@riposte/engine';
import { SecretRedactor } from '../connectors/secrets/index.ts';
import { registryRedactedBy, rememberUrlTokens, urlTokens } from './redacting-connectors.ts';

describe('tokens inside credential URLs', () => {
  it('finds the token segments of Slack and Teams webhook URLs and query keys, not the words around them', () => {
    expect(urlTokens('https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/xY9zAbCdEf1234567890abcd')).toEqual(['xY9zAbCdEf1234567890abcd']);
    const teams = 'https://contoso.webhook.office.com/webhookb2/6e1f1c2a-1b2c-4d3e-8f90-123456789abc@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/0123456789abcdef0123456789abcdef/1b2c3d4e-5f60-4a1b-9c8d-7e6f5a4b3c2d';
    expect(urlTokens(teams)).toContain('0123456789abcdef0123456789abcdef');
    expect(urlTokens(teams)).not.toContain('IncomingWebhook');
    expect(urlTokens('https://api.example.com/v1/lookup?key=k3y-0f-the-vendor&format=json')).toEqual(['k3y-0f-the-vendor']);
    expect(urlTokens('not a url')).toEqual([]);
  });

  it('teaches the redactor only the URLs of credential settings', () => {
    const redactor = new SecretRedactor();
    rememberUrlTokens(redactor, { webhookUrl: 'https://hooks.example.com/services/abc/tok3n0123456789zz', baseUrl: 'https://api.example.com/items/item0123456789ab' });
    expect(redactor.redact('refused tok3n0123456789zz and item0123456789ab')).toBe('refused *** and item0123456789ab');
  });
});

describe('registryRedactedBy', () => {
  it("masks every known credential in an operation's answer and in what it throws, keeping the error's class", async () => {
    class UpstreamError extends Error {
      code = 'UpstreamFailure';
    }
    const redactor = new SecretRedactor().add('other-connection-pa55word');
    let fail = false;
    const registry = new ConnectorRegistry().register({
      api: 'echo',
      displayName: 'Echo',
      operations: [
        {
          id: 'echo.say',
          summary: 'say',
          method: 'post',
          path: '/say',
          async execute() {
            if (fail) throw new UpstreamError('upstream said other-connection-pa55word');
            return { statusCode: 502, body: { error: { message: 'echoing other-connection-pa55word' } } };
          },
        },
      ],
    });
    const op = registryRedactedBy(registry, redactor).resolve('echo', 'post', '/say')!.operation;
    const req = { connection: { name: 'echo', api: 'echo', settings: {} }, method: 'post', path: '/say', pathParams: {}, queries: {}, headers: {}, body: null, idempotencyKey: 'k' } as never;
    expect(JSON.stringify(await op.execute(req))).toBe('{"statusCode":502,"body":{"error":{"message":"echoing ***"}}}');
    fail = true;
    const thrown = await op.execute(req).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UpstreamError);
    expect((thrown as Error).message).toBe('upstream said ***');
  });
});
