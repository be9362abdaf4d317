/**
 * Change requests: created for an incident (by a person, or by the change-request gate for a
 * waiting action), decided, implemented and closed. Every step is audited and on the incident's
 * timeline; actions waiting at the gate are woken when a request of their incident is decided.
 */
import { randomUUID } from 'node:crypto';
import type { SecurityContext } from '../app/security-context.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors.ts';
import { formatTimestamp } from '../common/timestamp.ts';
import { findIncident } from '../incidents/incident-operations.ts';
import { responseDatabaseOf } from '../approvals/response-database.ts';
import { assetKinds, normalizeAssetKey, type AssetKind } from '../assets/asset.ts';
import { AssetStore } from '../assets/asset-store.ts';
import { noteOnTimeline } from '../stakeholders/timeline-note.ts';
import { authorizesChange, transitionTarget, type ChangeRequest, type ChangeRequestInput, type ChangeRequestTransition } from './change-request.ts';
import { ChangeRequestStore } from './change-request-store.ts';

export class ChangeRequestService {
  readonly store: ChangeRequestStore;
  readonly assets: AssetStore;
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly ctx: SecurityContext) {
    const db = responseDatabaseOf(ctx.store);
    this.store = new ChangeRequestStore(db);
    this.assets = new AssetStore(db);
  }

  /** Opens a change request for an incident; assets are named by id or "<kind>:<key>". */
  async create(input: ChangeRequestInput, actor: string, origin: ChangeRequest['origin'] = null): Promise<ChangeRequest> {
    const incident = await findIncident(this.ctx.store, input.incidentId);
    if (!incident) throw new BadRequestError(`/incidentId: incident '${input.incidentId}' was not found`, '/incidentId');
    const assetIds = input.assets.map((ref, i) => this.assetIdOf(ref, `/assets/${i}`));
    const at = formatTimestamp(this.ctx.clock());
    const cr: ChangeRequest = {
      id: randomUUID(),
      incidentId: incident.id,
      title: input.title,
      description: input.description ?? null,
      steps: input.steps,
      assetIds: [...new Set(assetIds)],
      status: 'Requested',
      requestedBy: actor,
      createdAt: at,
      updatedAt: at,
      decision: null,
      implemented: null,
      closed: null,
      origin,
    };
    this.store.insert(cr);
    await noteOnTimeline(this.ctx, {
      incidentId: cr.incidentId,
      action: 'changeRequestCreated',
      actor,
      field: `changeRequests/${cr.id}`,
      after: { title: cr.title, status: cr.status, steps: cr.steps.length, assetIds: cr.assetIds },
      entityType: 'change-request',
      entityId: cr.id,
    });
    return cr;
  }

  /** Approves, rejects, implements or closes; 409 when the status does not allow it. */
  async transition(id: string, transition: ChangeRequestTransition, actor: string, comment: string | null = null): Promise<ChangeRequest> {
    const current = this.store.get(id);
    if (!current) throw new NotFoundError('change request', id);
    const status = transitionTarget(current.status, transition);
    if (!status) throw new ConflictError(`a change request in status ${current.status} cannot be ${pastTense[transition]}`, '/status');
    const at = formatTimestamp(this.ctx.clock());
    const stamp = { by: actor, at, comment };
    const next: ChangeRequest = {
      ...current,
      status,
      updatedAt: at,
      ...(transition === 'approve' || transition === 'reject' ? { decision: stamp } : {}),
      ...(transition === 'implement' ? { implemented: stamp } : {}),
      ...(transition === 'close' ? { closed: stamp } : {}),
    };
    if (!this.store.replaceIf(next, current.status)) throw new ConflictError('the change request was changed at the same time; read it again', '/status');
    await noteOnTimeline(this.ctx, {
      incidentId: next.incidentId,
      action: `changeRequest${status}`,
      actor,
      field: `changeRequests/${next.id}/status`,
      before: current.status,
      after: { status, title: next.title, ...(comment ? { comment } : {}) },
      entityType: 'change-request',
      entityId: next.id,
    });
    this.wake(next.incidentId);
    return next;
  }

  /** The approved (or implemented) requests of an incident that cover an asset. */
  authorizing(incidentId: string, assetId: string): ChangeRequest[] {
    return this.store.ofIncident(incidentId).filter((cr) => authorizesChange(cr) && cr.assetIds.includes(assetId));
  }

  /** Resolves at the next decision or change of any request of the incident (or rejects when aborted). */
  nextChange(incidentId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const set = this.waiters.get(incidentId) ?? new Set();
      const done = () => {
        set.delete(done);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        set.delete(done);
        reject(signal.reason);
      };
      set.add(done);
      this.waiters.set(incidentId, set);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wake(incidentId: string): void {
    const set = this.waiters.get(incidentId);
    if (!set) return;
    this.waiters.delete(incidentId);
    for (const w of [...set]) w();
  }

  private assetIdOf(ref: string, field: string): string {
    if (this.assets.get(ref)) return ref;
    const m = /^([a-z]+):(.+)$/i.exec(ref);
    const kind = m?.[1]?.toLowerCase();
    if (m && kind && (assetKinds as readonly string[]).includes(kind)) {
      const asset = this.assets.byKey(kind as AssetKind, normalizeAssetKey(kind as AssetKind, m[2]!));
      if (asset) return asset.id;
    }
    throw new BadRequestError(`${field}: no asset '${ref}' (give an asset id or "<user|host|ip>:<key>")`, field);
  }
}

const pastTense: Record<ChangeRequestTransition, string> = { approve: 'approved', reject: 'rejected', implement: 'implemented', close: 'closed' };
