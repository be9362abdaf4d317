import { directoryConnection } from '../directory/index.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import { getManagerOperation, getUserProfileOperation } from './user-operations.ts';

export { managerDnOf, toOffice365User, type Office365User } from './office365-user.ts';
export { getManagerOperation, getUserProfileOperation, OFFICE365_USERS_READ_PERMISSION } from './user-operations.ts';

/** `office365users`: the Office 365 Users reads playbooks make (manager, profile), served by an LDAP directory connection. */
export const office365UsersConnector = defineConnector({
  api: 'office365users',
  displayName: 'Office 365 Users (served by an LDAP directory)',
  connection: directoryConnection,
  operations: [getManagerOperation, getUserProfileOperation],
});
