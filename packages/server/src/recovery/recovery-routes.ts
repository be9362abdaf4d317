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

// What the routes answer, published for /openapi.json (the console's contract test reads it); not used to serialise.
const resourceSchema = z.object({ kind: z.string(), id: z.string() }).meta({ id: 'LedgerResource', description: "The outside resource a change touched ({ kind: 'ldap-user', id: 'alice' })." });
const failureSchema = z.object({ code: z.string(), message: z.string() });
const stateSchema = z.unknown().meta({ description: 'The resource as its connector reads it (credentials never included); null when it did not exist.' });

const ledgerEntrySchema = z
  .object({
    id: z.string(),
    incidentId: z.string().nullable(),
    idempotencyKey: z.string(),
    resource: resourceSchema,
    api: z.string(),
    operationId: z.string(),
    request: z.object({
      connection: z.object({ name: z.string(), api: z.string(), connectionId: z.string().optional() }).meta({ description: 'The connection by name only, never its settings.' }),
      method: z.string(),
      path: z.string(),
      pathParams: z.record(z.string(), z.string()),
      queries: z.unknown().meta({ description: 'Secret-looking fields masked; { "$redacted": true } when the action secured its inputs.' }),
      body: z.unknown().meta({ description: 'Secret-looking fields masked; { "$redacted": true } when the action secured its inputs.' }),
    }),
    beforeState: stateSchema,
    intendedAfter: z.unknown(),
    actor: z.union([
      z.object({ kind: z.literal('run'), runId: z.string(), actionPath: z.string(), workflowName: z.string().optional() }),
      z.object({ kind: z.literal('user'), actor: z.string() }),
    ]),
    changeRequestId: z.string().nullable(),
    status: z.enum(['pending', 'applied', 'failed']),
    createdAt: z.string(),
    appliedAt: z.string().nullable(),
    afterState: stateSchema,
    error: failureSchema.nullable(),
    attempts: z.number().int(),
  })
  .meta({ id: 'LedgerEntry', description: 'One change a connector made to an outside resource during an incident.' });

const stepStatusSchema = z.enum(['pending', 'running', 'restored', 'verified-mismatch', 'conflict-skipped', 'not-restorable', 'failed']);

const recoveryStepSchema = z
  .object({
    position: z.number().int(),
    ledgerEntryId: z.string(),
    resource: resourceSchema,
    operationId: z.string(),
    expected: z.unknown().meta({ description: 'The state the step expects to find.' }),
    restoreTo: z.unknown().meta({ description: 'The recorded before-state it restores.' }),
    current: z.unknown().meta({ description: 'The state read when the plan was made.' }),
    conflict: z.boolean(),
    restorable: z.boolean(),
    status: stepStatusSchema,
    verifiedState: z.unknown().optional().meta({ description: 'After a run: the state read back.' }),
    error: failureSchema.nullable().optional(),
    attempts: z.number().int(),
    finishedAt: z.string().nullable().optional(),
  })
  .meta({ id: 'RecoveryStep' });

const recoveryPlanSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    status: z.enum(['awaiting-approval', 'approved', 'running', 'succeeded', 'failed']),
    force: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    recoverBy: z.string().nullable(),
    unappliedEntries: z.array(z.string()).meta({ description: 'Ledger entries that never applied, for a person to look at.' }),
    steps: z.array(recoveryStepSchema),
    diff: z.array(
      z.object({ position: z.number().int(), resource: resourceSchema, current: z.unknown(), restored: z.unknown(), recordedAfter: z.unknown(), conflict: z.boolean(), restorable: z.boolean() }).meta({ id: 'RecoveryDiff' }),
    ),
    report: z
      .object({
        planId: z.string(),
        incidentId: z.string(),
        status: z.string(),
        counts: z.record(z.string(), z.number().int()),
        resumeFrom: z.number().int().nullable(),
        withinSla: z.boolean().nullable(),
        steps: z.array(z.object({ position: z.number().int(), resource: resourceSchema, operationId: z.string(), status: stepStatusSchema, error: failureSchema.optional() })),
      })
      .meta({ id: 'RecoveryReport' }),
  })
  .meta({ id: 'RecoveryPlan', description: 'A recovery plan, newest change first; the dry run answers the same shape without storing it.' });

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
    response: { schema: z.object({ incidentId: z.string(), value: z.array(ledgerEntrySchema) }) },
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
    response: { schema: recoveryPlanSchema },
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
    errors: { 409: 'Another plan of the incident is approved or running' },
    response: { status: 201, schema: recoveryPlanSchema },
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
    response: { schema: z.object({ value: z.array(recoveryPlanSchema) }) },
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
    response: { schema: recoveryPlanSchema },
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
    response: { schema: recoveryPlanSchema },
    async handler({ params, principal, actor }) {
      return planView(await recovery.approve(params.planId, callerOf(principal, actor)));
    },
  });
  services.route({
    method: 'POST',
    url: '/api/recovery/:planId/run',
    permission: 'recovery.run',
    errors: { 409: 'The plan has not been approved, or another plan of the incident is running' },
    summary: 'Run an approved plan, or continue it from its first unfinished step (?wait=false answers 202 at once)',
    tags: ['recovery'],
    params: planParams,
    query: runQuery,
    response: { schema: recoveryPlanSchema, description: 'The plan once the run stopped (with ?wait=false: 202 { planId, status })' },
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
