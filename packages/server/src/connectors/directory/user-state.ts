/**
 * The before-state a containment step records and how recovery puts it back, per resource kind:
 * an account's enabled flag (with the profile's raw lock attributes), a user's group memberships,
 * and — honestly — a password, which LDAP never reveals and so can never be put back.
 */
import { z } from 'zod';
import type { ConnectorRequest, ResourceStateAccess, RestoreNotice } from '@riposte/engine';
import { ConnectorError, parseWith } from '../sdk/index.ts';
import { directoryConnection, type DirectorySettings } from './directory-settings.ts';
import { withDirectory, type DirectorySession } from './directory-session.ts';
import { looksLikeDn, normalizeDn } from './ldap-escape.ts';
import { canonicalGuid } from './object-guid.ts';

export interface AccountState {
  dn: string;
  profile: DirectorySettings['profile'];
  enabled: boolean;
  /** The profile's lock attributes as read; null = absent. */
  lock: Record<string, string[] | null>;
}

export interface MembershipState {
  dn: string;
  /** DNs of the groups listing the user, sorted. */
  groups: string[];
}

export interface PasswordState {
  dn: string;
  /** Always false: LDAP never returns a password, so there is nothing to restore. */
  restorable: false;
}

export const PASSWORD_NOT_RESTORABLE = 'password cannot be restored; a new one was issued';

const accountStateSchema = z.object({
  dn: z.string().min(1),
  profile: z.enum(['openldap-ppolicy', 'active-directory', '389-freeipa']),
  enabled: z.boolean(),
  lock: z.record(z.string(), z.array(z.string()).nullable()),
});
const membershipStateSchema = z.object({ dn: z.string().min(1), groups: z.array(z.string()) });

/** The connection settings of a request, validated (a typed error names the bad field). */
export function settingsOf(req: ConnectorRequest): DirectorySettings {
  return parseWith(directoryConnection.schema, req.connection.settings ?? {}, '/connection/settings', 'InvalidConnection');
}

function userIdOf(req: ConnectorRequest): string {
  const id = req.pathParams.id;
  if (!id) throw new ConnectorError('InvalidInput', 'the path names no user', { field: '/pathParams/id' });
  return id;
}

// resource() is synchronous, so it cannot search: a DN is used normalized, a GUID in its canonical
// form (braces and case dropped), other names lower-cased. Recovery chains changes of one user by
// the DN in the recorded state, whichever of these the playbook used.
function resourceId(req: ConnectorRequest): string {
  const id = userIdOf(req);
  return looksLikeDn(id) ? normalizeDn(id) : (canonicalGuid(id) ?? id.toLowerCase());
}

/** Reads an account's enabled flag and raw lock attributes. */
export async function readAccount(session: DirectorySession, id: string): Promise<AccountState> {
  const user = await session.findUser(id);
  return { dn: user.dn, profile: session.settings.profile, enabled: user.enabled, lock: user.lock };
}

/** Reads the sorted DNs of the groups that list the user. */
export async function readMemberships(session: DirectorySession, id: string): Promise<MembershipState> {
  const user = await session.findUser(id);
  return { dn: user.dn, groups: (await session.groupsOf(user.dn)).map((g) => g.dn) };
}

/** State access for operations that enable or disable an account. */
export const accountStateAccess: ResourceStateAccess = {
  resource: (req) => ({ kind: 'ldap-user', id: resourceId(req) }),
  read: (req) => withDirectory(settingsOf(req), (s) => readAccount(s, userIdOf(req))),
  restore: async (req, before) => {
    const was = parseWith(accountStateSchema, before, '/before', 'InvalidInput');
    const settings = settingsOf(req);
    if (was.profile !== settings.profile) {
      throw new ConnectorError('Conflict', `the recorded state was read with profile '${was.profile}' but the connection now uses '${settings.profile}'`);
    }
    await withDirectory(settings, async (s) => {
      const user = await s.findUser(was.dn);
      await s.modify(user.dn, s.profile.restore(user.lock, was.lock), `restoring the account state of '${user.dn}'`);
    });
  },
};

/** State access for operations that change a user's group memberships. */
export const membershipStateAccess: ResourceStateAccess = {
  resource: (req) => ({ kind: 'ldap-group-membership', id: resourceId(req) }),
  read: (req) => withDirectory(settingsOf(req), (s) => readMemberships(s, userIdOf(req))),
  restore: async (req, before) => {
    const was = parseWith(membershipStateSchema, before, '/before', 'InvalidInput');
    await withDirectory(settingsOf(req), async (s) => {
      const user = await s.findUser(was.dn);
      const current = await s.groupsOf(user.dn);
      const wanted = new Set(was.groups.map(normalizeDn));
      const have = new Set(current.map((g) => normalizeDn(g.dn)));
      for (const g of current) {
        if (!wanted.has(normalizeDn(g.dn))) await s.changeMembership(g.dn, g.memberAttribute, user.dn, 'delete');
      }
      for (const groupDn of was.groups) {
        if (have.has(normalizeDn(groupDn))) continue;
        const group = await s.readGroup(groupDn);
        await s.changeMembership(group.dn, group.memberAttribute, user.dn, 'add');
      }
    });
  },
};

/**
 * State access for a password reset. The before-state says only that the old password is gone;
 * restore changes nothing and resolves with a notice saying so, for the recovery report.
 */
export const passwordStateAccess: ResourceStateAccess = {
  resource: (req) => ({ kind: 'ldap-user-password', id: resourceId(req) }),
  read: (req) => withDirectory(settingsOf(req), async (s): Promise<PasswordState> => ({ dn: (await s.findUser(userIdOf(req))).dn, restorable: false })),
  restore: restorePassword,
};

async function restorePassword(): Promise<RestoreNotice> {
  return { restored: false, message: PASSWORD_NOT_RESTORABLE };
}
