import type { RiposteClient } from '../api/client.ts';
import type { Approval } from '../api/types.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { IncidentLink } from '../components/incident-link.tsx';
import { shortTime } from '../format/short-time.ts';
import { useLoad } from '../use-load.tsx';
import { useRowActions } from '../use-row-actions.tsx';
import { PageToolbar } from '../components/page-toolbar.tsx';

const historySize = 50;

/**
 * Approval requests playbooks sent: the pending ones with a button per option (the first answer
 * wins: the server's 409 says who was first), and the latest answered or timed-out ones as history.
 */
export function Approvals({ client }: { client: RiposteClient }) {
  const pending = useLoad(() => client.listApprovals({ status: ['Pending'], top: 200 }), [client]);
  const history = useLoad(async () => {
    const decided = await client.listApprovals({ status: ['Answered', 'TimedOut'], top: historySize });
    return decided.value.sort((a, b) => decidedAt(b).localeCompare(decidedAt(a)));
  }, [client]);
  const reload = () => {
    pending.reload();
    history.reload();
  };
  const { error, notice, busy, act } = useRowActions(reload);

  const answer = (approval: Approval, option: string) =>
    act(async () => {
      const answered = await client.answerApproval(approval.id, option);
      return `Answered '${approval.subject}': ${answered.answer?.option ?? option}.`;
    });

  const rows = pending.data?.value ?? [];
  const past = history.data ?? [];
  return (
    <section>
      <PageToolbar title="Approvals" onRefresh={reload} />
      <ErrorBanner error={pending.error ?? history.error} />
      <ErrorBanner error={error} />
      {error?.status === 403 && <p className="muted">Answering approvals needs the approvals.answer permission (admin, responder and triage keys).</p>}
      {notice && <p className="notice">{notice}</p>}
      <h3>Waiting for an answer ({rows.length})</h3>
      <table className="approvals-pending">
        <thead>
          <tr>
            <th>Asked</th>
            <th>Request</th>
            <th>Incident</th>
            <th>Sent to</th>
            <th>Expires</th>
            <th>Answer</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-approval={a.id}>
              <td className="muted nowrap">{shortTime(a.createdAt)}</td>
              <td>
                <strong>{a.subject}</strong> {a.importance === 'High' && <span className="badge severity-high">High importance</span>}
                {a.body && <div className="comment-message muted approval-body">{a.body}</div>}
              </td>
              <td>
                <IncidentLink incidentId={a.incidentId} />
              </td>
              <td>{a.to.join(', ')}</td>
              <td className="nowrap">
                {shortTime(a.expiresAt)}
                {a.defaultOption && <div className="muted">then {a.defaultOption}</div>}
              </td>
              <td>
                <div className="row-actions approval-options">
                  {a.options.map((option) => (
                    <button key={option} type="button" disabled={busy} onClick={() => answer(a, option)}>
                      {option}
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!pending.loading && !pending.error && rows.length === 0 && <p className="muted">No approval is waiting.</p>}
      <h3 className="approvals-history-heading">Answered</h3>
      <table className="approvals-history">
        <thead>
          <tr>
            <th>Asked</th>
            <th>Request</th>
            <th>Incident</th>
            <th>Outcome</th>
            <th>By</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {past.map((a) => (
            <tr key={a.id} data-approval={a.id}>
              <td className="muted nowrap">{shortTime(a.createdAt)}</td>
              <td>{a.subject}</td>
              <td>
                <IncidentLink incidentId={a.incidentId} />
              </td>
              <td>{outcome(a)}</td>
              <td>{a.answer ? `${a.answer.email ?? a.answer.by} (${a.answer.via})` : ''}</td>
              <td className="muted nowrap">{shortTime(a.answer?.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!history.loading && !history.error && past.length === 0 && <p className="muted">Nothing answered yet.</p>}
    </section>
  );
}

const decidedAt = (a: Approval) => a.answer?.at ?? a.createdAt;

/** What was decided: the option chosen, or what the timeout delivered. */
function outcome(a: Approval): string {
  const option = a.answer?.option ?? 'no option';
  return a.status === 'TimedOut' ? `${option} (timed out)` : option;
}
