import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { IncidentCreate, IncidentSeverity } from '../api/types.ts';
import { incidentSeverities } from '../api/types.ts';
import { asApiError } from '../use-load.tsx';
import { ChoiceSelect } from './choice-select.tsx';
import { ErrorBanner } from './error-banner.tsx';

/**
 * Opens an incident by hand: title, description, severity (Medium, as the server defaults) and
 * comma-separated labels. The server judges the input; its 400 names the field it refused.
 */
export function IncidentCreateForm({ onCreate, onCancel }: { onCreate: (body: IncidentCreate) => Promise<void>; onCancel: () => void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<IncidentSeverity>('Medium');
  const [labels, setLabels] = useState('');
  const [error, setError] = useState<ConsoleApiError>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: IncidentCreate = { title: title.trim(), severity };
    if (description.trim()) body.description = description.trim();
    const names = labels.split(',').map((l) => l.trim()).filter(Boolean);
    if (names.length > 0) body.labels = names.map((labelName) => ({ labelName }));
    setSaving(true);
    setError(undefined);
    try {
      await onCreate(body);
    } catch (err) {
      setError(asApiError(err));
      setSaving(false);
    }
  };

  return (
    <form className="card incident-create" onSubmit={submit}>
      <h3>New incident</h3>
      <div className="grid">
        <label className="wide">
          Title
          <input name="title" value={title} required onChange={(e) => setTitle(e.target.value)} />
        </label>
        <ChoiceSelect label="Severity" name="severity" value={severity} choices={incidentSeverities} onChange={(v) => setSeverity(v as IncidentSeverity)} />
        <label>
          Labels
          <input name="labels" value={labels} placeholder="comma-separated" onChange={(e) => setLabels(e.target.value)} />
        </label>
      </div>
      <label>
        Description
        <textarea name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" disabled={saving}>
          Create incident
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
