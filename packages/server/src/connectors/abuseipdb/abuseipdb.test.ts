/**
 * The `abuseipdbapi` connector against testing/fake-api.ts, a local stand-in for AbuseIPDB's API v2
 * (the real service cannot be reached here): what is sent, what comes back, how failures read.
 */
import { describe, expect, it } from 'vitest';
import { useFakeApi } from '../../testing/use-fake-api.ts';
import { callOperation } from '../../testing/connector-call.ts';
import { describeConnector } from '../sdk/define-connector.ts';
import { createAbuseIpDbConnector } from './index.ts';

const KEY = 'abuseipdb-key-canary-8a61f3';
const abuse = createAbuseIpDbConnector();
const api = useFakeApi();

const checkData = (ip: string) => ({
  ipAddress: ip,
  isPublic: true,
  ipVersion: 4,
  isWhitelisted: false,
  abuseConfidenceScore: 87,
  countryCode: 'NL',
  usageType: 'Data Center/Web Hosting/Transit',
  isp: 'Example Hosting',
  domain: 'example.net',
  hostnames: [],
  totalReports: 41,
  numDistinctUsers: 12,
  lastReportedAt: '2026-11-28T21:04:11+00:00',
});
const settings = () => ({ apiKey: KEY, baseUrl: api.url });
const check = (queries: Record<string, unknown>, s: Record<string, unknown> = settings()) => callOperation(abuse, 'get', '/check', { settings: s, queries });

describe('abuseipdbapi GET /check', () => {
  it('asks AbuseIPDB API v2 with the Key header and the default maxAgeInDays, and answers its data', async () => {
    api.on('GET', '/check', (req) => ({ body: { data: checkData(req.query.get('ipAddress') ?? '') } }));
    const res = await check({ ipAddress: '203.0.113.7' });
    expect(res).toEqual({ statusCode: 200, body: { data: checkData('203.0.113.7') } });
    const sent = api.requests[0]!;
    expect(sent.headers.key).toBe(KEY);
    expect(sent.headers.accept).toBe('application/json');
    expect(Object.fromEntries(sent.query)).toEqual({ ipAddress: '203.0.113.7', maxAgeInDays: '30' });
  });

  it('passes the playbook’s maxAgeInDays and verbose on, and the connection’s default otherwise', async () => {
    api.on('GET', '/check', { body: { data: checkData('2001:db8::1') } });
    await check({ ipAddress: '2001:db8::1', maxAgeInDays: '90', verbose: true });
    await check({ ipAddress: '2001:db8::1' }, { ...settings(), maxAgeInDays: 7 });
    expect(api.requests.map((r) => Object.fromEntries(r.query))).toEqual([
      { ipAddress: '2001:db8::1', maxAgeInDays: '90', verbose: '' },
      { ipAddress: '2001:db8::1', maxAgeInDays: '7' },
    ]);
  });

  it('defaults to the real service', () => {
    const schema = describeConnector(abuse).connection!.schema as any;
    expect(schema.properties.baseUrl.default).toBe('https://api.abuseipdb.com/api/v2');
  });

  it('refuses a missing or bad IP and a bad age, naming the field, before calling AbuseIPDB', async () => {
    for (const [queries, field] of [
      [{}, '/queries/ipAddress'],
      [{ ipAddress: '203.0.113' }, '/queries/ipAddress'],
      [{ ipAddress: '203.0.113.7', maxAgeInDays: 400 }, '/queries/maxAgeInDays'],
    ] as const) {
      const res = await check(queries);
      expect(res.statusCode).toBe(400);
      expect((res.body as any).error).toMatchObject({ code: 'InvalidInput', field });
    }
    expect(api.requests).toHaveLength(0);
  });

  it('maps AbuseIPDB errors; the key never appears in a message', async () => {
    for (const [status, code, httpStatus] of [
      [401, 'Unauthorized', 401],
      [422, 'InvalidInput', 400],
      [429, 'UpstreamFailure', 429],
      [500, 'UpstreamFailure', 502],
    ] as const) {
      api.on('GET', '/check', { status, body: { errors: [{ detail: `Authentication failed for key ${KEY}`, status }] } });
      const res = await check({ ipAddress: '198.51.100.1' });
      expect([res.statusCode, (res.body as any).error.code]).toEqual([httpStatus, code]);
      expect((res.body as any).error.message).toContain('AbuseIPDB');
      expect(JSON.stringify(res.body)).not.toContain(KEY);
    }
  });

  it('describes the key as a secret and the check as a read', () => {
    const d = describeConnector(abuse);
    expect(d.connection?.secrets).toEqual(['apiKey']);
    expect(d.operations.map((o) => [o.method, o.path, o.effect])).toEqual([['get', '/check', 'read']]);
  });
});
