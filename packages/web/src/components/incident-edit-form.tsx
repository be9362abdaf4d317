import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { Incident, IncidentPatch } from '../api/types.ts';
import { incidentClassifications, incidentPhases, incidentSeverities, incidentStatuses } from '../api/types.ts';
import { asApiError } from '../use-load.tsx';
import { ChoiceSelect } from './choice-select.tsx';
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
        <ChoiceSelect label="Status" name="status" value={status} choices={incidentStatuses} onChange={(v) => setStatus(v as Incident['status'])} />
        <ChoiceSelect label="Severity" name="severity" value={severity} choices={incidentSeverities} onChange={(v) => setSeverity(v as Incident['severity'])} />
        <ChoiceSelect label="Phase" name="phase" value={phase} choices={incidentPhases} onChange={(v) => setPhase(v as Incident['phase'])} />
        <label>
          Owner
          <input name="owner" value={owner} placeholder="name or UPN" onChange={(e) => setOwner(e.target.value)} />
        </label>
        <ChoiceSelect
          label="Classification"
          name="classification"
          value={classification}
          choices={incidentClassifications}
          empty="(none)"
          onChange={setClassification}
        />
      </div>
      <ErrorBanner error={error} />
      <button type="submit" disabled={saving}>
        Save changes
      </button>
    </form>
  );
}
