import { useState } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { IncidentView } from '../api/types.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

/**
 * Deletes an incident after the analyst confirms, saying that its alerts go with it. A refusal
 * (403 for a key that is not admin, 409 when a module must keep the incident) is shown as the
 * server stated it, and the incident stays as it is.
 */
export function IncidentDelete({ incident, onDelete }: { incident: IncidentView; onDelete: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<ConsoleApiError>();

  const confirm = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await onDelete();
    } catch (err) {
      setError(asApiError(err));
      setConfirming(false);
      setDeleting(false);
    }
  };

  return (
    <div className="card incident-delete">
      <h3>Delete incident</h3>
      {confirming ? (
        <>
          <p className="error-text">{confirmation(incident)} This cannot be undone; the audit log keeps a record.</p>
          <div className="form-actions">
            <button type="button" className="danger" disabled={deleting} onClick={confirm}>
              Confirm delete
            </button>
            <button type="button" className="secondary" disabled={deleting} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <button
          type="button"
          className="danger"
          onClick={() => {
            setError(undefined);
            setConfirming(true);
          }}
        >
          Delete incident
        </button>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}

/** What the analyst confirms: the alerts go with the incident. */
function confirmation(incident: IncidentView): string {
  const alerts = incident.alertCount;
  if (alerts === 0) return `Delete incident #${incident.number}? It has no alerts; its comments, tasks and timeline are deleted with it.`;
  const which = alerts === 1 ? 'its alert' : `its ${alerts} alerts`;
  return `Delete incident #${incident.number} and ${which}? The ${alerts === 1 ? 'alert is' : 'alerts are'} deleted too, with the comments, tasks and timeline.`;
}
