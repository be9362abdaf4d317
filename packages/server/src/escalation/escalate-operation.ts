/** The `riposte` "Escalate incident" operation playbooks call (POST /incidents/{incidentId}/escalate {reason}). */
import { z } from 'zod';
import type { SecurityContext } from '../app/security-context.ts';
import { ApiError } from '../common/errors.ts';
import { ConnectorError } from '../connectors/sdk/connector-error.ts';
import { defineOperation, ok, type DescribedOperation } from '../connectors/sdk/define-operation.ts';
import { escalateIncident, type EscalationConfig } from './escalation.ts';

export function escalateOperation(ctx: () => SecurityContext, config: () => EscalationConfig): DescribedOperation {
  return defineOperation({
    id: 'riposte.escalateIncident',
    summary: 'Escalate incident: hand it to the triage role with a reason (phase Escalated, a task, stakeholder notice)',
    method: 'post',
    path: '/incidents/{incidentId}/escalate',
    permission: 'incidents.write',
    // Changes Riposte's own incident (audited there), nothing outside to restore.
    effect: 'notify',
    body: z.object({ reason: z.string().trim().min(1, 'expected the reason for escalating').max(3000) }),
    output: z.object({ incidentId: z.string(), number: z.number(), phase: z.string(), owner: z.string().nullable(), taskId: z.string() }),
    async execute({ body, pathParams, req }) {
      try {
        const { incident, task } = await escalateIncident(ctx(), pathParams.incidentId!, body, `run:${req.runId}`, config());
        return ok({ incidentId: incident.id, number: incident.number, phase: incident.phase, owner: incident.owner.assignedTo ?? null, taskId: task.id });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'NotFound') throw new ConnectorError('NotFound', err.message);
        if (err instanceof ApiError && err.code === 'BadRequest') throw new ConnectorError('Conflict', err.message);
        throw err;
      }
    },
  });
}
