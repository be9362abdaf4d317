import type { RiposteClient } from '../api/client.ts';
import type { WorkflowAutomation } from '../api/types.ts';
import { AutomationImportForm } from '../components/automation-import-form.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { EnabledBadge } from '../components/enabled-badge.tsx';
import { SwitchAndDelete } from '../components/switch-and-delete.tsx';
import { shortTime } from '../format/short-time.ts';
import { useLoad } from '../use-load.tsx';
import { useRowActions } from '../use-row-actions.tsx';
import { PageToolbar } from '../components/page-toolbar.tsx';

/** Defender for Cloud workflow automations: list, import from JSON, enable, disable, delete. */
export function WorkflowAutomations({ client }: { client: RiposteClient }) {
  const automations = useLoad(() => client.listWorkflowAutomations(), [client]);
  const { error, busy, confirming, setConfirming, act } = useRowActions(automations.reload);

  const rows = automations.data?.value ?? [];
  return (
    <section>
      <PageToolbar title="Workflow automations" onRefresh={automations.reload} />
      <ErrorBanner error={automations.error} />
      <ErrorBanner error={error} />
      <table className="automations">
        <thead>
          <tr>
            <th>Name</th>
            <th>State</th>
            <th>Triggers on</th>
            <th>Actions</th>
            <th>Modified</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-automation={a.id}>
              <td>
                {a.name}
                {a.properties.description && <div className="muted">{a.properties.description}</div>}
              </td>
              <td>
                <EnabledBadge enabled={a.properties.isEnabled} />
              </td>
              <td>{a.properties.sources.map((s) => s.eventSource).join(', ')}</td>
              <td>{describeActions(a)}</td>
              <td className="muted">{shortTime(a.lastModifiedTimeUtc)}</td>
              <td>
                <SwitchAndDelete
                  enabled={a.properties.isEnabled}
                  confirming={confirming === a.id}
                  busy={busy}
                  onSwitch={() => act(async () => void (await client.setWorkflowAutomationEnabled(a.id, !a.properties.isEnabled)))}
                  onAskDelete={() => setConfirming(a.id)}
                  onDelete={() => act(() => client.deleteWorkflowAutomation(a.id))}
                  onCancelDelete={() => setConfirming(undefined)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!automations.loading && !automations.error && rows.length === 0 && <p className="muted">No workflow automations yet.</p>}
      <AutomationImportForm
        onCreate={async (document) => {
          try {
            await client.createWorkflowAutomation(document);
          } finally {
            automations.reload();
          }
        }}
      />
    </section>
  );
}

function describeActions(a: WorkflowAutomation): string {
  return a.properties.actions
    .map((action) => (action.actionType === 'LogicApp' ? `playbook ${action.logicAppResourceId?.split('/').pop() ?? ''}` : action.actionType))
    .join(', ');
}

