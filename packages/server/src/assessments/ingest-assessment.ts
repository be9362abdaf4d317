import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { SecurityEvent } from '../events/security-events.ts';
import type { Assessment, AssessmentInput } from './assessment-schema.ts';
import { regulatoryAssessmentType, securityAssessmentType } from './assessment-schema.ts';

/**
 * Stores an assessment (a new one, or a new state of one with the same kind and name) and
 * announces it: workflow automations with eventSource Assessments / RegulatoryComplianceAssessment
 * listen for these events.
 */
export async function ingestAssessment(ctx: SecurityContext, input: AssessmentInput, actor: string): Promise<{ assessment: Assessment; created: boolean }> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  const result = await ctx.store.transaction(async (tx) => {
    const before = await tx.getAssessment(input.kind, input.name);
    const type = input.kind === 'securityAssessment' ? securityAssessmentType : regulatoryAssessmentType;
    const assessment: Assessment = {
      ...input,
      id: input.id ?? resourceIdOf(input, type),
      type: input.type ?? type,
      kind: input.kind,
      name: input.name,
      properties: input.properties as Record<string, unknown>,
      createdDateTime: before?.createdDateTime ?? now,
      lastUpdateDateTime: now,
    };
    if (before && JSON.stringify({ ...before, lastUpdateDateTime: null }) === JSON.stringify({ ...assessment, lastUpdateDateTime: null })) {
      return { assessment: before, created: false };
    }
    await tx.upsertAssessment(assessment);
    await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'assessment', assessment.id, before ? 'update' : 'create', before ?? null, assessment)]);
    if (before) {
      events.push({ type: 'assessment.updated', assessment, before, changes: [{ field: 'properties', before: before.properties, after: assessment.properties }], actor });
    } else {
      events.push({ type: 'assessment.created', assessment, actor });
    }
    return { assessment, created: !before };
  });
  ctx.metrics.counter('riposte_assessments_ingested_total', 'Assessments received on ingest.').inc({ kind: input.kind });
  ctx.events.emit(events);
  return result;
}

// Defender names an assessment under the resource it assesses.
function resourceIdOf(input: AssessmentInput, type: string): string {
  const resource = input.kind === 'securityAssessment' ? (input.properties.resourceDetails.id ?? '') : '';
  return `${resource.replace(/\/+$/, '')}/providers/${type}/${input.name}`;
}
