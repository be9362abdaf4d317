import { useState } from 'react';
import type { RiposteClient } from '../api/client.ts';
import type { Playbook } from '../api/types.ts';
import { SwitchAndDelete } from '../components/switch-and-delete.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { EnabledBadge } from '../components/enabled-badge.tsx';
import { JsonImportForm } from '../components/json-import-form.tsx';
import { PlaybookDetail } from '../components/playbook-detail.tsx';
import { PlaybookRunForm } from '../components/playbook-run-form.tsx';
import { RunDetailView } from '../components/run-detail-view.tsx';
import { RunHistory } from '../components/run-history.tsx';
import { playbookInput } from '../format/playbook-input.ts';
import { shortTime } from '../format/short-time.ts';
import { routeHref } from '../console-route.ts';
import { navigateTo } from '../hash-route.tsx';
import { useLoad } from '../use-load.tsx';
import { useRowActions } from '../use-row-actions.tsx';
import { PageToolbar } from '../components/page-toolbar.tsx';

/**
 * Playbooks: import (a workflow definition or an ARM template), enable, disable, delete; choosing one
 * shows its missing operations, versions, run history and "Run now"; choosing a run shows each action of it.
 */
export function PlaybookList({ client, playbookId, runId }: { client: RiposteClient; playbookId?: string; runId?: string }) {
  const playbooks = useLoad(() => client.listPlaybooks(), [client]);
  const { error, notice, busy, confirming, setConfirming, clear, act } = useRowActions(playbooks.reload);
  // Bumped when a run is started here, so the run history reads again and lists it.
  const [runsRound, setRunsRound] = useState(0);

  const setEnabled = (p: Playbook, enabled: boolean) =>
    act(async () => {
      await client.setPlaybookEnabled(p.id, enabled);
      return `${enabled ? 'Enabled' : 'Disabled'} '${p.name}'.`;
    });

  const remove = (p: Playbook) =>
    act(async () => {
      await client.deletePlaybook(p.id);
      if (p.id === playbookId) navigateTo({ page: 'playbooks' });
      return `Deleted '${p.name}'.`;
    });

  const rows = playbooks.data?.value ?? [];
  return (
    <section>
      <PageToolbar title="Playbooks" onRefresh={playbooks.reload} />
      <ErrorBanner error={playbooks.error} />
      <ErrorBanner error={error} />
      {error?.status === 403 && <p className="muted">Changing playbooks needs the playbooks.write permission (admin and automation-author keys).</p>}
      {notice && <p className="notice">{notice}</p>}
      <table className="playbooks">
        <thead>
          <tr>
            <th>Name</th>
            <th>State</th>
            <th>Trigger</th>
            <th>Version</th>
            <th>Missing operations</th>
            <th>Modified</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} data-playbook={p.id} className={p.id === playbookId ? 'selected' : undefined}>
              <td>
                <a href={routeHref({ page: 'playbooks', playbookId: p.id })}>{p.name}</a>
              </td>
              <td>
                <EnabledBadge enabled={p.enabled} />
              </td>
              <td>{p.triggerKind}</td>
              <td>{p.version}</td>
              <td>{p.missingOperations?.length ? <span className="badge sla-warn">{p.missingOperations.length}</span> : <span className="muted">none</span>}</td>
              <td className="muted">{shortTime(p.lastModifiedTimeUtc)}</td>
              <td>
                <SwitchAndDelete
                  enabled={p.enabled}
                  busy={busy}
                  confirming={confirming === p.id}
                  onSwitch={() => setEnabled(p, !p.enabled)}
                  onAskDelete={() => setConfirming(p.id)}
                  onDelete={() => remove(p)}
                  onCancelDelete={() => setConfirming(undefined)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!playbooks.loading && !playbooks.error && rows.length === 0 && <p className="muted">No playbooks yet.</p>}
      {playbookId && <PlaybookDetail key={playbookId} client={client} playbookId={playbookId} />}
      {playbookId && (
        <PlaybookRunForm
          key={`run ${playbookId}`}
          client={client}
          playbookId={playbookId}
          onStarted={(newRunId) => {
            setRunsRound((r) => r + 1);
            navigateTo({ page: 'playbooks', playbookId, runId: newRunId });
          }}
        />
      )}
      {playbookId && <RunHistory key={`${playbookId} ${runsRound}`} client={client} playbookId={playbookId} selectedRunId={runId} />}
      {playbookId && runId && <RunDetailView key={runId} client={client} runId={runId} />}
      <JsonImportForm
        className="playbook-import"
        heading="Import a playbook"
        hint={
          <>
            Paste a Logic Apps workflow definition (<code>triggers</code>, <code>actions</code>) or a whole ARM template such as a Sentinel playbook's{' '}
            <code>azuredeploy.json</code>. JSON with a <code>resources</code> array or a <code>deploymentTemplate</code> <code>$schema</code> is sent as a
            template, anything else as a definition. Leave the name empty to keep the one the template (or definition) gives. Operations no connector
            provides are listed as missing, not refused.
          </>
        }
        fieldName="playbookJson"
        textField={{ name: 'playbookName', label: 'Name', placeholder: "the template's name" }}
        submitLabel="Import playbook"
        onCreate={async (document, name) => {
          clear();
          try {
            await client.createPlaybook(playbookInput(name, document));
          } finally {
            playbooks.reload();
          }
        }}
      />
    </section>
  );
}
