import { useState } from 'react';
import type { FormEvent } from 'react';
import type { RiposteClient } from '../api/client.ts';
import type { Alert, AlertPatch } from '../api/types.ts';
import { alertClassifications, alertDeterminations, alertStatuses } from '../api/types.ts';
import { alertSource } from '../format/alert-source.ts';
import { evidenceSummary } from '../format/evidence-summary.ts';
import { shortTime } from '../format/short-time.ts';
import { useLoad } from '../use-load.tsx';
import { useRowActions } from '../use-row-actions.tsx';
import { ChoiceSelect } from './choice-select.tsx';
import { EntityList } from './entity-list.tsx';
import { ErrorBanner } from './error-banner.tsx';
import { IncidentLink } from './incident-link.tsx';
import { SeverityBadge } from './severity-badge.tsx';

/** One alert: what it says, its evidence and comments, and the analyst's verdict on it (PATCH). */
export function AlertDetail({ client, id, onChanged }: { client: RiposteClient; id: string; onChanged: () => void }) {
  const alert = useLoad(() => client.getAlert(id), [client, id]);
  const incidentId = alert.data?.incidentId;
  // The incident's number and title read better than its id; without incidents.read the id is shown.
  const incident = useLoad(async () => (incidentId ? client.getIncident(incidentId) : undefined), [client, incidentId]);
  const a = alert.data;

  return (
    <div className="card alert-detail">
      <ErrorBanner error={alert.error} />
      {a && (
        <>
          <h3>{a.title}</h3>
          <p className="facts">
            <SeverityBadge severity={a.severity} /> <span className="badge">{a.status}</span> {a.classification && <span className="badge">{a.classification}</span>}{' '}
            <span className="muted">
              {alertSource(a)} · created {shortTime(a.createdDateTime)}
              {a.resolvedDateTime ? ` · resolved ${shortTime(a.resolvedDateTime)}` : ''}
            </span>
          </p>
          <p>
            Incident:{' '}
            <IncidentLink
              incidentId={a.incidentId}
              label={incident.data ? `#${incident.data.number} ${incident.data.title}` : undefined}
            />
          </p>
          <div className="columns">
            <div>
              <h4>Description</h4>
              <p className="alert-description comment-message">{a.description || <span className="muted">none</span>}</p>
              <h4>Recommended actions</h4>
              <p className="alert-recommended comment-message">{a.recommendedActions || <span className="muted">none</span>}</p>
              {(a.mitreTechniques ?? []).length > 0 && <p>MITRE techniques: {(a.mitreTechniques ?? []).join(', ')}</p>}
            </div>
            <EntityList
              title="Evidence"
              entities={(a.evidence ?? []).map((e, i) => ({ key: String(i), ...friendly(evidenceSummary(e)) }))}
            />
          </div>
          <h4>Comments ({(a.comments ?? []).length})</h4>
          <ul className="comment-list alert-comments">
            {(a.comments ?? []).map((c, i) => (
              <li key={i}>
                <div className="comment-message">{c.comment}</div>
                <div className="muted">
                  {c.createdByDisplayName ?? 'unknown'} · {shortTime(c.createdDateTime)}
                </div>
              </li>
            ))}
          </ul>
          <AlertTriageForm
            alert={a}
            onSave={async (patch) => {
              await client.updateAlert(a.id, patch);
              alert.reload();
              onChanged();
            }}
          />
        </>
      )}
    </div>
  );
}

const friendly = ({ kind, name }: { kind: string; name: string }) => ({ kind, friendlyName: name });

/** Status, classification, determination and assignee; sends only what changed, and a comment if one was typed. */
function AlertTriageForm({ alert, onSave }: { alert: Alert; onSave: (patch: AlertPatch) => Promise<void> }) {
  const [status, setStatus] = useState(alert.status);
  const [classification, setClassification] = useState(alert.classification ?? '');
  const [determination, setDetermination] = useState(alert.determination ?? '');
  const [assignedTo, setAssignedTo] = useState(alert.assignedTo ?? '');
  const [comment, setComment] = useState('');
  // The saved values are the ones the form holds: nothing to reload here (the parent reads the alert again).
  const { error, notice, busy, act } = useRowActions(() => undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: AlertPatch = {};
    if (status !== alert.status) patch.status = status as AlertPatch['status'];
    if (classification !== (alert.classification ?? '')) patch.classification = (classification || null) as AlertPatch['classification'];
    if (determination.trim() !== (alert.determination ?? '')) patch.determination = determination.trim() || null;
    if (assignedTo.trim() !== (alert.assignedTo ?? '')) patch.assignedTo = assignedTo.trim() || null;
    if (comment.trim()) patch.comments = [{ comment: comment.trim() }];
    if (Object.keys(patch).length === 0) return;
    void act(async () => {
      await onSave(patch);
      setComment('');
      return 'Saved.';
    });
  };

  return (
    <form className="alert-triage" onSubmit={submit}>
      <h4>Triage</h4>
      <div className="grid">
        <ChoiceSelect label="Status" name="alertStatus" value={status} choices={alertStatuses} onChange={setStatus} />
        <ChoiceSelect label="Classification" name="classification" value={classification} choices={alertClassifications} empty="(none)" onChange={setClassification} />
        <label>
          Determination
          <input name="determination" list="alert-determinations" value={determination} onChange={(e) => setDetermination(e.target.value)} />
          <datalist id="alert-determinations">
            {alertDeterminations.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
        </label>
        <label>
          Assigned to
          <input name="assignedTo" value={assignedTo} onChange={(e) => setAssignedTo(e.target.value)} />
        </label>
      </div>
      <label>
        Comment
        <textarea name="alertComment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <ErrorBanner error={error} />
      {error?.status === 403 && <p className="muted">Changing an alert needs the alerts.write permission (admin, responder and triage keys).</p>}
      {notice && <p className="notice">{notice}</p>}
      <button type="submit" disabled={busy}>
        Save alert
      </button>
    </form>
  );
}
