/**
 * The risk Identity Protection holds about the users a call names, for the change ledger, and how
 * much of it recovery can put back. Identity Protection has two writes only: confirmCompromised
 * (riskState confirmedCompromised, riskLevel high) and dismiss (riskState dismissed, riskLevel
 * none). So:
 * - confirmedCompromised and dismissed are put back exactly;
 * - a user with no risk (none, remediated, confirmedSafe at level none) gets the risk we added
 *   dismissed: the level is none again, but the state reads "dismissed" — reported, not pretended;
 * - a user who was at risk cannot be put back at risk by any call; dismissing would also clear the
 *   risk they had before the incident, so nothing is sent and recovery reports it for a person.
 * Such a before-state carries `restorable: false`, so the dry run says so before anything runs.
 */
import { z } from 'zod';
import type { ConnectorRequest, ResourceStateAccess, RestoreNotice } from '@riposte/engine';
import { ConnectorError, parseWith } from '../sdk/index.ts';
import type { AzureAdIpSettings } from './connection.ts';
import type { RiskyUsersApi } from './graph-api.ts';

export interface UserRisk {
  id: string;
  riskState: string;
  riskLevel: string;
}

export interface RiskState {
  users: UserRisk[];
  /** Present (false) when recovery cannot put every user back exactly. */
  restorable?: false;
}

const riskyUserSchema = z.looseObject({ id: z.string().optional(), riskState: z.string().nullish(), riskLevel: z.string().nullish() });
const stateSchema = z.object({ users: z.array(z.object({ id: z.string().min(1), riskState: z.string(), riskLevel: z.string() })), restorable: z.literal(false).optional() });

const NO_RISK_STATES = new Set(['none', 'remediated', 'confirmedsafe']);
const exact = (u: UserRisk) => u.riskState === 'confirmedCompromised' || u.riskState === 'dismissed';
const withoutRisk = (u: UserRisk) => u.riskLevel === 'none' && NO_RISK_STATES.has(u.riskState.toLowerCase());

/** The ids of `body.userIds`, as given; a typed error names the field when there are none. */
export function userIdsOf(req: ConnectorRequest): string[] {
  const ids = (req.body as { userIds?: unknown } | undefined)?.userIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) {
    throw new ConnectorError('InvalidInput', 'expected userIds, a list of user object ids', { field: '/body/userIds' });
  }
  return ids as string[];
}

async function readUser(api: RiskyUsersApi, settings: AzureAdIpSettings, id: string, signal?: AbortSignal): Promise<UserRisk> {
  try {
    const user = parseWith(riskyUserSchema, await api.get(settings, id, signal), '/riskyUser', 'UpstreamFailure');
    return { id: id.toLowerCase(), riskState: user.riskState ?? 'none', riskLevel: user.riskLevel ?? 'none' };
  } catch (err) {
    // Identity Protection lists only users it has assessed: not found is a user without risk.
    if (err instanceof ConnectorError && err.code === 'NotFound') return { id: id.toLowerCase(), riskState: 'none', riskLevel: 'none' };
    throw err;
  }
}

/** Reads each named user's risk (sorted by id, so one set of users is one state). */
export async function readRisk(api: RiskyUsersApi, settings: AzureAdIpSettings, ids: readonly string[], signal?: AbortSignal): Promise<RiskState> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  const users: UserRisk[] = [];
  for (const id of unique) users.push(await readUser(api, settings, id, signal));
  return { users, ...(users.every(exact) ? {} : { restorable: false as const }) };
}

/** State access shared by confirmCompromised and dismiss: both change the same thing. */
export function riskStateAccess(api: RiskyUsersApi): ResourceStateAccess {
  return {
    resource: (req) => ({ kind: 'entra-user-risk', id: [...new Set(userIdsOf(req).map((id) => id.toLowerCase()))].sort().join(',') }),
    read: (req) => readRisk(api, api.settingsOf(req), userIdsOf(req), req.signal),
    restore: restoreRisk(api),
  };
}

function restoreRisk(api: RiskyUsersApi) {
  return async (req: ConnectorRequest, before: unknown): Promise<RestoreNotice | undefined> => {
    const was = parseWith(stateSchema, before, '/before', 'InvalidInput');
    const settings = api.settingsOf(req);
    const notes: string[] = [];
    const toConfirm: string[] = [];
    const toDismiss: string[] = [];
    for (const user of was.users) {
      const now = await readUser(api, settings, user.id, req.signal);
      if (now.riskState === user.riskState && now.riskLevel === user.riskLevel) continue;
      if (user.riskState === 'confirmedCompromised') toConfirm.push(user.id);
      else if (user.riskState === 'dismissed') toDismiss.push(user.id);
      else if (withoutRisk(user)) {
        if (now.riskLevel !== 'none') toDismiss.push(user.id);
        notes.push(`user ${user.id}: risk level none again as before, but Identity Protection now reads riskState 'dismissed' where it was '${user.riskState}' (no call sets riskState itself)`);
      } else {
        notes.push(
          `user ${user.id}: left ${now.riskState} (${now.riskLevel}); it was ${user.riskState} (${user.riskLevel}) and Identity Protection has no call that puts a user back at risk — dismissing would clear that risk too, so decide in Entra ID Protection`,
        );
      }
    }
    if (toConfirm.length) await api.act(settings, 'confirmCompromised', toConfirm, req.signal);
    if (toDismiss.length) await api.act(settings, 'dismiss', toDismiss, req.signal);
    return notes.length ? { restored: false, message: notes.join('; ') } : undefined;
  };
}
