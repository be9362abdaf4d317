import type { AccountProfile } from './account-profile.ts';
import { restoreAttributes } from './account-profile.ts';
import { escapeFilterValue } from '../ldap-escape.ts';
import { guidFromNsUniqueId, nsUniqueIdFromGuid } from '../object-guid.ts';

/**
 * 389 Directory Server and FreeIPA: the nsAccountLock operational attribute (TRUE = locked), which
 * both honour at bind time.
 */
export const freeIpa389Profile: AccountProfile = {
  name: '389-freeipa',
  // nsUniqueId is on every 389 entry, FreeIPA's included (ipaUniqueID is only on IPA-managed
  // objects); 389 writes it as four groups of eight hex digits, regrouped here as a GUID.
  objectId: {
    name: 'nsUniqueId',
    binary: false,
    toGuid: (value) => guidFromNsUniqueId(value.toString()),
    filterValue: (guid) => escapeFilterValue(nsUniqueIdFromGuid(guid)),
  },
  lockAttributes: ['nsAccountLock'],
  isEnabled: (lock) => !lock.nsAccountLock?.some((v) => v.toUpperCase() === 'TRUE'),
  disable: (lock) => (lock.nsAccountLock?.some((v) => v.toUpperCase() === 'TRUE') ? [] : [{ operation: 'replace', type: 'nsAccountLock', values: ['TRUE'] }]),
  enable: (lock) => (lock.nsAccountLock?.length ? [{ operation: 'delete', type: 'nsAccountLock', values: [] }] : []),
  restore: restoreAttributes,
  // 389 has no per-user "must change" flag an administrator can set: the password policy's
  // passwordMustChange (389) or the automatic expiry of admin-set passwords (FreeIPA) decides.
  resetPassword: (password, forceChange) => ({
    changes: [{ operation: 'replace', type: 'userPassword', values: [password] }],
    forceChangeApplied: false,
    ...(forceChange ? { note: 'this directory forces a change after an administrator reset only through its password policy (passwordMustChange); no per-user flag was set' } : {}),
  }),
};
