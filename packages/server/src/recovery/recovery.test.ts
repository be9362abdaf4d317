import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attribute, Change, Client } from 'ldapts';
import { ConnectorRegistry } from '@riposte/engine';
import { azureAdDirectoryConnector, directoryConnector } from '../connectors/directory/index.ts';
import { blockList } from '../connectors/indicators/block-lists.ts';
import { indicatorsConnector, openSqliteIndicatorStore, type IndicatorStore } from '../connectors/indicators/index.ts';
import { riposteConnector } from '../connectors/riposte/index.ts';
import { defaultTree, startTestDirectory, type TestDirectory } from '../testing/slapd.ts';
import { call, connection, recoveryFixture, type RecoveryFixture } from './test-fixture.ts';

describe('containment and recovery against a real OpenLDAP and the indicator block list', () => {
  let dir: TestDirectory;
  let f: RecoveryFixture;
  let indicators: IndicatorStore;
  let groups: string;

  beforeAll(async () => {
    const tree = defaultTree();
    const base = tree[0]!.dn;
    // bob stays in vpn-users so alice can leave it (groupOfNames needs a member).
    tree.find((e) => e.dn.startsWith('cn=vpn-users'))!.attributes.member = [`uid=alice,ou=people,${base}`, `uid=bob,ou=people,${base}`];
    dir = await startTestDirectory({ entries: tree });
    groups = `ou=groups,${dir.baseDn}`;
    indicators = openSqliteIndicatorStore({ path: ':memory:' });
    f = await recoveryFixture((recovery) =>
      new ConnectorRegistry().register(directoryConnector).register(azureAdDirectoryConnector).register(indicatorsConnector({ store: indicators })).register(riposteConnector(recovery)),
    );
  });
  afterAll(async () => {
    await f?.close();
    await indicators?.close();
    await dir?.stop();
  });

  const directorySettings = () => ({ url: dir.url, bindDn: dir.adminDn, bindPassword: dir.adminPassword, baseDn: dir.baseDn, profile: 'openldap-ppolicy', userIdAttribute: 'uid' });
  const connections = () => ({ directory: connection('directory', directorySettings()), indicators: connection('indicators') });
  const as = (role: 'responder' | 'admin' | 'reader') => f.t.as(role);
  const post = (url: string, role: 'responder' | 'admin' | 'reader' = 'responder', payload: object = {}) => f.t.app.inject({ method: 'POST', url, headers: as(role), payload });

  async function canBind(uid: string): Promise<boolean> {
    const client = new Client({ url: dir.url });
    try {
      await client.bind(`uid=${uid},ou=people,${dir.baseDn}`, `${uid}-password`);
      return true;
    } catch {
      return false;
    } finally {
      await client.unbind().catch(() => {});
    }
  }

  async function readUser(uid: string) {
    const client = new Client({ url: dir.url });
    try {
      await client.bind(dir.adminDn, dir.adminPassword);
      const dn = `uid=${uid},ou=people,${dir.baseDn}`;
      const { searchEntries } = await client.search(dir.baseDn, { filter: `(member=${dn})`, attributes: ['dn'] });
      const { searchEntries: self } = await client.search(dn, { scope: 'base', attributes: ['pwdAccountLockedTime'] });
      return { groups: searchEntries.map((e) => e.dn).sort(), locked: ([] as unknown[]).concat(self[0]?.pwdAccountLockedTime ?? []).length > 0 };
    } finally {
      await client.unbind().catch(() => {});
    }
  }

  const containment = (uid: string, ip: string) => ({
    Disable_user: call('directory', 'post', `/users/${uid}/disable`),
    Remove_from_finance: call('directory', 'post', `/users/${uid}/removeFromGroups`, { groups: ['finance'] }, ['Disable_user']),
    Remove_from_vpn: call('directory', 'post', `/users/${uid}/removeFromGroups`, { groups: ['vpn-users'] }, ['Remove_from_finance']),
    Block_IP: call('indicators', 'post', '/indicators', { action: 'block', networkIPv4: ip, threatType: 'C2', expirationDateTime: '2099-01-01T00:00:00Z', description: 'attacker address' }, ['Remove_from_vpn']),
  });

  it('records the containment in the ledger, shows the dry run, needs the lead, and restores every resource to its before-state', async () => {
    const before = await readUser('alice');
    expect(before).toEqual({ groups: [`cn=finance,${groups}`, `cn=vpn-users,${groups}`], locked: false });
    const incident = await f.incident('alice@riposte.test', '203.0.113.66');

    const run = await f.runFor(incident.id, containment('alice', '203.0.113.66'), connections());
    expect(run.status).toBe('Succeeded');
    expect(await canBind('alice')).toBe(false);
    expect(await readUser('alice')).toEqual({ groups: [], locked: true });
    expect(blockList(await indicators.list(), 'ipv4', new Date())).toContain('203.0.113.66');

    const ledger = (await f.t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}/ledger`, headers: as('reader') })).json().value;
    expect(ledger.map((e: { operationId: string; status: string }) => `${e.operationId}:${e.status}`)).toEqual([
      'directory.disableUser:applied',
      'directory.removeFromGroups:applied',
      'directory.removeFromGroups:applied',
      'indicators.submit:applied',
    ]);
    expect(ledger[0].beforeState).toMatchObject({ enabled: true, lock: { pwdAccountLockedTime: null } });
    expect(ledger[1].beforeState).toEqual({ dn: `uid=alice,ou=people,${dir.baseDn}`, groups: [`cn=finance,${groups}`, `cn=vpn-users,${groups}`] });
    expect(ledger[2].beforeState).toEqual({ dn: `uid=alice,ou=people,${dir.baseDn}`, groups: [`cn=vpn-users,${groups}`] });
    expect(ledger[3].beforeState).toBeNull();
    expect(JSON.stringify(ledger)).not.toContain(dir.adminPassword);

    // Dry run: newest change first, current → restored, nothing changes.
    const dry = await post(`/api/incidents/${incident.id}/recovery/plan`, 'reader');
    expect(dry.statusCode).toBe(200);
    const diff = dry.json().diff;
    expect(diff.map((d: { resource: { kind: string } }) => d.resource.kind)).toEqual(['indicator', 'ldap-group-membership', 'ldap-group-membership', 'ldap-user']);
    expect(diff.every((d: { conflict: boolean }) => !d.conflict)).toBe(true);
    expect(diff[0]).toMatchObject({ current: { action: 'block', key: 'ipv4:203.0.113.66' }, restored: null });
    expect(diff[1]).toMatchObject({ current: { groups: [] }, restored: { groups: [`cn=vpn-users,${groups}`] } });
    expect(diff[2]).toMatchObject({ current: { groups: [`cn=vpn-users,${groups}`] }, restored: { groups: [`cn=finance,${groups}`, `cn=vpn-users,${groups}`] } });
    expect(diff[3]).toMatchObject({ current: { enabled: false }, restored: { enabled: true } });
    expect(await canBind('alice')).toBe(false);

    const view0 = (await f.t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: as('reader') })).json();
    const created = await post(`/api/incidents/${incident.id}/recovery`);
    expect(created.statusCode).toBe(201);
    const planId = created.json().id as string;
    expect(created.json().status).toBe('awaiting-approval');

    expect((await post(`/api/recovery/${planId}/run`)).json().error.code).toBe('Conflict');
    const byAdmin = await post(`/api/recovery/${planId}/approve`, 'admin');
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().error.message).toContain('lead');
    expect((await post(`/api/recovery/${planId}/approve`, 'reader')).statusCode).toBe(403);
    const approved = await post(`/api/recovery/${planId}/approve`, 'responder');
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: expect.stringContaining('(lead)') });

    const ran = await post(`/api/recovery/${planId}/run`);
    expect(ran.statusCode).toBe(200);
    expect(ran.json().report).toMatchObject({ status: 'succeeded', counts: { restored: 4 }, resumeFrom: null, withinSla: true });
    expect(ran.json().recoverBy).toBe(view0.sla.recoverBy);

    expect(await readUser('alice')).toEqual(before);
    expect(await canBind('alice')).toBe(true);
    expect(blockList(await indicators.list(), 'ipv4', new Date())).not.toContain('203.0.113.66');
    expect(await indicators.findByKey('ipv4:203.0.113.66')).toBeUndefined();

    const view = (await f.t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: as('reader') })).json();
    expect(view.phase).toBe('Recovery');
    expect(view.sla.recoverBy).toEqual(expect.any(String));
    const timeline = (await f.t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}/timeline`, headers: as('reader') })).json();
    const actions = (timeline.value ?? timeline).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['recoveryPlanned', 'recoveryApprovalRefused', 'recoveryApproved', 'recoveryStarted', 'recoveryFinished']));

    // Running a finished plan again changes nothing.
    expect((await post(`/api/recovery/${planId}/run`)).json().status).toBe('succeeded');
  });

  it('reports a resource someone changed by hand after containment as a conflict and leaves it alone', async () => {
    const incident = await f.incident('bob@riposte.test', '203.0.113.77');
    const run = await f.runFor(incident.id, { Disable_user: call('directory', 'post', '/users/bob/disable'), Block_IP: call('indicators', 'post', '/indicators', { action: 'block', networkIPv4: '203.0.113.77', expirationDateTime: '2099-01-01T00:00:00Z' }, ['Disable_user']) }, connections());
    expect(run.status).toBe('Succeeded');
    expect(await canBind('bob')).toBe(false);

    // An administrator re-enables bob by hand after the containment.
    const admin = new Client({ url: dir.url });
    await admin.bind(dir.adminDn, dir.adminPassword);
    await admin.modify(`uid=bob,ou=people,${dir.baseDn}`, new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdAccountLockedTime' }) }));
    await admin.unbind();
    expect(await canBind('bob')).toBe(true);

    const dry = (await post(`/api/incidents/${incident.id}/recovery/plan`, 'reader')).json();
    const user = dry.diff.find((d: { resource: { kind: string } }) => d.resource.kind === 'ldap-user');
    expect(user).toMatchObject({ conflict: true, current: { enabled: true, lock: { pwdAccountLockedTime: null } }, recordedAfter: { enabled: false, lock: { pwdAccountLockedTime: ['000001010000Z'] } } });
    expect(dry.diff.find((d: { resource: { kind: string } }) => d.resource.kind === 'indicator').conflict).toBe(false);

    const planId = (await post(`/api/incidents/${incident.id}/recovery`)).json().id;
    await post(`/api/recovery/${planId}/approve`, 'responder');
    const report = (await post(`/api/recovery/${planId}/run`)).json().report;
    expect(report.status).toBe('succeeded');
    expect(report.counts).toEqual({ restored: 1, 'conflict-skipped': 1 });
    expect(report.steps.find((st: { resource: { kind: string } }) => st.resource.kind === 'ldap-user').status).toBe('conflict-skipped');
    expect(await canBind('bob')).toBe(true);
    expect(await indicators.findByKey('ipv4:203.0.113.77')).toBeUndefined();
  });

  it('lets a playbook start recovery with "Recover incident": the plan waits for the lead', async () => {
    const incident = await f.incident('carol@riposte.test', '203.0.113.88');
    const run = await f.runFor(incident.id, { Block_IP: call('indicators', 'post', '/indicators', { action: 'block', networkIPv4: '203.0.113.88', expirationDateTime: '2099-01-01T00:00:00Z' }), Recover_incident: call('riposte', 'post', `/incidents/${incident.number}/recover`, { approve: true }, ['Block_IP']) }, { ...connections(), riposte: connection('riposte') });
    expect(run.status).toBe('Succeeded');
    const plans = (await f.t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}/recovery`, headers: as('reader') })).json().value;
    expect(plans).toHaveLength(1);
    // The policy does not allow auto-approval, so approve: true still waits for a person.
    expect(plans[0]).toMatchObject({ status: 'awaiting-approval', createdBy: `run:${run.runId}`, steps: [{ resource: { kind: 'indicator' } }] });
    expect(await indicators.findByKey('ipv4:203.0.113.88')).toBeDefined();
  });
});
