/**
 * For tests: an app with the ledger and recovery wired the way the server wires them — a run
 * runtime whose connector calls go through the change ledger, a recovery service over the same
 * connectors — and helpers to make an incident and run a containment playbook for it.
 */
import { MemoryRunStore, WorkflowRuntime, type ConnectorRegistry, type RunResult, type WorkflowAction, type WorkflowDefinition } from '@riposte/engine';
import { securityContext, type SecurityContext } from '../app/security-context.ts';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import type { SecretKeyRing } from '../connectors/secrets/secret-key.ts';
import type { ChangeLedger } from '../ledger/change-ledger.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { RecoveryPolicy } from './recovery-policy.ts';
import type { RecoveryService } from './recovery-service.ts';
import { wireRecovery } from './recovery-wiring.ts';

export interface RecoveryFixture {
  t: TestApp;
  ctx: SecurityContext;
  ledger: ChangeLedger;
  recovery: RecoveryService;
  runs: MemoryRunStore;
  runtime: WorkflowRuntime;
  /** The ledgered registry runs dispatch through (for a second runtime in crash tests). */
  connectors: ConnectorRegistry;
  /** Creates an incident from one alert about `upn` and makes the responder key's holder its lead. */
  incident(upn: string, ipAddress: string): Promise<{ id: string; number: number }>;
  /** Runs a playbook for the incident the way a Sentinel incident trigger starts it. */
  runFor(incidentId: string, actions: WorkflowDefinition['actions'], connections: Record<string, unknown>): Promise<RunResult>;
  close(): Promise<void>;
}

let alertSeq = 0;

/** Builds the fixture over `registry` (which must hold the `riposte` connector bound to `recovery` if used); `keys`: the ledger's key ring. */
export async function recoveryFixture(makeRegistry: (recovery: () => RecoveryService | undefined) => ConnectorRegistry, policy: Partial<RecoveryPolicy> = {}, keys?: SecretKeyRing): Promise<RecoveryFixture> {
  const store = openSqliteSecurityStore({ path: ':memory:', durability: 'normal' });
  const ctx = securityContext({ store });
  const runs = new MemoryRunStore();
  let recovery: RecoveryService | undefined;
  // Wired as the server wires it (recovery-wiring.ts); the riposte connector finds the service late.
  const wiring = wireRecovery(ctx, { registry: makeRegistry(() => recovery), runs, policy, ...(keys ? { keys } : {}) });
  recovery = wiring.recovery;
  const { ledger } = wiring;
  const runtime = new WorkflowRuntime({ store: runs, connectors: wiring.connectors });
  const t = await buildTestApp({ ...ctx, modules: [wiring.module] });
  const admin = t.as('admin');
  return {
    t,
    ctx,
    ledger,
    recovery,
    runs,
    runtime,
    connectors: wiring.connectors,
    async incident(upn, ipAddress) {
      alertSeq++;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/alerts',
        headers: admin,
        payload: [
          {
            title: `Compromised account ${upn}`,
            severity: 'high',
            serviceSource: 'test',
            providerAlertId: `recovery-${alertSeq}`,
            detectorId: `compromise-${alertSeq}`,
            evidence: [
              { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: upn, accountName: upn.split('@')[0] } },
              { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress },
            ],
            createdDateTime: new Date().toISOString(),
          },
        ],
      });
      const id = res.json()[0].incidentId as string;
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: admin, payload: { status: 'Active', phase: 'Containment', roles: { lead: 'test-responder' } } });
      if (patched.statusCode !== 200) throw new Error(`cannot set the incident lead: ${patched.body}`);
      return { id, number: patched.json().number as number };
    },
    async runFor(incidentId, actions, connections) {
      const definition: WorkflowDefinition = {
        $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        contentVersion: '1.0.0.0',
        parameters: { $connections: { type: 'Object', defaultValue: {} } },
        triggers: { Microsoft_Sentinel_incident: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } }, path: '/incident-creation' } } },
        actions,
      } as WorkflowDefinition;
      const arm = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/soc/providers/Microsoft.OperationalInsights/workspaces/soc/providers/Microsoft.SecurityInsights/Incidents/${incidentId}`;
      const handle = await runtime.start({
        definition,
        workflowName: 'Contain-CompromisedAccount',
        triggerBody: { objectSchemaType: 'Incident', object: { id: arm, name: incidentId, properties: {} } },
        parameters: { $connections: connections },
      });
      return handle.done;
    },
    async close() {
      await t.close();
    },
  };
}

/** A `$connections` entry for a managed api with inline settings (tests only: the server keeps them in the vault). */
export function connection(api: string, settings?: Record<string, unknown>) {
  return { connectionId: `/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/connections/${api}`, id: `/subscriptions/s/providers/Microsoft.Web/locations/w/managedApis/${api}`, ...(settings ? { settings } : {}) };
}

/** An ApiConnection action. */
export function call(api: string, method: string, path: string, body?: unknown, runAfter: string[] = []): WorkflowAction {
  return {
    type: 'ApiConnection',
    inputs: { host: { connection: { name: `@parameters('$connections')['${api}']['connectionId']` } }, method, path, ...(body !== undefined ? { body } : {}) },
    runAfter: Object.fromEntries(runAfter.map((a) => [a, ['Succeeded' as const]])),
  };
}

/** The Sentinel incident trigger, as an imported playbook has it. */
export const incidentTrigger = {
  Microsoft_Sentinel_incident: {
    type: 'ApiConnectionWebhook',
    inputs: { host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } }, body: { callback_url: '@{listCallbackUrl()}' }, path: '/incident-creation' },
  },
};

/** A POST /api/playbooks `definition`: `actions` on the Sentinel incident trigger, with its `$connections` values. */
export function incidentPlaybook(actions: Record<string, WorkflowAction>, connections: Record<string, unknown>) {
  return {
    definition: {
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: '1.0.0.0',
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
      triggers: incidentTrigger,
      actions,
    },
    parameters: { $connections: { value: connections } },
  };
}
