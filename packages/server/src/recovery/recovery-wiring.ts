/**
 * How the server puts the change ledger and recovery together, in one call: the ledger on the
 * store's database, the registry runs must dispatch through (ledgered), the recovery service over
 * the plain registry, and the routes. Give `connectors` to the playbook runtime and `module` to
 * buildApp's modules; bind the `riposte` connector with `() => wiring.recovery`.
 */
import type { ConnectorRegistry, RunStore } from '@riposte/engine';
import type { SecretKeyRing } from '../connectors/secrets/secret-key.ts';
import type { RiposteModule } from '../app/build-app.ts';
import type { SecurityContext } from '../app/security-context.ts';
import { ChangeLedger } from '../ledger/change-ledger.ts';
import { LedgeredConnectorRegistry } from '../ledger/ledger-dispatch.ts';
import { runIncidentResolver } from '../ledger/run-incident.ts';
import type { RecoveryPolicy } from './recovery-policy.ts';
import { recoveryModule } from './recovery-routes.ts';
import { RecoveryService } from './recovery-service.ts';
import { unrestoredChangesGuard } from './unrestored-changes-guard.ts';

export interface RecoveryWiring {
  ledger: ChangeLedger;
  recovery: RecoveryService;
  /** The registry the playbook runtime must use: every changing operation is recorded in the ledger. */
  connectors: ConnectorRegistry;
  /** The ledger and recovery routes. */
  module: RiposteModule;
}

/**
 * Wires the ledger and recovery. `registry` should already inject connection credentials
 * (registryWithVault); `runs` is the run journal the playbook runtime writes; `keys` the key ring the
 * ledger seals secured requests with (default: the installation's, as the connection vault's).
 */
export function wireRecovery(ctx: SecurityContext, options: { registry: ConnectorRegistry; runs: RunStore; policy?: Partial<RecoveryPolicy>; keys?: SecretKeyRing }): RecoveryWiring {
  const ledger = new ChangeLedger(ctx.store, ctx.clock, ctx.newId, options.keys);
  const connectors = new LedgeredConnectorRegistry(options.registry, { ledger, incidentOf: runIncidentResolver(options.runs, ctx.store, ledger) });
  const recovery = new RecoveryService({ ctx, ledger, connectors: options.registry, runs: options.runs, ...(options.policy ? { policy: options.policy } : {}) });
  // An incident whose containment changes are not all restored cannot be deleted.
  ctx.incidentDeletionGuards.add(unrestoredChangesGuard(ledger, recovery.store));
  return { ledger, recovery, connectors, module: recoveryModule({ ledger, recovery }) };
}
