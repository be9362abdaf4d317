import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { IncidentRoleName, IncidentRoles } from '../api/types.ts';
import { roleNames } from '../api/types.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

const roleLabels: Record<IncidentRoleName, string> = { lead: 'Lead', technical: 'Technical', legal: 'Legal', communications: 'Communications' };

/** Who holds each response role; an empty field clears the role. */
export function IncidentRolesForm({ roles, onSave }: { roles: IncidentRoles; onSave: (roles: IncidentRoles) => Promise<void> }) {
  const [draft, setDraft] = useState<Record<IncidentRoleName, string>>(() => ({
    lead: roles.lead ?? '',
    technical: roles.technical ?? '',
    legal: roles.legal ?? '',
    communications: roles.communications ?? '',
  }));
  const [error, setError] = useState<ConsoleApiError>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const next: IncidentRoles = {};
    for (const role of roleNames) next[role] = draft[role].trim() || null;
    try {
      await onSave(next);
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <form className="card incident-roles" onSubmit={submit}>
      <h3>Roles</h3>
      <div className="grid">
        {roleNames.map((role) => (
          <label key={role}>
            {roleLabels[role]}
            <input name={`role-${role}`} value={draft[role]} onChange={(e) => setDraft({ ...draft, [role]: e.target.value })} />
          </label>
        ))}
      </div>
      <ErrorBanner error={error} />
      <button type="submit">Save roles</button>
    </form>
  );
}
