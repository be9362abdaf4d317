import type { RecoveryPlan, RecoveryStep } from '../api/types.ts';
import { shortTime } from '../format/short-time.ts';
import { ResourceState } from './resource-state.tsx';

const stepBadge: Record<RecoveryStep['status'], string> = {
  pending: '',
  running: 'sla-warn',
  restored: 'sla-ok',
  'verified-mismatch': 'sla-bad',
  'conflict-skipped': 'sla-warn',
  'not-restorable': 'sla-warn',
  failed: 'sla-bad',
};

/** What a plan's status means for the analyst: who acts next. */
const planMeaning: Record<RecoveryPlan['status'], string> = {
  'awaiting-approval': "planned — waits for the incident lead's approval",
  approved: 'approved — ready to run',
  running: 'running — restoring and verifying each resource',
  succeeded: 'done — every step finished',
  failed: 'failed — run again to continue from the first unfinished step',
};

/** One recovery plan (stored or a dry run): its state, who approved it, and each step with its verification. */
export function RecoveryPlanView({ plan, dryRun = false }: { plan: RecoveryPlan; dryRun?: boolean }) {
  const counts = Object.entries(plan.report.counts)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const notRestorable = plan.steps.filter((s) => !s.restorable);
  return (
    <div className="recovery-plan" data-plan={dryRun ? 'dry-run' : plan.id}>
      <p className="facts">
        {dryRun ? (
          <span className="badge">dry run — nothing was stored or changed</span>
        ) : (
          <>
            <span className={`badge plan-status ${plan.status === 'succeeded' ? 'sla-ok' : plan.status === 'failed' ? 'sla-bad' : ''}`}>{plan.status}</span> {planMeaning[plan.status]}
          </>
        )}
        {plan.force && <span className="badge sla-warn">force: conflicting resources are overwritten</span>}
      </p>
      {!dryRun && (
        <p className="muted plan-facts">
          Planned {shortTime(plan.createdAt)} by {plan.createdBy}
          {plan.approvedBy && <> · approved {shortTime(plan.approvedAt)} by <span className="approved-by">{plan.approvedBy}</span></>}
          {plan.startedAt && <> · started {shortTime(plan.startedAt)}</>}
          {plan.finishedAt && <> · finished {shortTime(plan.finishedAt)}</>}
          {plan.recoverBy && <> · recover by {shortTime(plan.recoverBy)}</>}
          {plan.report.withinSla !== null && <> · {plan.report.withinSla ? 'within' : 'outside'} the recovery SLA</>}
        </p>
      )}
      {counts && !dryRun && <p className="plan-counts">Steps: {counts}</p>}
      {plan.report.resumeFrom !== null && plan.status === 'failed' && <p className="notice-warn">Stopped at step {plan.report.resumeFrom + 1}: running the plan again continues from there.</p>}
      {notRestorable.map((s) => (
        <p key={s.position} className="notice-warn not-restorable">
          {s.resource.kind} {s.resource.id} ({s.operationId}) cannot be restored by recovery — the connector cannot read back the old value (a password, for one). Put it back by hand.
        </p>
      ))}
      {plan.unappliedEntries.length > 0 && (
        <p className="notice-warn unapplied">
          {plan.unappliedEntries.length} recorded change{plan.unappliedEntries.length === 1 ? '' : 's'} never applied (failed or interrupted) and {plan.unappliedEntries.length === 1 ? 'is' : 'are'} not in the plan: check{' '}
          {plan.unappliedEntries.length === 1 ? 'it' : 'them'} in the ledger above.
        </p>
      )}
      {plan.steps.length === 0 ? (
        <p className="muted">Nothing to restore: no applied change in the ledger.</p>
      ) : (
        <table className="recovery-steps">
          <thead>
            <tr>
              <th>Step</th>
              <th>Resource</th>
              <th>{dryRun ? 'Now' : 'Found when planned'}</th>
              <th>Restores to</th>
              <th>Status</th>
              <th>Verification</th>
            </tr>
          </thead>
          <tbody>
            {plan.steps.map((step) => (
              <tr key={step.position} data-step={step.position}>
                <td>{step.position + 1}</td>
                <td>
                  {step.resource.kind} <strong>{step.resource.id}</strong>
                  <div className="muted">{step.operationId}</div>
                  {step.conflict && <span className="badge sla-warn">conflict: changed by someone else since</span>}
                  {!step.restorable && <span className="badge sla-warn">not restorable</span>}
                </td>
                <td>
                  <ResourceState state={step.current} label="Current state" />
                </td>
                <td>
                  <ResourceState state={step.restoreTo} label="Before-state" />
                </td>
                <td>
                  <span className={`badge step-status ${stepBadge[step.status]}`}>{step.status}</span>
                  {step.error && (
                    <div className="error-text">
                      {step.error.code}: {step.error.message}
                    </div>
                  )}
                </td>
                <td className="verification">{verification(step)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** How a step's restore was checked: the resource read back after it, compared with the before-state. */
function verification(step: RecoveryStep) {
  if (step.status === 'restored') return <span>verified: read back equals the before-state</span>;
  if (step.status === 'verified-mismatch') {
    return (
      <>
        <span className="error-text">read back differs from the before-state</span>
        <ResourceState state={step.verifiedState} label="Read back" />
      </>
    );
  }
  if (step.status === 'conflict-skipped') return <span className="muted">skipped: the resource was changed since; plan with force to overwrite</span>;
  if (step.status === 'not-restorable') return <span className="muted">not restorable: put it back by hand</span>;
  if (step.verifiedState !== undefined) return <ResourceState state={step.verifiedState} label="Read back" />;
  return <span className="muted">not run yet</span>;
}
