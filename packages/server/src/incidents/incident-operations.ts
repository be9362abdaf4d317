import type { z } from 'zod';
import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import type { SecurityEvent } from '../events/security-events.ts';
import type { Alert } from '../alerts/alert-schema.ts';
import type { SecurityReads } from '../store/security-store.ts';
import type {
  Incident,
  IncidentComment,
  IncidentPatch,
  IncidentTask,
  incidentCommentInputSchema,
  incidentTaskInputSchema,
  incidentTaskPatchSchema,
} from './incident-schema.ts';
import { patchIncident } from './incident-patch.ts';
import { slaAsOf } from './sla.ts';
import { timelineOf } from './timeline.ts';

/** Finds an incident by id or by its number (a string of digits). */
export async function findIncident(store: SecurityReads, idOrNumber: string): Promise<Incident | undefined> {
  if (/^\d{1,15}$/.test(idOrNumber)) {
    const byNumber = await store.getIncidentByNumber(Number(idOrNumber));
    if (byNumber) return byNumber;
  }
  return store.getIncident(idOrNumber);
}

async function requireIncident(store: SecurityReads, idOrNumber: string): Promise<Incident> {
  const incident = await findIncident(store, idOrNumber);
  if (!incident) throw new NotFoundError('incident', idOrNumber);
  return incident;
}

/**
 * An incident as the API shows it: with its alerts (all, oldest first; or, given `latestAlerts`, that
 * many of the newest, oldest first), how many it has, its comments, tasks and the SLA as of now.
 */
export async function incidentView(ctx: SecurityContext, incident: Incident, latestAlerts?: number) {
  const [{ items: alerts, total: alertCount }, comments, tasks] = await Promise.all([
    alertsOf(ctx, incident.id, latestAlerts),
    ctx.store.listComments(incident.id),
    ctx.store.listTasks(incident.id),
  ]);
  return { ...withSla(ctx, incident), alerts, alertCount, comments, tasks };
}

/**
 * Incidents as GET /api/incidents lists them: each as `incidentView(ctx, incident, latestAlerts)`
 * shows it, with the related rows of the whole page read in a fixed number of queries.
 */
export async function incidentListViews(ctx: SecurityContext, incidents: readonly Incident[], latestAlerts: number) {
  const related = await ctx.store.listIncidentRelations(incidents.map((i) => i.id), latestAlerts);
  return incidents.map((incident) => {
    const { alerts, alertCount, comments, tasks } = related.get(incident.id)!;
    return { ...withSla(ctx, incident), alerts, alertCount, comments, tasks };
  });
}

async function alertsOf(ctx: SecurityContext, incidentId: string, latest: number | undefined): Promise<{ items: Alert[]; total: number }> {
  if (latest === undefined) {
    const all = await ctx.store.listIncidentAlerts(incidentId);
    return { items: all, total: all.length };
  }
  const page = await ctx.store.listAlerts({ incidentId, top: latest, count: true });
  return { items: page.items.reverse(), total: page.total ?? page.items.length };
}

/** The incident with SLA breach flags and warnings computed for the current time. */
export function withSla(ctx: SecurityContext, incident: Incident): Incident {
  return { ...incident, sla: slaAsOf(incident, formatTimestamp(ctx.clock()), ctx.sla) };
}

/** Applies a PATCH; records the timeline and audit in the same transaction; announces the change. */
export async function updateIncident(ctx: SecurityContext, idOrNumber: string, patch: IncidentPatch, actor: string): Promise<Incident> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  const updated = await ctx.store.transaction(async (tx) => {
    const before = await requireIncident(tx, idOrNumber);
    const { incident, changes } = patchIncident(before, patch, now);
    if (changes.length === 0) return before;
    await tx.updateIncident(incident);
    await tx.appendTimeline(timelineOf(incident.id, 'updated', changes, { newId: ctx.newId, at: now, actor }));
    await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'incident', incident.id, 'update', before, incident)]);
    events.push({ type: 'incident.updated', incident, before, changes, actor });
    return incident;
  });
  ctx.events.emit(events);
  return updated;
}

/** Adds a comment to an incident. */
export async function addIncidentComment(
  ctx: SecurityContext,
  idOrNumber: string,
  input: z.output<typeof incidentCommentInputSchema>,
  actor: string,
): Promise<IncidentComment> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  const comment = await ctx.store.transaction(async (tx) => {
    const before = await requireIncident(tx, idOrNumber);
    const comment: IncidentComment = {
      id: ctx.newId(),
      incidentId: before.id,
      message: input.message,
      createdTimeUtc: now,
      lastModifiedTimeUtc: now,
      author: { objectId: null, email: null, userPrincipalName: null, name: actor, ...input.author },
    };
    const existing = await tx.listComments(before.id);
    const incident = { ...before, lastModifiedTimeUtc: now };
    await tx.insertComment(comment);
    await tx.updateIncident(incident);
    const change = { field: 'comments', before: existing, after: [...existing, comment], added: [comment] };
    await tx.appendTimeline(timelineOf(before.id, 'commentAdded', [change], { newId: ctx.newId, at: now, actor }));
    await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'incident.comment', comment.id, 'create', null, comment)]);
    events.push({ type: 'incident.comment.created', incident, comment, actor });
    events.push({ type: 'incident.updated', incident, before, changes: [change], actor });
    return comment;
  });
  ctx.events.emit(events);
  return comment;
}

/** Adds a task to an incident. */
export async function addIncidentTask(
  ctx: SecurityContext,
  idOrNumber: string,
  input: z.output<typeof incidentTaskInputSchema>,
  actor: string,
): Promise<IncidentTask> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  const task = await ctx.store.transaction(async (tx) => {
    const before = await requireIncident(tx, idOrNumber);
    const task: IncidentTask = {
      id: ctx.newId(),
      incidentId: before.id,
      title: input.title,
      description: input.description ?? null,
      status: input.status,
      owner: input.owner ?? null,
      createdTimeUtc: now,
      lastModifiedTimeUtc: now,
      createdBy: actor,
    };
    const existing = await tx.listTasks(before.id);
    const incident = { ...before, lastModifiedTimeUtc: now };
    await tx.insertTask(task);
    await tx.updateIncident(incident);
    const change = { field: 'tasks', before: existing, after: [...existing, task], added: [task] };
    await tx.appendTimeline(timelineOf(before.id, 'taskAdded', [change], { newId: ctx.newId, at: now, actor }));
    await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'incident.task', task.id, 'create', null, task)]);
    events.push({ type: 'incident.task.created', incident, task, actor });
    events.push({ type: 'incident.updated', incident, before, changes: [change], actor });
    return task;
  });
  ctx.events.emit(events);
  return task;
}

/** Updates a task of an incident. */
export async function updateIncidentTask(
  ctx: SecurityContext,
  idOrNumber: string,
  taskId: string,
  patch: z.output<typeof incidentTaskPatchSchema>,
  actor: string,
): Promise<IncidentTask> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  const task = await ctx.store.transaction(async (tx) => {
    const incident = await requireIncident(tx, idOrNumber);
    const before = await tx.getTask(incident.id, taskId);
    if (!before) throw new NotFoundError('task', taskId);
    const task: IncidentTask = {
      ...before,
      title: patch.title ?? before.title,
      description: patch.description !== undefined ? (patch.description ?? null) : before.description,
      status: patch.status ?? before.status,
      owner: patch.owner !== undefined ? (patch.owner ?? null) : before.owner,
    };
    if (JSON.stringify(task) === JSON.stringify(before)) return before;
    task.lastModifiedTimeUtc = now;
    await tx.updateTask(task);
    const changes = (['title', 'description', 'status', 'owner'] as const)
      .filter((f) => task[f] !== before[f])
      .map((f) => ({ field: `tasks/${task.id}/${f}`, before: before[f], after: task[f] }));
    await tx.appendTimeline(timelineOf(incident.id, 'taskUpdated', changes, { newId: ctx.newId, at: now, actor }));
    await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'incident.task', task.id, 'update', before, task)]);
    events.push({ type: 'incident.task.updated', incident, task, before, actor });
    return task;
  });
  ctx.events.emit(events);
  return task;
}
