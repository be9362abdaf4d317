/**
 * The Azure AD Identity Protection (azureadip) operations corpus playbooks call, addressed as the
 * Logic Apps connector addresses them (the old beta paths) and sent to Graph's v1.0
 * identityProtection riskyUsers API: confirm compromised and dismiss, each for up to 60 users.
 */
import { z } from 'zod';
import { defineOperation, ok, type DescribedOperation } from '../sdk/index.ts';
import { azureAdIpConnection } from './connection.ts';
import type { RiskyUsersApi } from './graph-api.ts';
import { riskStateAccess } from './risk-state.ts';

export const AZUREADIP_PERMISSION = 'connectors.azureadip.write';

// Entra user object ids are GUIDs: anything else (a UPN, or the DN an LDAP-backed azuread
// connection answers when the directory hides the entry's own GUID) is refused here, naming the
// item, instead of by Graph.
const userId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: 'expected an Entra user object id (a GUID)' });
// Graph takes at most 60 users per dismiss call; the same bound is used for both.
const body = z.object({ userIds: z.array(userId).min(1).max(60) });

export function azureAdIpOperations(api: RiskyUsersApi): DescribedOperation[] {
  const state = riskStateAccess(api);
  const operation = (action: 'confirmCompromised' | 'dismiss', summary: string) =>
    defineOperation({
      id: `azureadip.${action}`,
      summary,
      method: 'post',
      path: `/beta/riskyUsers/${action}`,
      permission: AZUREADIP_PERMISSION,
      effect: 'change',
      connection: azureAdIpConnection,
      body,
      state,
      async execute({ settings, body, signal }) {
        await api.act(settings, action, body.userIds, signal);
        return ok(undefined, 204);
      },
    });
  return [operation('confirmCompromised', 'Confirm a risky user as compromised'), operation('dismiss', 'Dismiss a risky user')];
}
