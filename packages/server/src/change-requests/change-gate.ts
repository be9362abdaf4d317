/**
 * The change-request gate: a connector-dispatch check in front of every operation that declares
 * `state` (containment). When the resource it would change is a business-critical asset, the call
 * goes ahead only under an approved change request of the run's incident that covers the asset.
 * Without one, by policy, the call either fails at once with an error naming the asset and the
 * policy, or opens a change request (once per idempotency key) and waits until a request of the
 * incident is decided. A wait survives restarts: the engine re-sends the call with the same
 * idempotency key, which finds the same request. Composes with the change ledger: wrap the
 * ledger's resolver, and the approving request's id reaches the ledger entry through the
 * `x-riposte-change-request` header.
 */
import type { ConnectorOperation, ConnectorRegistry, ConnectorRequest, ConnectorResolver, ConnectorResponse } from '@riposte/engine';
import { StagedConnectorRegistry } from '../connectors/dispatch/staged-registry.ts';
import { assetsOfResource } from '../assets/resource-assets.ts';
import type { Asset } from '../assets/asset.ts';
import { CHANGE_REQUEST_HEADER } from '../ledger/ledger-dispatch.ts';
import type { ChangeRequestService } from './change-request-service.ts';

export interface ChangeGatePolicy {
  /** "wait": open a change request and wait for its approval; "fail": refuse at once. */
  mode: 'wait' | 'fail';
}

export interface ChangeGateOptions {
  changeRequests: ChangeRequestService;
  /** Read on every call, so the policy can change while runs wait. */
  policy: () => ChangeGatePolicy;
  /** The incident of the run making the call (the ledger's runIncidentResolver). */
  incidentOf: (runId: string) => Promise<{ incidentId: string | null }>;
}

/** A resolver whose changing operations pass the change-request gate first. */
export function withChangeRequestGate(resolver: ConnectorResolver, options: ChangeGateOptions): ConnectorResolver {
  const wrapped = new WeakMap<ConnectorOperation, ConnectorOperation>();
  const wrap = (op: ConnectorOperation): ConnectorOperation => {
    if (!op.state) return op;
    let w = wrapped.get(op);
    if (!w) {
      w = { ...op, execute: (req) => gated(op, req, options) };
      wrapped.set(op, w);
    }
    return w;
  };
  return {
    resolve(api, method, path) {
      const found = resolver.resolve(api, method, path);
      return found ? { ...found, operation: wrap(found.operation) } : undefined;
    },
    ...(resolver.resolveWebhook ? { resolveWebhook: resolver.resolveWebhook.bind(resolver) } : {}),
  };
}

/**
 * A ConnectorRegistry (for code typed against the class) over `base`: it registers into and lists
 * `base` (connectors added later are seen too), and its resolve() goes through the gate.
 */
export class GatedConnectorRegistry extends StagedConnectorRegistry {
  constructor(base: ConnectorRegistry, options: ChangeGateOptions, inner: ConnectorResolver = base) {
    super(base, withChangeRequestGate(inner, options));
  }
}

async function gated(op: ConnectorOperation, req: ConnectorRequest, options: ChangeGateOptions): Promise<ConnectorResponse> {
  let resource: { kind: string; id: string };
  try {
    resource = op.state!.resource(req);
  } catch {
    // The request cannot name its resource: the operation's own validation answers.
    return op.execute(req);
  }
  const critical = assetsOfResource(options.changeRequests.assets, resource).filter((a) => a.businessCritical);
  if (critical.length === 0) return op.execute(req);

  const { incidentId } = await options.incidentOf(req.runId);
  const named = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === CHANGE_REQUEST_HEADER)?.[1];
  const crs = options.changeRequests;
  for (;;) {
    const authorizing = incidentId ? authorizingRequest(crs, incidentId, critical, named) : undefined;
    if (authorizing) return op.execute({ ...req, headers: { ...req.headers, [CHANGE_REQUEST_HEADER]: authorizing } });
    const mode = options.policy().mode;
    if (!incidentId) return refusal(critical, op, mode, `run ${req.runId} is not linked to an incident, so no change request can cover it`);
    if (mode === 'fail') return refusal(critical, op, mode, `incident ${incidentId} has no approved change request covering it`);

    let mine = crs.store.ofIncident(incidentId).find((cr) => cr.origin?.idempotencyKey === req.idempotencyKey);
    if (!mine) {
      mine = await crs.create(
        {
          incidentId,
          title: `${op.summary} on business-critical ${critical.map(describe).join(', ')}`.slice(0, 300),
          description: `Opened by the change-request gate for run ${req.runId}, action ${req.actionName}; the action waits for the decision.`,
          steps: [{ kind: 'containment', summary: op.summary.slice(0, 1000), operationId: op.id, resource }],
          assets: critical.map((a) => a.id),
        },
        `run:${req.runId}`,
        { runId: req.runId, idempotencyKey: req.idempotencyKey },
      );
    }
    if (mine.status === 'Rejected' || mine.status === 'Closed') {
      return refusal(critical, op, mode, `change request ${mine.id} was ${mine.status.toLowerCase()}${mine.decision?.comment ? ` (${mine.decision.comment})` : ''}`);
    }
    await crs.nextChange(incidentId, req.signal);
  }
}

/** The id of a request that covers every critical asset (the named one if given), else undefined. */
function authorizingRequest(crs: ChangeRequestService, incidentId: string, critical: Asset[], named: string | undefined): string | undefined {
  if (named) {
    const cr = crs.store.get(named);
    const ok = cr && cr.incidentId === incidentId && (cr.status === 'Approved' || cr.status === 'Implemented') && critical.every((a) => cr.assetIds.includes(a.id));
    return ok ? cr.id : undefined;
  }
  const candidates = critical.map((a) => new Set(crs.authorizing(incidentId, a.id).map((cr) => cr.id)));
  const [first, ...rest] = candidates;
  if (!first) return undefined;
  // One request covering all the assets, or, failing that, each asset covered by some request.
  const common = [...first].find((id) => rest.every((s) => s.has(id)));
  if (common) return common;
  return candidates.every((s) => s.size > 0) ? [...first][0] : undefined;
}

function describe(a: Asset): string {
  return `${a.kind} '${a.key}'`;
}

function refusal(critical: Asset[], op: ConnectorOperation, mode: string, why: string): ConnectorResponse {
  const message =
    `${op.id} would change business-critical ${critical.map(describe).join(', ')}; the change-request policy (mode ${mode}) ` +
    `requires an approved change request of the incident covering ${critical.length > 1 ? 'them' : 'it'}, and ${why}`;
  return { statusCode: 403, body: { error: { code: 'ChangeRequestRequired', message } } };
}
