/**
 * The corpus MDE playbooks imported unchanged and run by hand on an incident, against Defender for
 * Endpoint played by testing/fake-api.ts (fake-mde.test-support.ts): MDE cannot run here. The
 * isolation lands in the incident's change ledger and the lead-approved recovery releases the machine.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { settledRuns } from '../../automation/e2e.test-support.ts';
import { corpusRunApp, type CorpusRunApp } from '../../testing/corpus-connector-run.ts';
import { startFakeMde, type FakeMde } from './fake-mde.test-support.ts';

const ws042 = '1e5bc9d7e413ddd7902c2932e418702b84d0cc07';
const db1 = 'b7a0e1c2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8';
let mde: FakeMde;
let env: CorpusRunApp;
beforeEach(async () => {
  [mde, env] = await Promise.all([
    startFakeMde([
      { id: ws042, computerDnsName: 'ws-042.contoso.local', healthStatus: 'Active' },
      { id: db1, computerDnsName: 'srv-db-1.contoso.local', healthStatus: 'Active' },
    ]),
    corpusRunApp(),
  ]);
});
afterEach(async () => {
  await Promise.all([env.close(), mde.stop()]);
});

const malwareOn = (host: string, deviceId: string) => ({
  providerAlertId: `mde-corpus-${host}-${deviceId}`,
  serviceSource: 'microsoftDefenderForEndpoint',
  title: `Ransomware behaviour on ${host}`,
  severity: 'high',
  evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', hostName: host, deviceDnsName: `${host}.contoso.local`, mdeDeviceId: deviceId, roles: [], verdict: 'malicious' }],
});

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, role: 'admin' | 'responder' | 'reader' = 'responder') =>
  env.t.app.inject({ method, url, headers: env.t.as(role), ...(payload ? { payload } : {}) });

it('Isolate-MDEMachine (incident trigger) isolates the incident’s host found in MDE’s machine list; recovery releases it', async () => {
  await env.connect('wdatp', 'wdatp', mde.settings());
  const listed = (await api('GET', '/api/connections/wdatp', undefined, 'admin')).json();
  expect(listed.settings.clientSecret).toBe('***');
  const playbook = await env.importPlaybook('Isolate-MDEMachine__incident-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(malwareOn('ws-042', ws042));
  expect((await api('PATCH', `/api/incidents/${incidentId}`, { roles: { lead: 'test-responder' } }, 'admin')).statusCode).toBe(200);

  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status, JSON.stringify(run.actions.filter((a) => a.status === 'Failed'))).toBe('Succeeded');
  // One machine list, one isolation: ws-042 only (srv-db-1's name does not contain the host name).
  const posts = mde.calls().filter((c) => c.method === 'POST');
  expect(posts.map((c) => [c.path, c.body])).toEqual([[`/api/machines/${ws042}/isolate`, { Comment: 'Host is isolated by Microsoft Sentinel using playbook Isolate-MDE-machine-incidentTrigger', IsolationType: 'Full' }]]);
  expect(mde.calls().every((c) => c.headers.authorization === 'Bearer mde-token-1')).toBe(true);
  expect(run.actions.find((a) => a.name === 'Actions_-_Isolate_machine' && a.status === 'Succeeded')?.outputs?.body).toMatchObject({ type: 'Isolate', status: 'Pending', machineId: ws042 });
  const incident = (await api('GET', `/api/incidents/${incidentId}`, undefined, 'reader')).json();
  expect(incident.comments.map((c: { message: string }) => c.message)).toEqual(
    expect.arrayContaining([expect.stringContaining('Host- ws-042- is successfully isolated!'), expect.stringContaining('Host- ws-042- is not isolated!')]),
  );

  // The ledger recorded the machine as it was before and after.
  const ledger = (await api('GET', `/api/incidents/${incidentId}/ledger`, undefined, 'reader')).json().value;
  expect(ledger).toMatchObject([
    { operationId: 'wdatp.isolateMachine', status: 'applied', resource: { kind: 'mde-machine-isolation', id: ws042 }, beforeState: { machineId: ws042, isolated: false, isolationType: null }, afterState: { isolated: true, isolationType: 'Full' } },
  ]);
  expect(JSON.stringify(ledger)).not.toContain(mde.clientSecret);

  // MDE carries the isolation out; the lead approves the recovery, which releases the machine.
  mde.completeActions();
  const plan = await api('POST', `/api/incidents/${incidentId}/recovery`, {});
  expect(plan.statusCode, plan.body).toBe(201);
  expect(plan.json().steps[0]).toMatchObject({ conflict: false, restorable: true });
  expect((await api('POST', `/api/recovery/${plan.json().id}/approve`)).statusCode).toBe(200);
  const ran = await api('POST', `/api/recovery/${plan.json().id}/run`);
  expect(ran.json().report, ran.body).toMatchObject({ status: 'succeeded', counts: { restored: 1 } });
  const release = mde.calls().filter((c) => c.method === 'POST').at(-1)!;
  expect(release.path).toBe(`/api/machines/${ws042}/unisolate`);
  expect(mde.actions.map((a) => `${a.type}:${a.machineId}`)).toEqual([`Isolate:${ws042}`, `Unisolate:${ws042}`]);
});

it('Restrict-MDEAppExecution restricts the host by the MdatpDeviceId of its entity; recovery lifts it with unrestrictCodeExecution', async () => {
  await env.connect('wdatp', 'wdatp', mde.settings());
  const playbook = await env.importPlaybook('Restrict-MDEAppExecution__incident-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(malwareOn('srv-db-1', db1));
  expect((await api('PATCH', `/api/incidents/${incidentId}`, { roles: { lead: 'test-responder' } }, 'admin')).statusCode).toBe(200);

  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status, JSON.stringify(run.actions.filter((a) => a.status === 'Failed'))).toBe('Succeeded');
  expect(mde.calls().filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`/api/machines/${db1}/restrictCodeExecution`]);
  const incident = (await api('GET', `/api/incidents/${incidentId}`, undefined, 'reader')).json();
  expect(incident.comments.map((c: { message: string }) => c.message)).toEqual([expect.stringContaining('srv-db-1 was triggered for restrict app execution, the status is Pending')]);

  mde.completeActions();
  const plan = await api('POST', `/api/incidents/${incidentId}/recovery`, {});
  expect((await api('POST', `/api/recovery/${plan.json().id}/approve`)).statusCode).toBe(200);
  const ran = await api('POST', `/api/recovery/${plan.json().id}/run`);
  expect(ran.json().report, ran.body).toMatchObject({ status: 'succeeded', counts: { restored: 1 } });
  expect(mde.actions.map((a) => a.type)).toEqual(['RestrictCodeExecution', 'UnrestrictCodeExecution']);
});

it('Unisolate-MDEMachine (entity trigger) releases the machine by the entity’s MdatpDeviceId', async () => {
  await env.connect('wdatp', 'wdatp', mde.settings());
  const playbook = await env.importPlaybook('Unisolate-MDEMachine__entity-trigger.json');
  expect(playbook.missingOperations).toEqual([]);
  const incidentId = await env.incidentFrom(malwareOn('ws-042', ws042));
  const incident = (await api('GET', `/api/incidents/${incidentId}`, undefined, 'reader')).json();
  // The Sentinel entity trigger's body, as the playbook reads it (lower-case entity for the device, Entity for the name).
  const entity = { properties: { HostName: 'ws-042', additionalData: { MdatpDeviceId: ws042 } } };
  const run = await env.runByHand(playbook.id, { triggerBody: { entity, Entity: entity, IncidentArmID: incident.id } });
  expect(run.actions.find((a) => a.name === 'Actions_-_Unisolate_machine')).toMatchObject({ status: 'Succeeded' });
  expect(mde.calls().filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([[`/api/machines/${ws042}/unisolate`, { Comment: 'Host is unisolated from Microsoft Sentinel using playbook Unisolate-MDE-machine-entityTrigger.' }]]);
});

it('Isolate-MDEMachine (entity trigger, connection key "Wdatp") isolates the machine whose DNS name holds the entity’s host name', async () => {
  await env.connect('wdatp', 'wdatp', mde.settings());
  const playbook = await env.importPlaybook('Isolate-MDEMachine__entity-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(malwareOn('ws-042', ws042));
  const incident = (await api('GET', `/api/incidents/${incidentId}`, undefined, 'reader')).json();
  const run = await env.runByHand(playbook.id, { triggerBody: { Entity: { properties: { HostName: 'ws-042' } }, IncidentArmID: incident.id } });
  expect(run.status, JSON.stringify(run.actions.filter((a) => a.status === 'Failed'))).toBe('Succeeded');
  expect(mde.calls().filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`/api/machines/${ws042}/isolate`]);
});

it('Isolate-MDEMachine (alert trigger) runs on a new alert by itself and isolates the host by its MdatpDeviceId', async () => {
  await env.connect('wdatp', 'wdatp', mde.settings());
  const playbook = await env.importPlaybook('Isolate-MDEMachine__alert-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const { incidentId } = await env.alertFrom(malwareOn('srv-db-1', db1));
  const runs = await settledRuns(env.t, playbook.id);
  expect(runs.map((r) => r.status)).toEqual(['Succeeded']);
  expect(mde.calls().filter((c) => c.method === 'POST').map((c) => [c.path, (c.body as { IsolationType: string }).IsolationType])).toEqual([[`/api/machines/${db1}/isolate`, 'Full']]);
  const incident = (await api('GET', `/api/incidents/${incidentId}`, undefined, 'reader')).json();
  expect(incident.comments.map((c: { message: string }) => c.message)).toEqual([expect.stringContaining('srv-db-1 was isolated in MDE and the status was Pending')]);
});
