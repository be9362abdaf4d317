/**
 * The Office 365 Users operations Sentinel playbooks call, answered from the LDAP directory of the
 * connection (the directory connector's settings and session): "Get manager (V2)" follows the
 * user's `manager` DN (Revoke-AADSignInSessions mails the manager it finds), "Get user profile (V2)"
 * reads the user.
 */
import { z } from 'zod';
import { directoryConnection, withDirectory } from '../directory/index.ts';
import { ConnectorError } from '../sdk/connector-error.ts';
import { defineOperation, ok } from '../sdk/define-operation.ts';
import { managerDnOf, toOffice365User } from './office365-user.ts';

export const OFFICE365_USERS_READ_PERMISSION = 'connectors.directory.read';

const office365User = z
  .object({
    id: z.string(),
    displayName: z.string().nullable(),
    mail: z.string().nullable(),
    userPrincipalName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    department: z.string().nullable(),
    givenName: z.string().nullable(),
    surname: z.string().nullable(),
    mailNickname: z.string().nullable(),
    accountEnabled: z.boolean(),
  })
  .loose();

// `$select` narrows Graph's answer; the connector passes it on, the whole user is answered here.
const select = z.object({ $select: z.string().optional() }).loose();

export const getManagerOperation = defineOperation({
  id: 'office365users.managerV2',
  summary: 'Get manager (V2)',
  method: 'get',
  path: '/codeless/v1.0/users/{id}/manager',
  permission: OFFICE365_USERS_READ_PERMISSION,
  effect: 'read',
  connection: directoryConnection,
  queries: select,
  output: office365User,
  execute: ({ settings, pathParams }) =>
    withDirectory(settings, async (s) => {
      const id = pathParams.id!;
      const user = await s.findUser(id);
      const managerDn = managerDnOf(user);
      // Graph answers 404 Request_ResourceNotFound for a user without a manager.
      if (!managerDn) throw new ConnectorError('NotFound', `user '${id}' has no manager in the directory`, { field: '/pathParams/id' });
      const manager = await s.findUser(managerDn).catch((err: unknown) => {
        if (err instanceof ConnectorError && err.code === 'NotFound') {
          throw new ConnectorError('NotFound', `the manager of user '${id}' ('${managerDn}') is not in the directory`, { field: '/pathParams/id' });
        }
        throw err;
      });
      return ok(toOffice365User(manager));
    }),
});

export const getUserProfileOperation = defineOperation({
  id: 'office365users.userProfileV2',
  summary: 'Get user profile (V2)',
  method: 'get',
  path: '/codeless/v1.0/users/{id}',
  permission: OFFICE365_USERS_READ_PERMISSION,
  effect: 'read',
  connection: directoryConnection,
  queries: select,
  output: office365User,
  execute: ({ settings, pathParams }) => withDirectory(settings, async (s) => ok(toOffice365User(await s.findUser(pathParams.id!)))),
});
