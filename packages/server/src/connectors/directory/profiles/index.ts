import type { AccountProfile, ProfileName } from './account-profile.ts';
import { activeDirectoryProfile } from './active-directory.ts';
import { freeIpa389Profile } from './freeipa-389.ts';
import { openLdapPpolicyProfile } from './openldap-ppolicy.ts';

export type { AccountProfile, AttributeChange, LockState, ObjectIdAttribute, PasswordReset, ProfileName } from './account-profile.ts';
export { restoreAttributes } from './account-profile.ts';
export { ACCOUNTDISABLE, activeDirectoryProfile, encodeUnicodePwd } from './active-directory.ts';
export { freeIpa389Profile } from './freeipa-389.ts';
export { openLdapPpolicyProfile, PERMANENT_LOCK_TIME } from './openldap-ppolicy.ts';

export const accountProfiles: Record<ProfileName, AccountProfile> = {
  'openldap-ppolicy': openLdapPpolicyProfile,
  'active-directory': activeDirectoryProfile,
  '389-freeipa': freeIpa389Profile,
};
