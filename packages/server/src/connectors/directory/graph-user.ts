import type { DirectoryUser } from './directory-session.ts';

/** The subset of a Microsoft Graph `user` that playbooks read, filled from LDAP attributes. */
export interface GraphUser {
  id: string;
  userPrincipalName: string | null;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  officeLocation: string | null;
  department: string | null;
  accountEnabled: boolean;
  onPremisesSamAccountName: string | null;
  onPremisesDistinguishedName: string;
}

/**
 * Maps a directory entry to Graph field names. `id` is the entry's own GUID (entryUUID, objectGUID
 * or nsUniqueId, per profile), as Graph's object id is; the DN only if the directory hides it.
 */
export function toGraphUser(user: DirectoryUser): GraphUser {
  const one = (...names: string[]): string | null => {
    for (const name of names) {
      const key = Object.keys(user.attributes).find((k) => k.toLowerCase() === name.toLowerCase());
      const v = key ? user.attributes[key]?.[0] : undefined;
      if (v !== undefined) return v;
    }
    return null;
  };
  const phonesKey = Object.keys(user.attributes).find((k) => k.toLowerCase() === 'telephonenumber');
  return {
    id: user.objectId ?? user.dn,
    userPrincipalName: one('userPrincipalName', 'mail', 'uid'),
    displayName: one('displayName', 'cn'),
    givenName: one('givenName'),
    surname: one('sn'),
    mail: one('mail'),
    jobTitle: one('title'),
    mobilePhone: one('mobile'),
    businessPhones: phonesKey ? [...(user.attributes[phonesKey] ?? [])] : [],
    officeLocation: one('physicalDeliveryOfficeName'),
    department: one('department'),
    accountEnabled: user.enabled,
    onPremisesSamAccountName: one('sAMAccountName', 'uid'),
    onPremisesDistinguishedName: user.dn,
  };
}
