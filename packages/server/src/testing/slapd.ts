/**
 * A real OpenLDAP directory for tests: Debian's slapd run as a plain child process on a free
 * loopback port, with the ppolicy overlay so that a locked account's bind really fails.
 * `.ci/run` installs slapd and ldap-utils; locally: `apt-get install slapd ldap-utils`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { freePort } from './free-port.ts';

export interface LdapEntry {
  dn: string;
  attributes: Record<string, string | string[]>;
}

export interface TestDirectory {
  url: string;
  baseDn: string;
  adminDn: string;
  adminPassword: string;
  /** The entries the directory was seeded with, for building expectations. */
  entries: LdapEntry[];
  stop(): Promise<void>;
}

const SLAPD = '/usr/sbin/slapd';
const BASE_DN = 'dc=riposte,dc=test';

/** The tree every test directory starts with: two users, two groups, a quarantine group, ppolicy. */
export function defaultTree(baseDn = BASE_DN): LdapEntry[] {
  const people = `ou=people,${baseDn}`;
  const groups = `ou=groups,${baseDn}`;
  const user = (uid: string, name: string): LdapEntry => ({
    dn: `uid=${uid},${people}`,
    attributes: { objectClass: ['inetOrgPerson'], uid, cn: name, sn: name.split(' ').pop() ?? name, mail: `${uid}@riposte.test`, userPassword: `${uid}-password` },
  });
  return [
    { dn: baseDn, attributes: { objectClass: ['dcObject', 'organization'], o: 'Riposte test', dc: 'riposte' } },
    { dn: people, attributes: { objectClass: 'organizationalUnit', ou: 'people' } },
    { dn: groups, attributes: { objectClass: 'organizationalUnit', ou: 'groups' } },
    { dn: `ou=policies,${baseDn}`, attributes: { objectClass: 'organizationalUnit', ou: 'policies' } },
    {
      dn: `cn=default,ou=policies,${baseDn}`,
      attributes: {
        objectClass: ['applicationProcess', 'pwdPolicy'],
        cn: 'default',
        pwdAttribute: 'userPassword',
        pwdLockout: 'TRUE',
        pwdMustChange: 'TRUE',
        pwdAllowUserChange: 'TRUE',
      },
    },
    user('alice', 'Alice Doe'),
    user('bob', 'Bob Roe'),
    { dn: `cn=finance,${groups}`, attributes: { objectClass: 'groupOfNames', cn: 'finance', member: [`uid=alice,${people}`, `uid=bob,${people}`] } },
    // groupOfNames needs at least one member: bob stays in vpn-users when alice is removed.
    { dn: `cn=vpn-users,${groups}`, attributes: { objectClass: 'groupOfNames', cn: 'vpn-users', member: [`uid=alice,${people}`, `uid=bob,${people}`] } },
    { dn: `cn=quarantine,${groups}`, attributes: { objectClass: 'groupOfNames', cn: 'quarantine', member: [`cn=admin,${baseDn}`] } },
  ];
}

function config(dir: string, baseDn: string, adminDn: string, adminPassword: string): string {
  return [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    'include /etc/ldap/schema/nis.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb.so',
    'moduleload ppolicy.so',
    `pidfile ${join(dir, 'slapd.pid')}`,
    'database mdb',
    'maxsize 10485760',
    `suffix "${baseDn}"`,
    `rootdn "${adminDn}"`,
    `rootpw ${adminPassword}`,
    `directory ${join(dir, 'db')}`,
    'overlay ppolicy',
    `ppolicy_default "cn=default,ou=policies,${baseDn}"`,
    '',
  ].join('\n');
}

async function waitForBind(url: string, dn: string, password: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`slapd exited with code ${child.exitCode}`);
    const client = new Client({ url, timeout: 1000, connectTimeout: 1000 });
    try {
      await client.bind(dn, password);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await client.unbind().catch(() => {});
    }
  }
  throw new Error(`slapd did not accept a bind within 10 s: ${String(lastError)}`);
}

/** Whether `dn` can bind with `password` right now: how tests observe that an account is locked. */
export async function canBind(url: string, dn: string, password: string): Promise<boolean> {
  const client = new Client({ url });
  try {
    await client.bind(dn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => {});
  }
}

/** Starts a seeded OpenLDAP on a free loopback port; call stop() when done. */
export async function startTestDirectory(options: { entries?: LdapEntry[] } = {}): Promise<TestDirectory> {
  if (!existsSync(SLAPD)) throw new Error('slapd is not installed: apt-get install slapd ldap-utils (.ci/run does this)');
  const baseDn = BASE_DN;
  const adminDn = `cn=admin,${baseDn}`;
  const adminPassword = 'admin-secret';
  const dir = await mkdtemp(join(tmpdir(), 'riposte-slapd-'));
  await mkdir(join(dir, 'db'));
  await writeFile(join(dir, 'slapd.conf'), config(dir, baseDn, adminDn, adminPassword));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d 0 keeps slapd in the foreground so it dies with the test process.
  const child = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForBind(url, adminDn, adminPassword, child);
    const entries = options.entries ?? defaultTree(baseDn);
    const client = new Client({ url });
    await client.bind(adminDn, adminPassword);
    try {
      for (const entry of entries) await client.add(entry.dn, entry.attributes);
    } finally {
      await client.unbind();
    }
    return { url, baseDn, adminDn, adminPassword, entries, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The entryUUID slapd gave an entry (what the directory connector answers as the user's GUID). */
export async function entryUuidOf(dir: TestDirectory, dn: string): Promise<string> {
  const client = new Client({ url: dir.url });
  try {
    await client.bind(dir.adminDn, dir.adminPassword);
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['entryUUID'] });
    const value = searchEntries[0]?.entryUUID;
    if (typeof value !== 'string') throw new Error(`no entryUUID on '${dn}'`);
    return value;
  } finally {
    await client.unbind().catch(() => {});
  }
}
