/**
 * AbuseIPDB-EnrichIncidentByIPInfo, imported unchanged from the corpus and run by hand on an
 * incident, against testing/fake-api.ts standing in for AbuseIPDB's API v2 (it cannot be reached here).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { corpusRunApp, type CorpusRunApp } from '../../testing/corpus-connector-run.ts';
import { compromisedAccountAlert } from '../../e2e/response-fixture.ts';

const KEY = 'abuseipdb-corpus-key-canary-6d1';
let api: FakeApi;
let env: CorpusRunApp;
beforeEach(async () => {
  [api, env] = await Promise.all([startFakeApi(), corpusRunApp()]);
});
afterEach(async () => {
  await Promise.all([env.close(), api.stop()]);
});

it('AbuseIPDB-EnrichIncidentByIPInfo imports with nothing missing, checks each IP of the incident and comments a table of the results', async () => {
  api.on('GET', '/check', (req) => ({
    body: { data: { ipAddress: req.query.get('ipAddress'), isPublic: true, ipVersion: 4, isWhitelisted: false, abuseConfidenceScore: 87, isp: 'Example Hosting', usageType: 'Data Center/Web Hosting/Transit', hostnames: [], totalReports: 41, numDistinctUsers: 12, lastReportedAt: '2026-11-28T21:04:11+00:00' } },
  }));
  // The playbook reaches AbuseIPDB through a custom API whose $connections key is "AbuseIPDBAPI".
  await env.connect('abuseipdbapi', 'abuseipdbapi', { apiKey: KEY, baseUrl: api.url });
  const playbook = await env.importPlaybook('AbuseIPDB-EnrichIncidentByIPInfo__incident-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(compromisedAccountAlert('203.0.113.7'));

  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status).toBe('Succeeded');
  expect(api.requests.map((r) => [r.path, Object.fromEntries(r.query), r.headers.key])).toEqual([['/check', { ipAddress: '203.0.113.7', maxAgeInDays: '30' }, KEY]]);
  const incident = (await env.t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}`, headers: env.t.as('reader') })).json();
  const comment = (incident.comments as Array<{ message: string }>).map((c) => c.message).join('\n');
  expect(comment).toContain('AbuseIPDB IP Checking Results');
  expect(comment).toMatch(/<td>203\.0\.113\.7<\/td>/);
  expect(comment).toMatch(/<td>87<\/td>/);
});
