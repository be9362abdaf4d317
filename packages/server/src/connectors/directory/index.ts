// LDAP containment: the `directory` connector, the `azuread` user operations served from LDAP,
// account profiles, and the filter/DN escapers.
export { azureAdDirectoryConnector, directoryConnector } from './directory-connector.ts';
export { directoryConnection, type DirectorySettings } from './directory-settings.ts';
export { DirectorySession, withDirectory, type DirectoryUser, type GroupMembership } from './directory-session.ts';
export { toGraphUser, type GraphUser } from './graph-user.ts';
export {
  accountStateAccess,
  membershipStateAccess,
  passwordStateAccess,
  PASSWORD_NOT_RESTORABLE,
  type AccountState,
  type MembershipState,
  type PasswordState,
} from './user-state.ts';
export { escapeDnValue, escapeFilterBytes, escapeFilterValue, looksLikeDn, normalizeDn, unescapeDnValue, unescapeFilterValue } from './ldap-escape.ts';
export * from './profiles/index.ts';
export { canonicalGuid, guidFromNsUniqueId, guidFromObjectGuidBytes, nsUniqueIdFromGuid, objectGuidBytesFromGuid } from './object-guid.ts';
