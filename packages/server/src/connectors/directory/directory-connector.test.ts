import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry, type ConnectorRequest, type HttpMethod } from '@riposte/engine';
import { defaultTree, entryUuidOf, startTestDirectory, type TestDirectory, canBind as bindsNow } from '../../testing/slapd.ts';
import { azureAdDirectoryConnector, directoryConnector } from './directory-connector.ts';
import { PASSWORD_NOT_RESTORABLE } from './user-state.ts';

const registry = new ConnectorRegistry().register(directoryConnector).register(azureAdDirectoryConnector);

describe('directory connector against a real OpenLDAP with ppolicy', () => {
  let dir: TestDirectory;
  let people: string;
  let groups: string;
  let alice: string;

  beforeAll(async () => {
    const tree = defaultTree();
    const base = tree[0]!.dn;
    // A second member in vpn-users so that alice can leave it; "solo" has alice alone.
    const vpn = tree.find((e) => e.dn.startsWith('cn=vpn-users'))!;
    vpn.attributes.member = [`uid=alice,ou=people,${base}`, `uid=bob,ou=people,${base}`];
    tree.push({ dn: `cn=solo,ou=groups,${base}`, attributes: { objectClass: 'groupOfNames', cn: 'solo', member: [`uid=bob,ou=people,${base}`] } });
    for (const uid of ['carol', 'dave']) {
      tree.push({ dn: `uid=${uid},ou=people,${base}`, attributes: { objectClass: 'inetOrgPerson', uid, cn: uid, sn: uid, mail: 'shared@riposte.test' } });
    }
    dir = await startTestDirectory({ entries: tree });
    people = `ou=people,${dir.baseDn}`;
    groups = `ou=groups,${dir.baseDn}`;
    alice = `uid=alice,${people}`;
  });
  afterAll(async () => {
    await dir?.stop();
  });

  const settings = (over: Record<string, unknown> = {}) => ({
    url: dir.url,
    bindDn: dir.adminDn,
    bindPassword: dir.adminPassword,
    baseDn: dir.baseDn,
    profile: 'openldap-ppolicy',
    quarantineGroupDn: `cn=quarantine,${groups}`,
    userIdAttribute: 'uid',
    ...over,
  });

  function request(api: string, method: HttpMethod, path: string, body?: unknown, over: Record<string, unknown> = {}): ConnectorRequest {
    const found = registry.resolve(api, method, path);
    if (!found) throw new Error(`no operation for ${api} ${method} ${path}`);
    return {
      connection: { name: api, api, settings: settings(over) },
      method,
      path,
      pathParams: found.pathParams,
      queries: {},
      headers: {},
      body,
      idempotencyKey: 'k',
      runId: 'run-1',
      actionName: 'action',
      signal: new AbortController().signal,
    };
  }

  function operation(req: ConnectorRequest) {
    return registry.resolve(req.connection.api, req.method, req.path)!.operation;
  }

  async function call(api: string, method: HttpMethod, path: string, body?: unknown, over?: Record<string, unknown>) {
    const req = request(api, method, path, body, over);
    return operation(req).execute(req);
  }

  const canBind = (dn: string, password: string) => bindsNow(dir.url, dn, password);

  it('disables a user addressed as Sentinel does (PATCH accountEnabled by UPN), and restore lets the user bind again', async () => {
    const req = request('azuread', 'patch', `/v1.0/users/${encodeURIComponent('alice@riposte.test')}`, { accountEnabled: false });
    const op = operation(req);
    expect(op.state?.resource(req)).toEqual({ kind: 'ldap-user', id: 'alice@riposte.test' });
    const before = await op.state!.read(req);
    expect(before).toEqual({ dn: alice, profile: 'openldap-ppolicy', enabled: true, lock: { pwdAccountLockedTime: null } });

    expect(await op.execute(req)).toEqual({ statusCode: 204 });
    expect(await canBind(alice, 'alice-password')).toBe(false);
    expect(await op.state!.read(req)).toMatchObject({ enabled: false, lock: { pwdAccountLockedTime: ['000001010000Z'] } });

    const got = await call('azuread', 'get', '/v1.0/users/alice%40riposte.test');
    expect(got.body).toMatchObject({ userPrincipalName: 'alice@riposte.test', displayName: 'Alice Doe', mail: 'alice@riposte.test', accountEnabled: false, surname: 'Doe' });

    await op.state!.restore(req, before);
    expect(await canBind(alice, 'alice-password')).toBe(true);
    expect(await op.state!.read(req)).toEqual(before);
  });

  it('disables and enables through the directory operations, by uid and by DN', async () => {
    const off = await call('directory', 'post', '/users/alice/disable');
    expect(off).toEqual({ statusCode: 200, body: { dn: alice, enabled: false, changed: true } });
    expect(await canBind(alice, 'alice-password')).toBe(false);
    const again = await call('directory', 'post', `/users/${encodeURIComponent(alice)}/disable`);
    expect(again.body).toMatchObject({ changed: false });
    const on = await call('directory', 'post', '/users/alice/enable');
    expect(on.body).toEqual({ dn: alice, enabled: true, changed: true });
    expect(await canBind(alice, 'alice-password')).toBe(true);
  });

  it('removes a user from two groups and restore puts the memberships back exactly', async () => {
    const req = request('directory', 'post', '/users/alice/removeFromGroups', { groups: ['finance', `cn=vpn-users,${groups}`] });
    const op = operation(req);
    const before = await op.state!.read(req);
    expect(before).toEqual({ dn: alice, groups: [`cn=finance,${groups}`, `cn=vpn-users,${groups}`] });

    const res = await op.execute(req);
    expect(res.body).toEqual({ dn: alice, removed: [`cn=finance,${groups}`, `cn=vpn-users,${groups}`], notMember: [] });
    expect(await op.state!.read(req)).toEqual({ dn: alice, groups: [] });
    expect((await call('directory', 'get', '/users/bob/groups')).body).toMatchObject({ value: [{ dn: `cn=finance,${groups}` }, { dn: `cn=solo,${groups}` }, { dn: `cn=vpn-users,${groups}` }] });

    await op.state!.restore(req, before);
    expect(await op.state!.read(req)).toEqual(before);
  });

  it('refuses to empty a group whose schema requires a member, before changing anything', async () => {
    const res = await call('directory', 'post', '/users/bob/removeFromGroups', {});
    expect(res.statusCode).toBe(409);
    expect(JSON.stringify(res.body)).toContain(`cn=solo,${groups}`);
    expect((await call('directory', 'get', '/users/bob/groups')).body).toMatchObject({ value: [{}, {}, {}] });
  });

  it('quarantines a user and restore takes them out of the quarantine group again', async () => {
    const req = request('directory', 'post', '/users/alice/quarantine', {});
    const op = operation(req);
    expect(op.state?.resource(req)).toEqual({ kind: 'ldap-group-membership', id: 'alice' });
    const before = await op.state!.read(req);
    const res = await op.execute(req);
    expect(res.body).toEqual({ dn: alice, group: `cn=quarantine,${groups}`, added: true });
    expect((await op.state!.read(req)) as { groups: string[] }).toMatchObject({ groups: expect.arrayContaining([`cn=quarantine,${groups}`]) });
    await op.state!.restore(req, before);
    expect(await op.state!.read(req)).toEqual(before);
  });

  it('resets a password: the new one works, the old one does not, and restore says it cannot bring the old one back', async () => {
    const req = request('directory', 'post', '/users/bob/resetPassword', { returnPassword: true });
    const op = operation(req);
    const before = await op.state!.read(req);
    const res = await op.execute(req);
    const body = res.body as { password: string; forceChangeAtNextLogon: boolean; generated: boolean };
    expect(body).toMatchObject({ forceChangeAtNextLogon: true, generated: true });
    expect(body.password).toMatch(/^.{20}$/);
    expect(await canBind(`uid=bob,${people}`, 'bob-password')).toBe(false);
    expect(await canBind(`uid=bob,${people}`, body.password)).toBe(true);
    expect(await op.state!.restore(req, before)).toEqual({ restored: false, message: PASSWORD_NOT_RESTORABLE });

    const quiet = await call('directory', 'post', '/users/bob/resetPassword', { password: 'chosen-Passw0rd!' });
    expect(JSON.stringify(quiet)).not.toContain('chosen-Passw0rd!');
    expect(await canBind(`uid=bob,${people}`, 'chosen-Passw0rd!')).toBe(true);
  });

  it('answers 404 naming an unknown user, and does not let filter syntax in a name widen the search', async () => {
    const res = await call('directory', 'post', '/users/mallory/disable');
    expect(res.statusCode).toBe(404);
    expect((res.body as { error: { message: string } }).error.message).toContain("'mallory'");
    const star = await call('directory', 'get', `/users/${encodeURIComponent('*')}/groups`);
    expect(star.statusCode).toBe(404);
    const injected = await call('directory', 'post', `/users/${encodeURIComponent('x)(uid=*')}/disable`);
    expect(injected.statusCode).toBe(404);
  });

  it('refuses a name that matches two entries (409), asking for a DN', async () => {
    const res = await call('directory', 'post', '/users/shared@riposte.test/disable');
    expect(res).toMatchObject({ statusCode: 409, body: { error: { code: 'Conflict', message: expect.stringContaining('address it by DN') } } });
  });

  it('reports a wrong bind password and an unreachable directory without showing the password', async () => {
    const canary = 'canary-Secret-7f3a9c';
    const wrong = await call('directory', 'get', '/users/alice', undefined, { bindPassword: canary });
    expect(wrong.statusCode).toBe(401);
    expect(JSON.stringify(wrong)).not.toContain(canary);

    const down = await call('directory', 'get', '/users/alice', undefined, { bindPassword: canary, url: 'ldap://127.0.0.1:1', timeoutMs: 2000 });
    expect(down.statusCode).toBe(502);
    expect((down.body as { error: { message: string } }).error.message).toMatch(/cannot reach the directory at ldap:\/\/127\.0\.0\.1:1/);
    expect(JSON.stringify(down)).not.toContain(canary);

    const req = request('directory', 'post', '/users/alice/disable', undefined, { bindPassword: canary, url: 'ldap://127.0.0.1:1', timeoutMs: 2000 });
    const err = await operation(req).state!.read(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).not.toContain(canary);
  });

  it('fails clearly when StartTLS is asked of a directory that does not offer it', async () => {
    const res = await call('directory', 'get', '/users/alice', undefined, { startTls: true });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect((res.body as { error: { message: string } }).error.message).toContain('starting TLS');
    expect(JSON.stringify(res)).not.toContain(dir.adminPassword);
  });

  it('refuses a quarantine when the connection names no quarantine group', async () => {
    const res = await call('directory', 'post', '/users/alice/quarantine', {}, { quarantineGroupDn: undefined });
    expect(res).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidConnection', field: '/connection/settings/quarantineGroupDn' } } });
  });

  it("answers Graph's id as the entry's entryUUID (a GUID), and finds the user by it again", async () => {
    const aliceId = await entryUuidOf(dir, alice);
    expect(aliceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const byUpn = await call('azuread', 'get', '/v1.0/users/alice%40riposte.test');
    expect(byUpn).toMatchObject({ statusCode: 200, body: { id: aliceId, onPremisesDistinguishedName: alice, userPrincipalName: 'alice@riposte.test' } });
    // The GUID as Graph gives it, and as Windows tools print it (braces, upper case).
    for (const id of [aliceId, `{${aliceId.toUpperCase()}}`]) {
      expect(await call('azuread', 'get', `/v1.0/users/${encodeURIComponent(id)}`), id).toEqual(byUpn);
      expect((await call('directory', 'get', `/users/${encodeURIComponent(id)}`)).body, id).toMatchObject({ dn: alice, id: aliceId });
      expect((await call('directory', 'get', `/users/${encodeURIComponent(id)}/groups`)).body, id).toMatchObject({ dn: alice });
    }
    const bobId = await entryUuidOf(dir, `uid=bob,${people}`);
    expect((await call('azuread', 'get', `/v1.0/users/${bobId}`)).body).toMatchObject({ id: bobId, onPremisesDistinguishedName: `uid=bob,${people}` });
  });

  it('disables by GUID as a playbook chaining Get_user.id does; the ledger resource id is the canonical GUID whatever its spelling, and restore finds the entry', async () => {
    const aliceId = await entryUuidOf(dir, alice);
    const req = request('azuread', 'patch', `/v1.0/users/${encodeURIComponent(`{${aliceId.toUpperCase()}}`)}`, { accountEnabled: false });
    const op = operation(req);
    expect(op.state?.resource(req)).toEqual({ kind: 'ldap-user', id: aliceId });
    expect(op.state?.resource(request('azuread', 'patch', `/v1.0/users/${aliceId}`, { accountEnabled: false }))).toEqual({ kind: 'ldap-user', id: aliceId });
    const before = await op.state!.read(req);
    expect(before).toEqual({ dn: alice, profile: 'openldap-ppolicy', enabled: true, lock: { pwdAccountLockedTime: null } });
    expect(await op.execute(req)).toEqual({ statusCode: 204 });
    expect(await canBind(alice, 'alice-password')).toBe(false);
    await op.state!.restore(req, before);
    expect(await canBind(alice, 'alice-password')).toBe(true);

    const quarantine = request('directory', 'post', `/users/${aliceId}/quarantine`, {});
    const qop = operation(quarantine);
    expect(qop.state?.resource(quarantine)).toEqual({ kind: 'ldap-group-membership', id: aliceId });
    const was = await qop.state!.read(quarantine);
    expect(await qop.execute(quarantine)).toMatchObject({ statusCode: 200, body: { dn: alice, added: true } });
    await qop.state!.restore(quarantine, was);
    expect(await qop.state!.read(quarantine)).toEqual(was);
  });

  it('answers 404 naming a GUID that no entry has', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = await call('azuread', 'get', `/v1.0/users/${unknown}`);
    expect(res).toMatchObject({ statusCode: 404, body: { error: { code: 'NotFound', field: '/pathParams/id', message: expect.stringContaining(`'${unknown}'`) } } });
  });

  it('refuses Graph user fields it cannot change in LDAP', async () => {
    const res = await call('azuread', 'patch', '/v1.0/users/alice', { accountEnabled: false, jobTitle: 'x' });
    expect(res).toMatchObject({ statusCode: 400, body: { error: { field: '/body/jobTitle' } } });
    expect(await canBind(alice, 'alice-password')).toBe(true);
  });
});
