/**
 * The `directory` connector (Riposte's own LDAP containment operations) and the `azuread` operations
 * Sentinel playbooks call (get a user, PATCH accountEnabled), both answered from an LDAP directory.
 */
import { z } from 'zod';
import { ConnectorError, defineConnector, defineOperation, ok } from '../sdk/index.ts';
import { quarantine, removeFromGroups, resetPassword, setAccountEnabled } from './account-actions.ts';
import { directoryConnection } from './directory-settings.ts';
import { withDirectory } from './directory-session.ts';
import { toGraphUser } from './graph-user.ts';
import { accountStateAccess, membershipStateAccess, passwordStateAccess } from './user-state.ts';

const READ = 'connectors.directory.read';
const WRITE = 'connectors.directory.write';

const accountResult = z.object({ dn: z.string(), enabled: z.boolean(), changed: z.boolean() });

const getUser = defineOperation({
  id: 'directory.getUser',
  summary: 'Read a user: DN, GUID, enabled flag, attributes, group DNs',
  method: 'get',
  path: '/users/{id}',
  permission: READ,
  effect: 'read',
  connection: directoryConnection,
  async execute({ settings, pathParams }) {
    return withDirectory(settings, async (s) => {
      const user = await s.findUser(pathParams.id!);
      const groups = (await s.groupsOf(user.dn)).map((g) => g.dn);
      return ok({ dn: user.dn, id: user.objectId, enabled: user.enabled, attributes: user.attributes, lock: user.lock, groups });
    });
  },
});

const listGroups = defineOperation({
  id: 'directory.listGroups',
  summary: "List the groups a user is a member of (sorted DNs)",
  method: 'get',
  path: '/users/{id}/groups',
  permission: READ,
  effect: 'read',
  connection: directoryConnection,
  output: z.object({ dn: z.string(), value: z.array(z.object({ dn: z.string(), memberAttribute: z.string() })) }),
  async execute({ settings, pathParams }) {
    return withDirectory(settings, async (s) => {
      const user = await s.findUser(pathParams.id!);
      return ok({ dn: user.dn, value: await s.groupsOf(user.dn) });
    });
  },
});

const disable = defineOperation({
  id: 'directory.disableUser',
  summary: 'Disable an account (the profile decides how: ppolicy lock, userAccountControl, nsAccountLock)',
  method: 'post',
  path: '/users/{id}/disable',
  permission: WRITE,
  effect: 'change',
  connection: directoryConnection,
  output: accountResult,
  state: accountStateAccess,
  execute: ({ settings, pathParams }) => withDirectory(settings, async (s) => ok(await setAccountEnabled(s, pathParams.id!, false))),
});

const enable = defineOperation({
  id: 'directory.enableUser',
  summary: 'Enable an account',
  method: 'post',
  path: '/users/{id}/enable',
  permission: WRITE,
  effect: 'change',
  connection: directoryConnection,
  output: accountResult,
  state: accountStateAccess,
  execute: ({ settings, pathParams }) => withDirectory(settings, async (s) => ok(await setAccountEnabled(s, pathParams.id!, true))),
});

const resetPasswordOp = defineOperation({
  id: 'directory.resetPassword',
  summary: 'Set a new password (generated unless given), forcing a change at next logon where supported',
  method: 'post',
  path: '/users/{id}/resetPassword',
  permission: WRITE,
  effect: 'change',
  connection: directoryConnection,
  body: z
    .object({
      password: z.string().min(1).optional(),
      forceChangeAtNextLogon: z.boolean().default(true),
      /** The new password is left out of the output unless asked for (mark the action's outputs secure). */
      returnPassword: z.boolean().default(false),
    })
    .default({ forceChangeAtNextLogon: true, returnPassword: false }),
  output: z.object({ dn: z.string(), forceChangeAtNextLogon: z.boolean(), generated: z.boolean(), note: z.string().optional(), password: z.string().optional() }),
  state: passwordStateAccess,
  execute: ({ settings, pathParams, body }) => withDirectory(settings, async (s) => ok(await resetPassword(s, pathParams.id!, body))),
});

const removeGroups = defineOperation({
  id: 'directory.removeFromGroups',
  summary: 'Remove a user from the listed groups (DNs or names), or from all groups',
  method: 'post',
  path: '/users/{id}/removeFromGroups',
  permission: WRITE,
  effect: 'change',
  connection: directoryConnection,
  body: z.object({ groups: z.array(z.string().min(1)).optional() }).default({}),
  output: z.object({ dn: z.string(), removed: z.array(z.string()), notMember: z.array(z.string()) }),
  state: membershipStateAccess,
  execute: ({ settings, pathParams, body }) => withDirectory(settings, async (s) => ok(await removeFromGroups(s, pathParams.id!, body.groups))),
});

const quarantineOp = defineOperation({
  id: 'directory.quarantineUser',
  summary: "Add a user to the connection's quarantine group (or the group given)",
  method: 'post',
  path: '/users/{id}/quarantine',
  permission: WRITE,
  effect: 'change',
  connection: directoryConnection,
  body: z.object({ groupDn: z.string().min(1).optional() }).default({}),
  output: z.object({ dn: z.string(), group: z.string(), added: z.boolean() }),
  state: membershipStateAccess,
  execute: ({ settings, pathParams, body }) => {
    const groupDn = body.groupDn ?? settings.quarantineGroupDn;
    if (!groupDn) {
      throw new ConnectorError('InvalidConnection', 'no quarantine group: set quarantineGroupDn on the connection or groupDn in the body', { field: '/connection/settings/quarantineGroupDn' });
    }
    return withDirectory(settings, async (s) => ok(await quarantine(s, pathParams.id!, groupDn)));
  },
});

/** Riposte's LDAP containment operations (api "directory"). */
export const directoryConnector = defineConnector({
  api: 'directory',
  displayName: 'Directory (LDAP: OpenLDAP, Active Directory, 389/FreeIPA)',
  connection: directoryConnection,
  operations: [getUser, listGroups, disable, enable, resetPasswordOp, removeGroups, quarantineOp],
});

const graphUserOutput = z.object({ id: z.string(), userPrincipalName: z.string().nullable(), displayName: z.string().nullable(), mail: z.string().nullable(), accountEnabled: z.boolean() }).loose();

const graphGetUser = defineOperation({
  id: 'azuread.getUser',
  summary: 'Get user (Graph GET /v1.0/users/{id}) from an LDAP directory',
  method: 'get',
  path: '/v1.0/users/{id}',
  permission: READ,
  effect: 'read',
  connection: directoryConnection,
  output: graphUserOutput,
  execute: ({ settings, pathParams }) => withDirectory(settings, async (s) => ok(toGraphUser(await s.findUser(pathParams.id!)))),
});

const graphUpdateUser = defineOperation({
  id: 'azuread.updateUser',
  summary: 'Update user (Graph PATCH /v1.0/users/{id}): accountEnabled only, on an LDAP directory',
  method: 'patch',
  path: '/v1.0/users/{id}',
  permission: WRITE,
  effect: 'change',
  connection: directoryConnection,
  body: z.object({ accountEnabled: z.boolean() }).loose(),
  state: accountStateAccess,
  execute: async ({ settings, pathParams, body }) => {
    const other = Object.keys(body).find((k) => k !== 'accountEnabled');
    if (other !== undefined) {
      throw new ConnectorError('InvalidInput', `/body/${other}: only accountEnabled can be changed in an LDAP directory through this operation`, { field: `/body/${other}` });
    }
    await withDirectory(settings, (s) => setAccountEnabled(s, pathParams.id!, body.accountEnabled));
    // Graph answers a successful PATCH with 204 and no body.
    return ok(undefined, 204);
  },
});

/** The `azuread` user operations Sentinel playbooks call (Block-AADUser and kin), served by LDAP. */
export const azureAdDirectoryConnector = defineConnector({
  api: 'azuread',
  displayName: 'Azure AD users (served by an LDAP directory)',
  connection: directoryConnection,
  operations: [graphGetUser, graphUpdateUser],
});
