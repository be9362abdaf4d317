/**
 * The change ledger and recovery API:
 *   GET  /api/incidents/{id}/ledger              the incident's recorded changes
 *   POST /api/incidents/{id}/recovery/plan       dry run: per resource the current and the restored state
 *   POST /api/incidents/{id}/recovery            a stored plan that waits for approval
 *   GET  /api/incidents/{id}/recovery            the incident's plans with their reports
 *   GET  /api/recovery/{planId}                  one plan, its steps and report
 *   POST /api/recovery/{planId}/approve          by the incident lead (or a role the policy names)
 *   POST /api/recovery/{planId}/run              runs, or continues from the first unfinished step
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RiposteModule, RiposteServices } from '../app/build-app.ts';
import type { Principal } from '../auth/api-keys.ts';
import type { ChangeLedger } from '../ledger/change-ledger.ts';
import { shownEntry } from '../ledger/sealed-request.ts';
import type { RecoveryPlan } from './recovery-plan.ts';
import { report, type RecoveryCaller, type RecoveryService } from './recovery-service.ts';

const incidentParams = z.object({ id: z.string().min(1) });
const planParams = z.object({ planId: z.string().min(1) });
const planBody = z.object({ force: z.boolean().default(false) }).loose().nullish();
const runQuery = z.object({ wait: z.enum(['true', 'false']).default('true') });

function callerOf(principal: Principal | undefined, actor: string): RecoveryCaller {
  return { actor, names: principal ? [principal.name, principal.actor, principal.keyId] : [] };
}

/** The plan as the API shows it: steps with current → restored states, and its report. */
export function planView(plan: RecoveryPlan) {
  return {
    ...plan,
    diff: plan.steps.map((s) => ({ position: s.position, resource: s.resource, current: s.current, restored: s.restoreTo, recordedAfter: s.expected, conflict: s.conflict, restorable: s.restorable })),
    report: report(plan),
  };
}

/** The ledger and recovery routes as a module for buildApp. */
export function recoveryModule(deps: { ledger: ChangeLedger; recovery: RecoveryService }): RiposteModule {
  return (_app: FastifyInstance, services: RiposteServices) => registerRecoveryRoutes(services, deps);
}

/** Registers the ledger and recovery routes (for code that builds its services inside another module). */
export function registerRecoveryRoutes(services: RiposteServices, deps: { ledger: ChangeLedger; recovery: RecoveryService }): void {
  const { ledger, recovery } = deps;
  services.route({
    method: 'GET',
    url: '/api/incidents/:id/ledger',
    permission: 'recovery.read',
    summary: "The incident's change ledger: every change connectors made, with before- and after-state",
    tags: ['recovery'],
    params: incidentParams,
    async handler({ params }) {
      const incident = await recovery.requireIncident(params.id);
      return { incidentId: incident.id, value: ledger.listForIncident(incident.id).map(shownEntry) };
    },
  });
  services.route({
    method: 'POST',
    url: '/api/incidents/:id/recovery/plan',
    permission: 'recovery.read',
    summary: 'Dry run of a recovery: per resource the current state, the state it would be restored to, and conflicts',
    tags: ['recovery'],
    params: incidentParams,
    body: planBody,
    async handler({ params, body, actor }) {
      return planView(await recovery.preview(params.id, { force: body?.force ?? false, actor }));
    },
  });
  services.route({
    method: 'POST',
    url: '/api/incidents/:id/recovery',
    permission: 'recovery.write',
    summary: 'Create a recovery plan for the incident; it waits for approval',
    tags: ['recovery'],
    params: incidentParams,
    body: planBody,
    response: { status: 201 },
    async handler({ params, body, actor }) {
      return planView(await recovery.create(params.id, actor, { force: body?.force ?? false }));
    },
  });
  services.route({
    method: 'GET',
    url: '/api/incidents/:id/recovery',
    permission: 'recovery.read',
    summary: "The incident's recovery plans",
    tags: ['recovery'],
    params: incidentParams,
    async handler({ params }) {
      const incident = await recovery.requireIncident(params.id);
      return { value: recovery.store.listForIncident(incident.id).map(planView) };
    },
  });
  services.route({
    method: 'GET',
    url: '/api/recovery/:planId',
    permission: 'recovery.read',
    summary: 'A recovery plan with its steps and report',
    tags: ['recovery'],
    params: planParams,
    async handler({ params }) {
      return planView(recovery.requirePlan(params.planId));
    },
  });
  services.route({
    method: 'POST',
    url: '/api/recovery/:planId/approve',
    permission: 'recovery.approve',
    errors: { 409: 'The plan is not awaiting approval' },
    summary: "Approve a recovery plan (the incident's lead, or a role the recovery policy names)",
    tags: ['recovery'],
    params: planParams,
    async handler({ params, principal, actor }) {
      return planView(await recovery.approve(params.planId, callerOf(principal, actor)));
    },
  });
  services.route({
    method: 'POST',
    url: '/api/recovery/:planId/run',
    permission: 'recovery.run',
    errors: { 409: 'The plan has not been approved' },
    summary: 'Run an approved plan, or continue it from its first unfinished step (?wait=false answers 202 at once)',
    tags: ['recovery'],
    params: planParams,
    query: runQuery,
    async handler({ params, query, actor, reply }) {
      if (query.wait === 'false') {
        recovery.start(params.planId, actor);
        reply.code(202).send({ planId: params.planId, status: 'running' });
        return undefined;
      }
      return planView(await recovery.run(params.planId, actor));
    },
  });
}
