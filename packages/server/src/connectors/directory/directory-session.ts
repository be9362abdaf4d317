/**
 * One bound LDAP connection for one connector call: find a user however a playbook names them,
 * read their lock attributes and group memberships, apply attribute changes. Every failure leaves as
 * a ConnectorError that names the step and never carries the bind password.
 */
import { Attribute, Change, Client, type Entry, type Filter } from 'ldapts';
import { ConnectorError } from '../sdk/index.ts';
import { parseFilterWithBinaryValues } from './binary-filter.ts';
import { directoryError } from './directory-error.ts';
import type { DirectorySettings } from './directory-settings.ts';
import { escapeFilterValue, looksLikeDn, normalizeDn } from './ldap-escape.ts';
import { canonicalGuid } from './object-guid.ts';
import { accountProfiles, type AccountProfile, type AttributeChange, type LockState } from './profiles/index.ts';

export interface DirectoryUser {
  dn: string;
  /**
   * The directory's own stable unique id of the entry as a canonical GUID (the profile's
   * objectId attribute); null when the bind account cannot read it.
   */
  objectId: string | null;
  /** User attributes, each as a list of string values. */
  attributes: Record<string, string[]>;
  /** The profile's lock attributes; null when absent. */
  lock: LockState;
  enabled: boolean;
}

export interface GroupMembership {
  dn: string;
  /** The attribute that lists the user in this group. */
  memberAttribute: 'member' | 'uniqueMember';
}

const USER_ATTRIBUTES = [
  'objectClass', 'uid', 'cn', 'displayName', 'givenName', 'sn', 'mail', 'userPrincipalName', 'sAMAccountName',
  'title', 'mobile', 'telephoneNumber', 'physicalDeliveryOfficeName', 'department', 'l',
  // The manager's DN (inetOrgPerson, AD): office365users "Get manager" reads that entry.
  'manager',
];

const MEMBER_ATTRIBUTES = ['member', 'uniqueMember'] as const;

function values(raw: Entry[string] | undefined): string[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

function toChange(change: AttributeChange): Change {
  const vals = change.values;
  const attrValues = vals.every((v) => Buffer.isBuffer(v)) ? (vals as Buffer[]) : vals.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
  return new Change({ operation: change.operation, modification: new Attribute({ type: change.type, values: attrValues }) });
}

export class DirectorySession {
  readonly profile: AccountProfile;
  private constructor(
    private readonly client: Client,
    readonly settings: DirectorySettings,
  ) {
    this.profile = accountProfiles[settings.profile];
  }

  /** Connects and binds with the connection's credentials. */
  static async open(settings: DirectorySettings): Promise<DirectorySession> {
    const tlsOptions = settings.tlsCaCertificate ? { ca: [settings.tlsCaCertificate] } : undefined;
    const client = new Client({ url: settings.url, timeout: settings.timeoutMs, connectTimeout: settings.timeoutMs, ...(tlsOptions ? { tlsOptions } : {}) });
    try {
      if (settings.startTls) await client.startTLS(tlsOptions ?? {});
    } catch (err) {
      await client.unbind().catch(() => {});
      throw directoryError(err, settings, 'starting TLS');
    }
    try {
      await client.bind(settings.bindDn, settings.bindPassword);
    } catch (err) {
      await client.unbind().catch(() => {});
      throw directoryError(err, settings, `binding as '${settings.bindDn}'`);
    }
    return new DirectorySession(client, settings);
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => {});
  }

  /**
   * The user an id names: a DN, the entry's GUID (the profile's objectId attribute), or a value of
   * the configured id attribute, mail, or (AD) UPN; a "name@suffix" that matches nothing is tried
   * once more as the bare name (Sentinel account entities give Name and UPNSuffix separately, LDAP
   * trees often key users by the bare name).
   */
  async findUser(id: string): Promise<DirectoryUser> {
    const attributes = [...USER_ATTRIBUTES, ...this.profile.lockAttributes, this.profile.objectId.name];
    const base = this.settings.userSearchBase ?? this.settings.baseDn;
    if (looksLikeDn(id)) {
      const entries = await this.search(id, { scope: 'base', filter: '(objectClass=*)', attributes }, `reading user '${id}'`, true);
      if (entries.length === 0) throw new ConnectorError('NotFound', `user '${id}' was not found in the directory`, { field: '/pathParams/id' });
      return this.toUser(entries[0]!);
    }
    let entries = await this.search(base, { scope: 'sub', filter: this.userFilter(id), attributes, sizeLimit: 2 }, `looking up user '${id}'`);
    const at = id.lastIndexOf('@');
    if (entries.length === 0 && at > 0 && (this.settings.userIdAttribute === 'uid' || this.settings.userIdAttribute === 'sAMAccountName')) {
      const bare = id.slice(0, at);
      entries = await this.search(base, { scope: 'sub', filter: `(&(objectClass=person)(${this.settings.userIdAttribute}=${escapeFilterValue(bare)}))`, attributes, sizeLimit: 2 }, `looking up user '${id}'`);
    }
    if (entries.length === 0) throw new ConnectorError('NotFound', `user '${id}' was not found under '${base}'`, { field: '/pathParams/id' });
    if (entries.length > 1) throw new ConnectorError('Conflict', `user '${id}' matches more than one entry under '${base}'; address it by DN`, { field: '/pathParams/id' });
    return this.toUser(entries[0]!);
  }

  private userFilter(id: string): string {
    const v = escapeFilterValue(id);
    const keys = new Set<string>([this.settings.userIdAttribute, 'mail']);
    if (this.settings.profile === 'active-directory') keys.add('userPrincipalName');
    const assertions = [...keys].map((k) => `(${k}=${v})`);
    // A GUID is also looked up as the entry's own unique id, in the form this directory holds it.
    const guid = canonicalGuid(id);
    if (guid) assertions.push(`(${this.profile.objectId.name}=${this.profile.objectId.filterValue(guid)})`);
    return `(&(objectClass=person)(|${assertions.join('')}))`;
  }

  private toUser(entry: Entry): DirectoryUser {
    const attributes: Record<string, string[]> = {};
    const lower = new Map<string, string[]>();
    const objectIdName = this.profile.objectId.name.toLowerCase();
    let objectId: string | null = null;
    for (const [key, raw] of Object.entries(entry)) {
      if (key === 'dn') continue;
      if (key.toLowerCase() === objectIdName) {
        const first = Array.isArray(raw) ? raw[0] : raw;
        objectId = first === undefined ? null : (this.profile.objectId.toGuid(first) ?? null);
        continue;
      }
      attributes[key] = values(raw);
      lower.set(key.toLowerCase(), attributes[key]!);
    }
    const lock: LockState = {};
    for (const type of this.profile.lockAttributes) {
      const found = lower.get(type.toLowerCase());
      lock[type] = found && found.length > 0 ? found : null;
      delete attributes[type];
    }
    return { dn: entry.dn, objectId, attributes, lock, enabled: this.profile.isEnabled(lock) };
  }

  /** The groups that list the user as a member, sorted by DN. */
  async groupsOf(userDn: string): Promise<GroupMembership[]> {
    const base = this.settings.groupSearchBase ?? this.settings.baseDn;
    const found = new Map<string, GroupMembership>();
    for (const memberAttribute of MEMBER_ATTRIBUTES) {
      const entries = await this.search(base, { scope: 'sub', filter: `(${memberAttribute}=${escapeFilterValue(userDn)})`, attributes: ['1.1'] }, `listing the groups of '${userDn}'`);
      for (const e of entries) if (!found.has(normalizeDn(e.dn))) found.set(normalizeDn(e.dn), { dn: e.dn, memberAttribute });
    }
    return [...found.values()].sort((a, b) => (a.dn < b.dn ? -1 : a.dn > b.dn ? 1 : 0));
  }

  /** A group's object classes and member values (for the attribute to use and the last-member rule). */
  async readGroup(groupDn: string): Promise<{ dn: string; objectClasses: string[]; members: string[]; memberAttribute: 'member' | 'uniqueMember' }> {
    const entries = await this.search(groupDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['objectClass', 'member', 'uniqueMember'] }, `reading group '${groupDn}'`, true);
    const entry = entries[0];
    if (!entry) throw new ConnectorError('NotFound', `group '${groupDn}' was not found in the directory`);
    const objectClasses = values(entry.objectClass);
    const unique = objectClasses.some((c) => c.toLowerCase() === 'groupofuniquenames');
    return { dn: entry.dn, objectClasses, members: values(unique ? entry.uniqueMember : entry.member), memberAttribute: unique ? 'uniqueMember' : 'member' };
  }

  async modify(dn: string, changes: AttributeChange[], doing: string): Promise<void> {
    if (changes.length === 0) return;
    try {
      await this.client.modify(dn, changes.map(toChange));
    } catch (err) {
      throw directoryError(err, this.settings, doing);
    }
  }

  /** Adds or removes one member value; already-present on add and absent on remove are no-ops. */
  async changeMembership(groupDn: string, memberAttribute: string, userDn: string, operation: 'add' | 'delete'): Promise<void> {
    try {
      await this.client.modify(groupDn, [toChange({ operation, type: memberAttribute, values: [userDn] })]);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      // 20 typeOrValueExists, 16 noSuchAttribute: the membership already is what we wanted.
      if ((operation === 'add' && code === 20) || (operation === 'delete' && code === 16)) return;
      throw directoryError(err, this.settings, `${operation === 'add' ? 'adding' : 'removing'} '${userDn}' ${operation === 'add' ? 'to' : 'from'} group '${groupDn}'`);
    }
  }

  private async search(
    base: string,
    options: { scope: 'base' | 'sub'; filter: string; attributes: string[]; sizeLimit?: number },
    doing: string,
    missingIsEmpty = false,
  ): Promise<Entry[]> {
    const objectId = this.profile.objectId;
    const binary = objectId.binary ? [objectId.name] : [];
    const filter: string | Filter = objectId.binary ? parseFilterWithBinaryValues(options.filter, binary) : options.filter;
    try {
      const { searchEntries } = await this.client.search(base, { ...options, filter, explicitBufferAttributes: binary });
      return searchEntries;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (missingIsEmpty && code === 32) return [];
      // sizeLimitExceeded (4) with sizeLimit 2 means "more than one": report as ambiguous.
      if (code === 4) return [{ dn: '' }, { dn: '' }] as Entry[];
      throw directoryError(err, this.settings, doing);
    }
  }
}

/** Runs fn on a bound session and always unbinds. */
export async function withDirectory<T>(settings: DirectorySettings, fn: (session: DirectorySession) => Promise<T>): Promise<T> {
  const session = await DirectorySession.open(settings);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
