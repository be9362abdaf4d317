/**
 * The built-in `riposte` connector: actions on Riposte itself that playbooks call through
 * ApiConnection. "Recover incident" (POST /incidents/{incidentId}/recover) starts the recovery of
 * an incident to its pre-incident state; the recovery service is bound late, because it needs the
 * very registry this connector sits in.
 */
import { z } from 'zod';
import { ConnectorError, defineConnector, defineOperation, ok, type DescribedConnector } from '../sdk/index.ts';

/** What "Recover incident" needs from the recovery service (RecoveryService satisfies it). */
export interface IncidentRecoveryPort {
  startFromPlaybook(
    incidentIdOrNumber: string,
    input: { approve: boolean; force: boolean; runId: string },
  ): Promise<{ id: string; incidentId: string; status: string; steps: Array<{ conflict: boolean }> }>;
}

const recoverBody = z
  .object({
    /** Ask to run without a person's approval; honoured only when the recovery policy allows auto-approval. */
    approve: z.boolean().default(false),
    /** Restore resources someone else changed since, too (overwriting their change). */
    force: z.boolean().default(false),
  })
  .default({ approve: false, force: false });

/** The `riposte` connector; `recovery()` returns the service once the server has built it. */
export function riposteConnector(recovery: () => IncidentRecoveryPort | undefined): DescribedConnector {
  const recoverIncident = defineOperation({
    id: 'riposte.recoverIncident',
    summary: 'Recover incident: plan the restore of every change made during the incident, and run it once approved',
    method: 'post',
    path: '/incidents/{incidentId}/recover',
    permission: 'recovery.write',
    // Creates a plan inside Riposte; the outside changes happen later, in the approved recovery run.
    effect: 'notify',
    body: recoverBody,
    output: z.object({ planId: z.string(), incidentId: z.string(), status: z.string(), steps: z.number(), conflicts: z.number() }),
    async execute({ body, pathParams, req }) {
      const service = recovery();
      if (!service) throw new ConnectorError('ConnectorFailure', 'recovery is not available in this process', { statusCode: 503 });
      try {
        const plan = await service.startFromPlaybook(pathParams.incidentId!, { approve: body.approve, force: body.force, runId: req.runId });
        return ok({ planId: plan.id, incidentId: plan.incidentId, status: plan.status, steps: plan.steps.length, conflicts: plan.steps.filter((s) => s.conflict).length }, 202);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 'NotFound') throw new ConnectorError('NotFound', (err as Error).message);
        if (code === 'Conflict') throw new ConnectorError('Conflict', (err as Error).message);
        throw err;
      }
    },
  });
  return defineConnector({ api: 'riposte', displayName: 'Riposte', operations: [recoverIncident] });
}
