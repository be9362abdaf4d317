import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attribute, Change, Client } from 'ldapts';
import { canBind, startTestDirectory, type TestDirectory } from './slapd.ts';

describe('test directory (real slapd with ppolicy)', () => {
  let dir: TestDirectory;
  beforeAll(async () => {
    dir = await startTestDirectory();
  });
  afterAll(async () => {
    await dir?.stop();
  });

  const bind = (dn: string, password: string) => canBind(dir.url, dn, password);

  it('lets a seeded user bind, refuses it while locked by ppolicy, and again after unlocking', async () => {
    const alice = `uid=alice,ou=people,${dir.baseDn}`;
    expect(await bind(alice, 'alice-password')).toBe(true);
    const admin = new Client({ url: dir.url });
    await admin.bind(dir.adminDn, dir.adminPassword);
    await admin.modify(alice, new Change({ operation: 'add', modification: new Attribute({ type: 'pwdAccountLockedTime', values: ['000001010000Z'] }) }));
    expect(await bind(alice, 'alice-password')).toBe(false);
    await admin.modify(alice, new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdAccountLockedTime' }) }));
    await admin.unbind();
    expect(await bind(alice, 'alice-password')).toBe(true);
  });

  it('seeds group memberships', async () => {
    const client = new Client({ url: dir.url });
    await client.bind(dir.adminDn, dir.adminPassword);
    const { searchEntries } = await client.search(`cn=finance,ou=groups,${dir.baseDn}`, { scope: 'base' });
    await client.unbind();
    expect(searchEntries[0]?.member).toEqual([`uid=alice,ou=people,${dir.baseDn}`, `uid=bob,ou=people,${dir.baseDn}`]);
  });
});
