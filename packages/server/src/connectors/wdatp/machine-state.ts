/**
 * A machine's containment state as Defender for Endpoint knows it. The machine entity has no
 * isolation or restriction field: MDE keeps response actions as machineActions, so the state is
 * the latest Isolate/Unisolate (or RestrictCodeExecution/UnrestrictCodeExecution) action on the
 * machine that has not failed, been cancelled or timed out. A Pending or InProgress action counts:
 * it is what MDE is applying.
 */
import { z } from 'zod';
import type { ConnectorRequest, ResourceStateAccess } from '@riposte/engine';
import { ConnectorError, parseWith } from '../sdk/index.ts';
import type { WdatpSettings } from './connection.ts';
import { MDE, type MdeApi } from './mde-api.ts';

export interface IsolationState {
  machineId: string;
  isolated: boolean;
  /** "Full" or "Selective" while isolated, else null. */
  isolationType: string | null;
}

export interface CodeExecutionState {
  machineId: string;
  codeExecutionRestricted: boolean;
}

/** MDE's machineAction as reading the state needs it (a list row; other fields pass through). */
export const machineActionSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  status: z.string(),
  scope: z.string().nullish(),
  machineId: z.string().nullish(),
  creationDateTimeUtc: z.string().nullish(),
});
type MachineAction = z.output<typeof machineActionSchema>;
const listSchema = z.looseObject({ value: z.array(machineActionSchema), '@odata.nextLink': z.string().optional() });

/** Statuses of an action that did not (and will not) take effect. */
const ENDED_WITHOUT_EFFECT = new Set(['failed', 'cancelled', 'timeout']);
/** Pages of machine actions read at most (10,000 each). */
const MAX_PAGES = 10;

/** The machine id of a request's path; a typed error names the path when it is missing. */
export function machineIdOf(req: ConnectorRequest): string {
  const id = req.pathParams.id;
  if (!id) throw new ConnectorError('InvalidInput', 'the path names no machine', { field: '/pathParams/id' });
  return id;
}

/** Every machine action MDE lists for the machine (following nextLink on the API's own origin). */
async function machineActions(api: MdeApi, settings: WdatpSettings, machineId: string, signal?: AbortSignal): Promise<MachineAction[]> {
  const all: MachineAction[] = [];
  let next: { path: string; query?: Record<string, string> } | undefined = {
    path: '/api/machineactions',
    query: { $filter: `machineId eq '${machineId.replaceAll("'", "''")}'` },
  };
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const body: z.output<typeof listSchema> = parseWith(listSchema, await api.call(settings, { method: 'GET', ...next, ...(signal ? { signal } : {}) }), '/machineactions', 'UpstreamFailure');
    all.push(...body.value);
    const link: string | undefined = body['@odata.nextLink'];
    // The bearer token goes only where the connection points.
    next = link && new URL(link).origin === new URL(settings.baseUrl).origin ? { path: link } : undefined;
  }
  return all;
}

/** The later-created of two actions (the first of equals; an unparsable time counts as the earliest). */
function newer(kept: MachineAction | undefined, a: MachineAction): MachineAction {
  if (!kept) return a;
  const at = (x: MachineAction) => Date.parse(x.creationDateTimeUtc ?? '') || 0;
  return at(a) > at(kept) ? a : kept;
}

/** The newest action of the two types that took or is taking effect. */
function latest(actions: readonly MachineAction[], machineId: string, types: readonly [string, string]): MachineAction | undefined {
  const wanted = types.map((t) => t.toLowerCase());
  return actions
    .filter((a) => wanted.includes(a.type.toLowerCase()) && !ENDED_WITHOUT_EFFECT.has(a.status.toLowerCase()))
    .filter((a) => !a.machineId || a.machineId.toLowerCase() === machineId.toLowerCase())
    .reduce(newer, undefined);
}

/**
 * The machine's pending (or in-progress) action of `type`, if any: what MDE's "Action is already in
 * progress" refers to, e.g. when a retried request had in fact reached MDE the first time.
 */
export async function pendingAction(api: MdeApi, settings: WdatpSettings, machineId: string, type: string, signal?: AbortSignal): Promise<unknown> {
  return (await machineActions(api, settings, machineId, signal))
    .filter((a) => a.type.toLowerCase() === type.toLowerCase() && ['pending', 'inprogress'].includes(a.status.toLowerCase()))
    .reduce(newer, undefined);
}

export async function readIsolation(api: MdeApi, settings: WdatpSettings, machineId: string, signal?: AbortSignal): Promise<IsolationState> {
  const last = latest(await machineActions(api, settings, machineId, signal), machineId, ['Isolate', 'Unisolate']);
  const isolated = last?.type.toLowerCase() === 'isolate';
  return { machineId: machineId.toLowerCase(), isolated, isolationType: isolated ? (last?.scope ?? 'Full') : null };
}

export async function readCodeExecution(api: MdeApi, settings: WdatpSettings, machineId: string, signal?: AbortSignal): Promise<CodeExecutionState> {
  const last = latest(await machineActions(api, settings, machineId, signal), machineId, ['RestrictCodeExecution', 'UnrestrictCodeExecution']);
  return { machineId: machineId.toLowerCase(), codeExecutionRestricted: last?.type.toLowerCase() === 'restrictcodeexecution' };
}

const isolationSchema = z.object({ machineId: z.string().min(1), isolated: z.boolean(), isolationType: z.string().nullable() });
const codeExecutionSchema = z.object({ machineId: z.string().min(1), codeExecutionRestricted: z.boolean() });

const recoveryComment = (req: ConnectorRequest) => `Riposte incident recovery (${req.idempotencyKey}): restoring the state recorded before the incident's change`;

/** Isolate and unisolate change this: read from machine actions, restored by the opposite action. */
export function isolationStateAccess(api: MdeApi): ResourceStateAccess {
  return {
    resource: (req) => ({ kind: 'mde-machine-isolation', id: machineIdOf(req).toLowerCase() }),
    read: (req) => readIsolation(api, api.settingsOf(req), machineIdOf(req), req.signal),
    async restore(req, before) {
      const was = parseWith(isolationSchema, before, '/before', 'InvalidInput');
      const settings = api.settingsOf(req);
      const id = machineIdOf(req);
      const now = await readIsolation(api, settings, id, req.signal);
      if (now.isolated === was.isolated && now.isolationType === was.isolationType) return;
      if (now.isolated && was.isolated) {
        throw new ConnectorError('Conflict', `${MDE} has machine ${id} isolated (${now.isolationType}), recorded as ${was.isolationType}: release it by hand before it can be isolated again`);
      }
      const action = was.isolated ? 'isolate' : 'unisolate';
      const body = was.isolated ? { Comment: recoveryComment(req), IsolationType: was.isolationType ?? 'Full' } : { Comment: recoveryComment(req) };
      await api.call(settings, { method: 'POST', path: `/api/machines/${encodeURIComponent(id)}/${action}`, body, signal: req.signal });
    },
  };
}

/** Restricting app execution changes this; restored by unrestrictCodeExecution (or restricting again). */
export function codeExecutionStateAccess(api: MdeApi): ResourceStateAccess {
  return {
    resource: (req) => ({ kind: 'mde-machine-code-execution', id: machineIdOf(req).toLowerCase() }),
    read: (req) => readCodeExecution(api, api.settingsOf(req), machineIdOf(req), req.signal),
    async restore(req, before) {
      const was = parseWith(codeExecutionSchema, before, '/before', 'InvalidInput');
      const settings = api.settingsOf(req);
      const id = machineIdOf(req);
      const now = await readCodeExecution(api, settings, id, req.signal);
      if (now.codeExecutionRestricted === was.codeExecutionRestricted) return;
      const action = was.codeExecutionRestricted ? 'restrictCodeExecution' : 'unrestrictCodeExecution';
      await api.call(settings, { method: 'POST', path: `/api/machines/${encodeURIComponent(id)}/${action}`, body: { Comment: recoveryComment(req) }, signal: req.signal });
    },
  };
}
