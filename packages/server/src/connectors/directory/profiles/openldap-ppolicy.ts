import type { AccountProfile } from './account-profile.ts';
import { restoreAttributes } from './account-profile.ts';
import { escapeFilterValue } from '../ldap-escape.ts';
import { canonicalGuid } from '../object-guid.ts';

/**
 * OpenLDAP with the ppolicy overlay. This lock time is the documented "locked until an administrator
 * unlocks it" value: ppolicy refuses every bind while it is set, with no automatic unlock.
 */
export const PERMANENT_LOCK_TIME = '000001010000Z';

export const openLdapPpolicyProfile: AccountProfile = {
  name: 'openldap-ppolicy',
  // RFC 4530 entryUUID: already a canonical UUID string, matched by uuidMatch.
  objectId: {
    name: 'entryUUID',
    binary: false,
    toGuid: (value) => canonicalGuid(value.toString()),
    filterValue: (guid) => escapeFilterValue(guid),
  },
  lockAttributes: ['pwdAccountLockedTime'],
  isEnabled: (lock) => !lock.pwdAccountLockedTime?.length,
  disable: (lock) =>
    lock.pwdAccountLockedTime?.includes(PERMANENT_LOCK_TIME) ? [] : [{ operation: 'replace', type: 'pwdAccountLockedTime', values: [PERMANENT_LOCK_TIME] }],
  // A temporary lockout (a time stamp after failed binds) is also cleared: the user is meant to log in.
  enable: (lock) => (lock.pwdAccountLockedTime?.length ? [{ operation: 'delete', type: 'pwdAccountLockedTime', values: [] }] : []),
  restore: restoreAttributes,
  resetPassword: (password, forceChange) => ({
    changes: [
      { operation: 'replace', type: 'userPassword', values: [password] },
      ...(forceChange ? [{ operation: 'replace' as const, type: 'pwdReset', values: ['TRUE'] }] : []),
    ],
    forceChangeApplied: forceChange,
  }),
};
