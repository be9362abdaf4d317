/**
 * Get-VirusTotalIPReport, imported unchanged from the corpus and run by hand, against
 * testing/fake-api.ts standing in for VirusTotal's API v3 (the real service cannot be reached here).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { corpusRunApp, type CorpusRunApp } from '../../testing/corpus-connector-run.ts';
import { compromisedAccountAlert } from '../../e2e/response-fixture.ts';
import { virusTotalIpReport } from './virustotal.test-support.ts';

const KEY = 'vt-corpus-key-canary-2f90';
let api: FakeApi;
let env: CorpusRunApp;
beforeEach(async () => {
  [api, env] = await Promise.all([startFakeApi(), corpusRunApp()]);
  await env.connect('virustotal', 'virustotal', { apiKey: KEY, baseUrl: api.url });
});
afterEach(async () => {
  await Promise.all([env.close(), api.stop()]);
});

it('the entity playbook imports with nothing missing, reads the IP report (connectorV2 path) and comments its numbers on the incident', async () => {
  api.on('GET', '/api/v3/ip_addresses/203.0.113.7', { body: virusTotalIpReport('203.0.113.7', -12) });
  const playbook = await env.importPlaybook('Get-VirusTotalIPReport__entity-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(compromisedAccountAlert('203.0.113.7'));

  // What Sentinel hands an entity trigger: the entity and the incident it was picked from.
  const run = await env.runByHand(playbook.id, { triggerBody: { Entity: { kind: 'Ip', properties: { Address: '203.0.113.7' } }, IncidentArmID: incidentId } });
  expect(run.status).toBe('Succeeded');
  expect(api.requests.map((r) => [r.path, r.headers['x-apikey']])).toEqual([['/api/v3/ip_addresses/203.0.113.7', KEY]]);
  const incident = (await env.t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}`, headers: env.t.as('reader') })).json();
  const comment = (incident.comments as Array<{ message: string }>).map((c) => c.message).join('\n');
  expect(comment).toContain('VirusTotal report for IP: 203.0.113.7');
  expect(comment).toMatch(/Malicious: <\/strong><strong>4</);
  expect(comment).toMatch(/Reputation: <\/strong><strong>-12</);
  expect(comment).toContain('Example Hosting');
});

it('the incident playbook still needs azureloganalyticsdatacollector, and nothing else', async () => {
  const playbook = await env.importPlaybook('Get-VirusTotalIPReport__incident-trigger.json');
  expect([...new Set((playbook.missingOperations as Array<{ api: string; method: string; path: string }>).map((m) => `${m.api} ${m.method.toUpperCase()} ${m.path}`))]).toEqual([
    'azureloganalyticsdatacollector POST /api/logs',
  ]);
});
