/**
 * Which incident a run works on: an explicit link (ChangeLedger.linkRun), else the incident its
 * trigger names — Sentinel's incident trigger (`object.id`, `object.properties.incidentNumber`),
 * the entity trigger (`IncidentArmID`), or a plain `incidentId` — else its parent run's incident.
 */
import type { RunStore, WorkflowDefinition } from '@riposte/engine';
import { armName } from '../domain/sentinel-payloads/workspace.ts';
import { findIncident } from '../incidents/incident-operations.ts';
import type { SecurityReads } from '../store/security-store.ts';
import type { ChangeLedger } from './change-ledger.ts';

/** What the ledger learns about the run making a call. */
export interface RunContext {
  incidentId: string | null;
  workflowName?: string;
  /** The definition the run executes (to see whether the calling action secures its inputs). */
  definition?: WorkflowDefinition;
}

export type RunIncidentResolver = (runId: string) => Promise<RunContext>;

/** Candidate incident references a trigger body carries, most specific first. */
export function incidentReferencesOf(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as Record<string, unknown>;
  const refs: unknown[] = [];
  const object = b.object as Record<string, unknown> | undefined;
  if (object && typeof object === 'object') {
    refs.push(object.id, object.name);
    const props = object.properties as Record<string, unknown> | undefined;
    if (props && typeof props === 'object') refs.push(props.incidentNumber);
  }
  refs.push(b.IncidentArmID, b.incidentArmId, b.incidentId);
  return refs.flatMap((r) => (typeof r === 'string' && r !== '' ? [armName(r)] : typeof r === 'number' ? [String(r)] : []));
}

/** A resolver over the run journal and the incident store; answers are cached per run. */
export function runIncidentResolver(runs: RunStore, incidents: SecurityReads, ledger: ChangeLedger): RunIncidentResolver {
  const cache = new Map<string, RunContext>();
  const resolve = async (runId: string, depth: number): Promise<RunContext> => {
    const cached = cache.get(runId);
    if (cached) return cached;
    const run = await runs.getRun(runId);
    let incidentId: string | null = ledger.linkedIncident(runId) ?? null;
    if (!incidentId && run) {
      for (const ref of incidentReferencesOf(run.trigger.outputs.body)) {
        const incident = await findIncident(incidents, ref);
        if (incident) {
          incidentId = incident.id;
          break;
        }
      }
      if (!incidentId && run.parentRunId && depth < 8) incidentId = (await resolve(run.parentRunId, depth + 1)).incidentId;
    }
    const answer: RunContext = { incidentId, ...(run ? { workflowName: run.workflowName, definition: run.definition } : {}) };
    // An unresolved run may still be linked later (linkRun right after start): do not cache a miss.
    if (incidentId) cache.set(runId, answer);
    return answer;
  };
  return (runId) => resolve(runId, 0);
}
