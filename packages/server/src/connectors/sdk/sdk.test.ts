import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConnectorRegistry, type ConnectorRequest } from '@riposte/engine';
import { BadRequestError, NotFoundError } from '../../common/errors.ts';
import { ConnectorError, defineConnection, defineConnector, defineOperation, describeConnector, ok } from './index.ts';

const connection = defineConnection({
  schema: z.object({ baseUrl: z.string().url(), token: z.string().min(1) }),
  secrets: ['token'],
});

const greet = defineOperation({
  id: 'greeter.greet',
  summary: 'Greets someone',
  method: 'post',
  path: '/greet/{lang}',
  permission: 'connectors.greeter.greet',
  effect: 'notify',
  connection,
  body: z.object({ Name: z.string().min(1), Tags: z.array(z.object({ Value: z.string() })).optional() }),
  output: z.object({ greeting: z.string() }),
  async execute({ body, settings, pathParams }) {
    if (body.Name === 'boom') throw new ConnectorError('UpstreamFailure', `upstream ${settings.baseUrl} refused token ${settings.token}`);
    if (body.Name === 'crash') throw new Error(`crashed with ${settings.token}`);
    if (body.Name === 'rule') throw new BadRequestError(`closing needs a classification (${settings.token})`, '/classification');
    if (body.Name === 'gone') throw new NotFoundError('incident', '7');
    return ok({ greeting: `${pathParams.lang}: hello ${body.Name}` });
  },
});

const greeter = defineConnector({ api: 'greeter', displayName: 'Greeter', connection, operations: [greet] });

function request(body: unknown, settings: Record<string, unknown> = { baseUrl: 'https://example.test', token: 'tok-canary-123456' }): ConnectorRequest {
  return {
    connection: { name: 'greeter', api: 'greeter', settings },
    method: 'post',
    path: '/greet/en',
    pathParams: { lang: 'en' },
    queries: {},
    headers: {},
    body,
    idempotencyKey: 'k',
    runId: 'r',
    actionName: 'a',
    signal: new AbortController().signal,
  };
}

describe('defineOperation', () => {
  it('runs execute with validated body, settings and path params', async () => {
    const res = await greet.execute(request({ Name: 'Ada' }));
    expect(res).toEqual({ statusCode: 200, body: { greeting: 'en: hello Ada' } });
  });

  it('refuses an invalid body with 400 naming the field as a JSON pointer', async () => {
    const res = await greet.execute(request({ Name: 'Ada', Tags: [{ Value: 3 }] }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/Tags/0/Value' } });
    expect((res.body as { error: { message: string } }).error.message).toMatch(/^\/body\/Tags\/0\/Value: .*string/);
  });

  it('refuses a missing body field', async () => {
    const res = await greet.execute(request({}));
    expect(res.body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/Name' } });
  });

  it('refuses incomplete connection settings without showing their values', async () => {
    const res = await greet.execute(request({ Name: 'Ada' }, { baseUrl: 'not a url', token: 'tok-canary-123456' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'InvalidConnection', field: '/connection/settings/baseUrl' } });
    expect(JSON.stringify(res)).not.toContain('tok-canary-123456');
  });

  it('turns a ConnectorError into its status and masks credentials in the message', async () => {
    const res = await greet.execute(request({ Name: 'boom' }));
    expect(res.statusCode).toBe(502);
    expect(res.body).toMatchObject({ error: { code: 'UpstreamFailure' } });
    expect(JSON.stringify(res)).not.toContain('tok-canary-123456');
    expect(JSON.stringify(res)).toContain('https://example.test');
  });

  it('turns an unexpected error into 500 ConnectorFailure, masked', async () => {
    const res = await greet.execute(request({ Name: 'crash' }));
    expect(res).toEqual({ statusCode: 500, body: { error: { code: 'ConnectorFailure', message: 'crashed with ***' } } });
  });

  it("turns a refusal of Riposte's own rules (ApiError) into its 4xx, which retry policies leave alone, masked", async () => {
    expect(await greet.execute(request({ Name: 'rule' }))).toEqual({
      statusCode: 400,
      body: { error: { code: 'InvalidInput', message: 'closing needs a classification (***)' } },
    });
    expect(await greet.execute(request({ Name: 'gone' }))).toEqual({ statusCode: 404, body: { error: { code: 'NotFound', message: "incident '7' was not found" } } });
  });

  it('describes its inputs and outputs as JSON schema', () => {
    expect(greet.inputSchema).toMatchObject({
      type: 'object',
      required: ['body'],
      properties: { body: { type: 'object', required: ['Name'], properties: { Name: { type: 'string' } } } },
    });
    expect(greet.outputSchema).toMatchObject({ properties: { greeting: { type: 'string' } } });
  });

  it('refuses a changing operation without state access', () => {
    expect(() =>
      defineOperation({ id: 'x.change', summary: 's', method: 'post', path: '/x', permission: 'p', effect: 'change', execute: async () => ok() }),
    ).toThrow(/read and restore/);
  });
});

describe('defineConnector', () => {
  it('is dispatched by the engine registry like any connector', async () => {
    const registry = new ConnectorRegistry().register(greeter);
    const found = registry.resolve('greeter', 'POST', '/greet/fr');
    expect(found?.operation.id).toBe('greeter.greet');
    expect(found?.pathParams).toEqual({ lang: 'fr' });
  });

  it('refuses two operations on the same route', () => {
    expect(() => defineConnector({ api: 'greeter', displayName: 'G', operations: [greet, { ...greet, id: 'greeter.other', path: '/greet/{x}' }] })).toThrow(/two operations/);
  });

  it('describes itself as data, secrets named', () => {
    const d = describeConnector(greeter);
    expect(d.connection?.secrets).toEqual(['token']);
    expect(d.operations[0]).toMatchObject({ id: 'greeter.greet', permission: 'connectors.greeter.greet', effect: 'notify', reversible: false });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
