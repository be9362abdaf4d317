/**
 * The `virustotal` connector against testing/fake-api.ts, a local stand-in for VirusTotal's API v3
 * (the real service cannot be reached here): what is sent, what comes back, how failures read.
 */
import { describe, expect, it } from 'vitest';
import { useFakeApi } from '../../testing/use-fake-api.ts';
import { callOperation } from '../../testing/connector-call.ts';
import { describeConnector } from '../sdk/define-connector.ts';
import { createVirusTotalConnector } from './index.ts';
import { virusTotalIpReport } from './virustotal.test-support.ts';

const KEY = 'vt-apikey-canary-5e0b19d4';
const vt = createVirusTotalConnector();
const api = useFakeApi();

const settings = () => ({ apiKey: KEY, baseUrl: api.url });
const get = (path: string, s: Record<string, unknown> = settings()) => callOperation(vt, 'get', path, { settings: s });

describe('virustotal GET /api/v3/ip_addresses/{ip} and …/connectorV2/{ip}', () => {
  it('asks VirusTotal API v3 for the IP with x-apikey and answers its data, the same from both paths', async () => {
    api.on('GET', '/api/v3/ip_addresses/203.0.113.7', { body: virusTotalIpReport('203.0.113.7') });
    api.on('GET', `/api/v3/ip_addresses/${encodeURIComponent('2001:db8::7')}`, { body: virusTotalIpReport('2001:db8::7', 3) });
    const v1 = await get('/api/v3/ip_addresses/203.0.113.7');
    const v2 = await get('/api/v3/ip_addresses/connectorV2/203.0.113.7');
    expect(v1).toEqual({ statusCode: 200, body: virusTotalIpReport('203.0.113.7') });
    expect(v2).toEqual(v1);
    expect(api.requests.map((r) => [r.method, r.path, r.headers['x-apikey']])).toEqual([
      ['GET', '/api/v3/ip_addresses/203.0.113.7', KEY],
      ['GET', '/api/v3/ip_addresses/203.0.113.7', KEY],
    ]);
    // An IPv6 address arrives URL-encoded, as encodeURIComponent in the playbook's path leaves it.
    const v6 = await get(`/api/v3/ip_addresses/${encodeURIComponent('2001:db8::7')}`);
    expect((v6.body as any).data.attributes.reputation).toBe(3);
  });

  it('defaults to the real service', () => {
    const schema = describeConnector(vt).connection!.schema as any;
    expect(schema.properties.baseUrl.default).toBe('https://www.virustotal.com');
  });

  it('refuses what is not an IP address, naming the field, before calling VirusTotal', async () => {
    for (const bad of ['not-an-ip', '999.1.1.1', encodeURIComponent('../files/x'), encodeURIComponent('fe80::1%eth0')]) {
      const res = await get(`/api/v3/ip_addresses/connectorV2/${bad}`);
      expect(res.statusCode).toBe(400);
      expect((res.body as any).error).toMatchObject({ code: 'InvalidInput', field: '/path/ip' });
    }
    const noKey = await get('/api/v3/ip_addresses/203.0.113.7', { baseUrl: api.url });
    expect((noKey.body as any).error).toMatchObject({ code: 'InvalidConnection', field: '/connection/settings/apiKey' });
    expect(api.requests).toHaveLength(0);
  });

  it('maps VirusTotal errors; the key never appears in a message', async () => {
    for (const [status, code, httpStatus] of [
      [400, 'InvalidInput', 400],
      [401, 'Unauthorized', 401],
      [404, 'NotFound', 404],
      [429, 'UpstreamFailure', 429],
      [503, 'UpstreamFailure', 502],
    ] as const) {
      api.on('GET', '/api/v3/ip_addresses/198.51.100.1', { status, body: { error: { code: 'WrongCredentialsError', message: `Wrong API key ${KEY}` } } });
      const res = await get('/api/v3/ip_addresses/198.51.100.1');
      expect([res.statusCode, (res.body as any).error.code]).toEqual([httpStatus, code]);
      expect((res.body as any).error.message).toContain('VirusTotal');
      expect(JSON.stringify(res.body)).not.toContain(KEY);
    }
  });

  it('describes the key as a secret and both operations as reads', () => {
    const d = describeConnector(vt);
    expect(d.connection?.secrets).toEqual(['apiKey']);
    expect(d.operations.map((o) => [o.path, o.effect])).toEqual([
      ['/api/v3/ip_addresses/{ip}', 'read'],
      ['/api/v3/ip_addresses/connectorV2/{ip}', 'read'],
    ]);
  });
});
