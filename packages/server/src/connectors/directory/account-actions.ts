/**
 * The containment actions themselves, shared by the `directory` and `azuread` operations: each takes
 * a bound session and a user id as a playbook gives it.
 */
import { ConnectorError } from '../sdk/index.ts';
import type { DirectorySession } from './directory-session.ts';
import { generatePassword } from './generate-password.ts';
import { looksLikeDn, normalizeDn, splitDn, unescapeDnValue } from './ldap-escape.ts';

export interface AccountChangeResult {
  dn: string;
  enabled: boolean;
  /** False when the account already was in the requested state. */
  changed: boolean;
}

/** Enables or disables an account the way the connection's profile marks it. */
export async function setAccountEnabled(session: DirectorySession, id: string, enabled: boolean): Promise<AccountChangeResult> {
  const user = await session.findUser(id);
  const changes = enabled ? session.profile.enable(user.lock) : session.profile.disable(user.lock);
  await session.modify(user.dn, changes, `${enabled ? 'enabling' : 'disabling'} '${user.dn}'`);
  return { dn: user.dn, enabled, changed: changes.length > 0 };
}

export interface PasswordResetResult {
  dn: string;
  forceChangeAtNextLogon: boolean;
  generated: boolean;
  note?: string;
  /** Only when the caller asked for it. */
  password?: string;
}

/** Sets a new password (given or generated), forcing a change at next logon where the directory can. */
export async function resetPassword(
  session: DirectorySession,
  id: string,
  options: { password?: string | undefined; forceChangeAtNextLogon: boolean; returnPassword: boolean },
): Promise<PasswordResetResult> {
  const user = await session.findUser(id);
  const password = options.password ?? generatePassword();
  const reset = session.profile.resetPassword(password, options.forceChangeAtNextLogon);
  // The modify error names the step only; the password is not part of any message.
  await session.modify(user.dn, reset.changes, `resetting the password of '${user.dn}'`);
  return {
    dn: user.dn,
    forceChangeAtNextLogon: reset.forceChangeApplied,
    generated: options.password === undefined,
    ...(reset.note ? { note: reset.note } : {}),
    ...(options.returnPassword ? { password } : {}),
  };
}

export interface GroupRemovalResult {
  dn: string;
  removed: string[];
  /** Groups asked for that did not list the user. */
  notMember: string[];
}

function groupMatches(wanted: string, groupDn: string): boolean {
  if (looksLikeDn(wanted)) return normalizeDn(wanted) === normalizeDn(groupDn);
  const first = splitDn(groupDn)[0] ?? '';
  const value = unescapeDnValue(first.slice(first.indexOf('=') + 1).trim());
  return value.toLowerCase() === wanted.trim().toLowerCase();
}

/**
 * Removes the user from the listed groups (DNs or names), or from all of them. Checks first that no
 * removal would empty a group whose schema requires a member, so it fails before changing anything.
 */
export async function removeFromGroups(session: DirectorySession, id: string, groups: string[] | undefined): Promise<GroupRemovalResult> {
  const user = await session.findUser(id);
  const memberships = await session.groupsOf(user.dn);
  const targets = groups === undefined ? memberships : memberships.filter((m) => groups.some((g) => groupMatches(g, m.dn)));
  const notMember = groups === undefined ? [] : groups.filter((g) => !memberships.some((m) => groupMatches(g, m.dn)));
  for (const target of targets) {
    const group = await session.readGroup(target.dn);
    const needsMember = group.objectClasses.some((c) => ['groupofnames', 'groupofuniquenames'].includes(c.toLowerCase()));
    if (needsMember && group.members.length <= 1) {
      throw new ConnectorError(
        'Conflict',
        `cannot remove '${user.dn}' from '${target.dn}': it is the group's only member and its schema (${group.objectClasses.join(', ')}) requires one; nothing was changed`,
      );
    }
  }
  for (const target of targets) await session.changeMembership(target.dn, target.memberAttribute, user.dn, 'delete');
  return { dn: user.dn, removed: targets.map((t) => t.dn), notMember };
}

/** Adds the user to the quarantine group. */
export async function quarantine(session: DirectorySession, id: string, groupDn: string): Promise<{ dn: string; group: string; added: boolean }> {
  const user = await session.findUser(id);
  const group = await session.readGroup(groupDn);
  const already = group.members.some((m) => normalizeDn(m) === normalizeDn(user.dn));
  if (!already) await session.changeMembership(group.dn, group.memberAttribute, user.dn, 'add');
  return { dn: user.dn, group: group.dn, added: !already };
}
