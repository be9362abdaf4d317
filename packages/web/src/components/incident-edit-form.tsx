import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { Incident, IncidentPatch } from '../api/types.ts';
import { incidentClassifications, incidentPhases, incidentSeverities, incidentStatuses } from '../api/types.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';
import { ownerName } from './owner-name.tsx';

/** Owner, status, severity, phase and classification; sends only what changed (one PATCH). */
export function IncidentEditForm({ incident, onSave }: { incident: Incident; onSave: (patch: IncidentPatch) => Promise<void> }) {
  const [status, setStatus] = useState(incident.status);
  const [severity, setSeverity] = useState(incident.severity);
  const [phase, setPhase] = useState(incident.phase);
  const [owner, setOwner] = useState(ownerName(incident.owner));
  const [classification, setClassification] = useState(incident.classification ?? '');
  const [error, setError] = useState<ConsoleApiError>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch: IncidentPatch = {};
    if (status !== incident.status) patch.status = status;
    if (severity !== incident.severity) patch.severity = severity;
    if (phase !== incident.phase) patch.phase = phase;
    if (owner.trim() !== ownerName(incident.owner)) {
      const name = owner.trim();
      patch.owner = name ? (name.includes('@') ? { userPrincipalName: name, assignedTo: name } : { assignedTo: name }) : null;
    }
    if (classification !== (incident.classification ?? '')) patch.classification = classification ? (classification as IncidentPatch['classification']) : null;
    if (Object.keys(patch).length === 0) return;
    setSaving(true);
    setError(undefined);
    try {
      await onSave(patch);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card incident-edit" onSubmit={submit}>
      <h3>Triage</h3>
      <div className="grid">
        <label>
          Status
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value as Incident['status'])}>
            {incidentStatuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select name="severity" value={severity} onChange={(e) => setSeverity(e.target.value as Incident['severity'])}>
            {incidentSeverities.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Phase
          <select name="phase" value={phase} onChange={(e) => setPhase(e.target.value as Incident['phase'])}>
            {incidentPhases.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <input name="owner" value={owner} placeholder="name or UPN" onChange={(e) => setOwner(e.target.value)} />
        </label>
        <label>
          Classification
          <select name="classification" value={classification} onChange={(e) => setClassification(e.target.value)}>
            <option value="">(none)</option>
            {incidentClassifications.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={error} />
      <button type="submit" disabled={saving}>
        Save changes
      </button>
    </form>
  );
}
