import { useState } from 'react';
import type { RiposteClient } from '../api/client.ts';
import type { LedgerEntry, RecoveryPlan, RecoveryStep } from '../api/types.ts';
import { changedFirst } from '../format/state-summary.ts';
import { shortTime } from '../format/short-time.ts';
import { useLoad, useReloadWhile } from '../use-load.tsx';
import { useRowActions } from '../use-row-actions.tsx';
import { ErrorBanner } from './error-banner.tsx';
import { RecoveryPlanView } from './recovery-plan-view.tsx';
import { ResourceState } from './resource-state.tsx';

/**
 * The incident's containment changes to outside resources (its change ledger, with before- and
 * after-states) and their recovery: dry run, plan, approval (the server decides who may), run, and
 * each step's verification. Every action reloads the card and the incident (its phase moves).
 */
export function ContainmentRecovery({ client, incidentId, onChanged }: { client: RiposteClient; incidentId: string; onChanged?: () => void }) {
  const loaded = useLoad(async () => {
    const [ledger, plans] = await Promise.all([client.ledger(incidentId), client.listRecoveryPlans(incidentId)]);
    return { entries: ledger.value, plans: plans.value };
  }, [client, incidentId]);
  const { error, notice, busy, confirming, setConfirming, act } = useRowActions(() => {
    loaded.reload();
    onChanged?.();
  });
  const [preview, setPreview] = useState<RecoveryPlan>();
  const [force, setForce] = useState(false);

  const entries = loaded.data?.entries ?? [];
  const plans = loaded.data?.plans ?? [];
  const plan = plans.at(-1);
  // A plan a playbook started (or another analyst ran) shows its progress without a manual refresh.
  useReloadWhile(plan?.status === 'running', loaded);
  const body = force ? { force: true } : {};

  const dryRun = () =>
    act(async () => {
      setPreview(await client.previewRecovery(incidentId, body));
      return 'Dry run below: nothing was stored or changed.';
    });
  const createPlan = () =>
    act(async () => {
      const created = await client.createRecoveryPlan(incidentId, body);
      setPreview(undefined);
      return `Planned recovery: ${created.steps.length} step${created.steps.length === 1 ? '' : 's'}, waiting for approval.`;
    });
  const approve = (p: RecoveryPlan) =>
    act(async () => {
      const approved = await client.approveRecovery(p.id);
      return `Approved by ${approved.approvedBy}.`;
    });
  const run = (p: RecoveryPlan) =>
    act(async () => {
      const ran = await client.runRecovery(p.id);
      const counts = Object.entries(ran.report.counts).map(([status, n]) => `${status} ${n}`);
      return `Recovery ${ran.status}${counts.length ? `: ${counts.join(', ')}` : ''}.`;
    });

  // The server refuses a new plan while one is approved or running (409); one waiting for approval may be superseded.
  const canPlan = entries.some((e) => e.status === 'applied') && !(plan && ['approved', 'running'].includes(plan.status));
  return (
    <div className="card containment-recovery">
      <h3>Containment and recovery</h3>
      <ErrorBanner error={loaded.error} />
      {loaded.error?.status === 403 && <p className="muted">Reading the change ledger needs the recovery.read permission (every key but triage).</p>}
      {loaded.data && entries.length === 0 && <p className="muted">No containment change to an outside resource has been recorded for this incident.</p>}
      {entries.length > 0 && <LedgerTable entries={entries} plans={plans} />}

      <h4>Recovery</h4>
      <p className="muted">
        Recovery puts each changed resource back to its before-state, newest change first, and reads it back to verify. A plan waits for approval by the incident's lead (or a
        role the server's recovery policy names).
      </p>
      <ErrorBanner error={error} />
      {error?.status === 403 && (
        <p className="muted refusal">
          Approval belongs to the incident's lead (or a role the recovery policy names), matched against the API key's name; planning, approving and running need
          recovery.write, recovery.approve and recovery.run (responder and admin keys).
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
      {plan ? (
        <>
          {plans.length > 1 && <p className="muted">Latest of {plans.length} plans.</p>}
          <RecoveryPlanView plan={plan} />
          <div className="form-actions">
            {plan.status === 'awaiting-approval' && (
              <button type="button" disabled={busy} onClick={() => approve(plan)}>
                Approve
              </button>
            )}
            {(plan.status === 'approved' || plan.status === 'failed') &&
              (confirming === plan.id ? (
                <>
                  <span className="error-text">
                    Run recovery? It changes {plan.steps.length} outside resource{plan.steps.length === 1 ? '' : 's'} back to {plan.steps.length === 1 ? 'its' : 'their'} before-state.
                  </span>
                  <button type="button" className="danger" disabled={busy} onClick={() => run(plan)}>
                    Confirm run
                  </button>
                  <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(undefined)}>
                    Cancel
                  </button>
                </>
              ) : (
                <button type="button" disabled={busy} onClick={() => setConfirming(plan.id)}>
                  {plan.status === 'failed' ? 'Continue recovery' : 'Run recovery'}
                </button>
              ))}
          </div>
        </>
      ) : (
        loaded.data && <p className="muted">No recovery plan yet.</p>
      )}
      {canPlan && (
        <div className="form-actions">
          <button type="button" disabled={busy} onClick={dryRun}>
            Dry run
          </button>
          <button type="button" disabled={busy} onClick={createPlan}>
            Plan recovery
          </button>
          <label className="inline">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> force (overwrite resources changed since containment)
          </label>
        </div>
      )}
      {preview && <RecoveryPlanView plan={preview} dryRun />}
    </div>
  );
}

/** The ledger, oldest change first: what, when, by whom, before → after, and whether recovery put it back. */
function LedgerTable({ entries, plans }: { entries: LedgerEntry[]; plans: RecoveryPlan[] }) {
  return (
    <table className="ledger">
      <thead>
        <tr>
          <th>Resource</th>
          <th>Change</th>
          <th>When, by</th>
          <th>Before</th>
          <th>After</th>
          <th>Recovery</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const step = latestStep(plans, entry.id);
          return (
            <tr key={entry.id} data-entry={entry.id}>
              <td>
                {entry.resource.kind} <strong>{entry.resource.id}</strong>
              </td>
              <td>
                {entry.api} · {entry.operationId}
                <div className="muted">
                  {entry.request.method.toUpperCase()} {entry.request.path} (connection {entry.request.connection.name})
                </div>
                <span className={`badge ${entry.status === 'failed' ? 'sla-bad' : entry.status === 'pending' ? 'sla-warn' : ''}`}>{entry.status}</span>
                {entry.error && (
                  <div className="error-text">
                    {entry.error.code}: {entry.error.message}
                  </div>
                )}
                {entry.changeRequestId && <div className="muted">change request {entry.changeRequestId}</div>}
              </td>
              <td>
                <div className="muted nowrap">{shortTime(entry.appliedAt ?? entry.createdAt)}</div>
                {actorOf(entry)}
              </td>
              <td>
                <ResourceState state={entry.beforeState} label="Before-state" />
              </td>
              <td>
                {entry.status === 'applied' ? <AfterState entry={entry} /> : <span className="muted">not applied</span>}
              </td>
              <td className="entry-recovery">{recoveryOf(entry, step)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The after-state with the fields the change altered first. */
function AfterState({ entry }: { entry: LedgerEntry }) {
  const lines = changedFirst(entry.beforeState, entry.afterState);
  if (entry.afterState === null || entry.afterState === undefined || lines.length <= 6) return <ResourceState state={entry.afterState} label="After-state" />;
  return (
    <div className="resource-state">
      {lines.slice(0, 6).map((line, i) => (
        <div key={i}>{line}</div>
      ))}
      <div className="muted">+ {lines.length - 6} more</div>
      <details>
        <summary className="muted">After-state JSON</summary>
        <pre>{JSON.stringify(entry.afterState, null, 2)}</pre>
      </details>
    </div>
  );
}

function actorOf(entry: LedgerEntry) {
  if (entry.actor.kind === 'user') return entry.actor.actor;
  return (
    <>
      {entry.actor.workflowName ?? 'playbook run'} <span className="muted">· {entry.actor.actionPath}</span>
      <div className="muted">run {entry.actor.runId}</div>
    </>
  );
}

/** The newest plan's step for the entry, if any plan has one. */
function latestStep(plans: RecoveryPlan[], entryId: string): RecoveryStep | undefined {
  for (let i = plans.length - 1; i >= 0; i--) {
    const step = plans[i]!.steps.find((s) => s.ledgerEntryId === entryId);
    if (step) return step;
  }
  return undefined;
}

function recoveryOf(entry: LedgerEntry, step: RecoveryStep | undefined) {
  if (entry.status !== 'applied') return <span className="muted">nothing to restore</span>;
  // The connector marks a change it cannot undo (a password reset) in its before-state, as the server's planner reads it.
  const restorable = step ? step.restorable : !(entry.beforeState && typeof entry.beforeState === 'object' && (entry.beforeState as { restorable?: unknown }).restorable === false);
  if (!restorable) return <span className="badge sla-warn">not restorable</span>;
  if (!step) return <span className="muted">restorable · not restored yet</span>;
  if (step.status === 'restored') return <span className="badge sla-ok">restored</span>;
  if (step.status === 'pending') return <span className="muted">restorable · planned, not restored yet</span>;
  return <span className={`badge ${step.status === 'failed' || step.status === 'verified-mismatch' ? 'sla-bad' : 'sla-warn'}`}>{step.status}</span>;
}
