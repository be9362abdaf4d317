/**
 * The "Microsoft Defender ATP" (wdatp) operations corpus playbooks call, addressed as the Logic
 * Apps connector addresses them and sent to the Defender for Endpoint API as it documents them:
 * list machines, isolate, release from isolation, restrict app execution. The three machine actions
 * answer MDE's machineAction (201), which playbooks read (`status`, `id`, …).
 */
import { z } from 'zod';
import { ConnectorError, defineOperation, ok, type DescribedOperation } from '../sdk/index.ts';
import { wdatpConnection } from './connection.ts';
import type { MdeApi } from './mde-api.ts';
import { codeExecutionStateAccess, isolationStateAccess, machineActionSchema, machineIdOf, pendingAction } from './machine-state.ts';

export const WDATP_READ_PERMISSION = 'connectors.wdatp.read';
export const WDATP_CONTAIN_PERMISSION = 'connectors.wdatp.contain';

/** MDE's machineAction as an action answers it, as far as playbooks read it; other fields pass through. */
const machineAction = machineActionSchema.extend({
  id: z.string(),
  machineId: z.string(),
  requestor: z.string().nullish(),
  requestorComment: z.string().nullish(),
  computerDnsName: z.string().nullish(),
  lastUpdateDateTimeUtc: z.string().nullish(),
});

const machine = z.looseObject({ id: z.string(), computerDnsName: z.string().nullish(), aadDeviceId: z.string().nullish(), healthStatus: z.string().nullish() });

/** OData options MDE's List machines takes. Others are refused: a filter dropped silently would list, and then isolate, every machine. */
const listQueries = z.strictObject({
  $filter: z.string().min(1).max(4000).optional(),
  $top: z.coerce.number().int().min(1).max(10_000).optional(),
  $skip: z.coerce.number().int().min(0).optional(),
});

const comment = z.string().min(1).max(1000);

export function wdatpOperations(api: MdeApi): DescribedOperation[] {
  const isolation = isolationStateAccess(api);
  const codeExecution = codeExecutionStateAccess(api);

  const listMachines = defineOperation({
    id: 'wdatp.listMachines',
    summary: 'Machines - Get list of machines',
    method: 'get',
    path: '/api/machines',
    permission: WDATP_READ_PERMISSION,
    effect: 'read',
    connection: wdatpConnection,
    queries: listQueries,
    output: z.looseObject({ value: z.array(machine) }),
    async execute({ settings, queries, signal }) {
      const query = Object.fromEntries(Object.entries(queries).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      return ok(await api.call(settings, { method: 'GET', path: '/api/machines', query, signal }));
    },
  });

  const machineActionOperation = (spec: { id: string; summary: string; action: string; type: string; body: z.ZodType; state: typeof isolation }) =>
    defineOperation({
      id: spec.id,
      summary: spec.summary,
      method: 'post',
      path: `/api/machines/{id}/${spec.action}`,
      permission: WDATP_CONTAIN_PERMISSION,
      effect: 'change',
      connection: wdatpConnection,
      body: spec.body,
      output: machineAction,
      state: spec.state,
      async execute({ settings, body, req, signal }) {
        const id = machineIdOf(req);
        try {
          return ok(await api.call(settings, { method: 'POST', path: `/api/machines/${encodeURIComponent(id)}/${spec.action}`, body, signal }), 201);
        } catch (err) {
          // The engine retries an unanswered request (timeout, 5xx); when the first one did reach MDE,
          // MDE refuses the retry as already in progress. The action is under way, which is what the
          // playbook asked for: answer it, so the run and the ledger record the change as made.
          if (!(err instanceof ConnectorError) || err.code !== 'InvalidInput' || !/already in progress/i.test(err.message)) throw err;
          const pending = await pendingAction(api, settings, id, spec.type, signal);
          if (!pending) throw err;
          return ok(pending, 201);
        }
      },
    });

  return [
    listMachines,
    machineActionOperation({
      id: 'wdatp.isolateMachine',
      summary: 'Actions - Isolate machine',
      action: 'isolate',
      type: 'Isolate',
      body: z.object({ Comment: comment, IsolationType: z.enum(['Full', 'Selective']).default('Full') }),
      state: isolation,
    }),
    machineActionOperation({
      id: 'wdatp.unisolateMachine',
      summary: 'Actions - Release machine from isolation',
      action: 'unisolate',
      type: 'Unisolate',
      body: z.object({ Comment: comment }),
      state: isolation,
    }),
    machineActionOperation({
      id: 'wdatp.restrictCodeExecution',
      summary: 'Actions - Restrict app execution',
      action: 'restrictCodeExecution',
      type: 'RestrictCodeExecution',
      body: z.object({ Comment: comment }),
      state: codeExecution,
    }),
  ];
}
