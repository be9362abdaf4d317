import type { RiposteClient } from '../api/client.ts';
import type { IncidentPatch } from '../api/types.ts';
import { AlertList } from '../components/alert-list.tsx';
import { CommentThread } from '../components/comment-thread.tsx';
import { ContainmentRecovery } from '../components/containment-recovery.tsx';
import { EntityList } from '../components/entity-list.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { IncidentDelete } from '../components/incident-delete.tsx';
import { IncidentEditForm } from '../components/incident-edit-form.tsx';
import { IncidentPlaybookRun } from '../components/incident-playbook-run.tsx';
import { IncidentRolesForm } from '../components/incident-roles-form.tsx';
import { IncidentTimeline } from '../components/incident-timeline.tsx';
import { SeverityBadge } from '../components/severity-badge.tsx';
import { SlaState } from '../components/sla-state.tsx';
import { TaskList } from '../components/task-list.tsx';
import { routeHref } from '../console-route.ts';
import { navigateTo } from '../hash-route.tsx';
import { useLoad } from '../use-load.tsx';

/**
 * One incident: what happened (alerts, entities), the response (edits, roles, tasks, comments), its
 * timeline, and deleting it (back to the queue once the server has).
 */
export function IncidentDetail({ client, id }: { client: RiposteClient; id: string }) {
  // One load for both, so the page never shows a timeline newer than the incident it describes.
  const loaded = useLoad(async () => {
    const [incident, timeline] = await Promise.all([client.getIncident(id), client.timeline(id)]);
    return { incident, timeline: timeline.value };
  }, [client, id]);
  const changed = () => loaded.reload();
  const patch = async (body: IncidentPatch) => {
    await client.updateIncident(id, body);
    changed();
  };

  const view = loaded.data?.incident;
  return (
    <section className="incident-detail">
      <p>
        <a href={routeHref({ page: 'incidents' })}>← Incidents</a>
      </p>
      <ErrorBanner error={loaded.error} />
      {view && (
        <>
          <div className="incident-heading">
            <h2>
              <span className="muted">#{view.number}</span> {view.title}
            </h2>
            <div className="facts">
              <SeverityBadge severity={view.severity} /> <span className="badge">{view.status}</span> <span className="badge">{view.phase}</span>{' '}
              <SlaState sla={view.sla} />
              {view.classification && <span className="badge">{view.classification}</span>}
              {view.labels.map((l) => (
                <span key={l.labelName} className="badge label">
                  {l.labelName}
                </span>
              ))}
            </div>
            {view.description && <p>{view.description}</p>}
            {view.objective && (
              <p>
                <strong>Objective:</strong> {view.objective}
              </p>
            )}
          </div>
          <div className="columns">
            <div>
              <IncidentEditForm key={`edit-${view.lastModifiedTimeUtc}`} incident={view} onSave={patch} />
              <IncidentRolesForm key={`roles-${view.lastModifiedTimeUtc}`} roles={view.roles} onSave={(roles) => patch({ roles })} />
              <TaskList tasks={view.tasks} onAdd={(title) => client.addTask(id, title).then(changed)} onToggle={(task) => client.updateTask(id, task.id, task.status === 'New' ? 'Completed' : 'New').then(changed)} />
            </div>
            <div>
              <CommentThread comments={view.comments} onAdd={(message) => client.addComment(id, message).then(changed)} />
              <IncidentPlaybookRun client={client} incidentId={view.id} onStarted={changed} />
            </div>
          </div>
          <AlertList alerts={view.alerts} />
          <EntityList entities={view.entities} />
          <ContainmentRecovery client={client} incidentId={id} onChanged={changed} />
          <IncidentTimeline entries={loaded.data?.timeline ?? []} />
          <IncidentDelete
            incident={view}
            onDelete={async () => {
              await client.deleteIncident(id);
              navigateTo({ page: 'incidents' });
            }}
          />
        </>
      )}
    </section>
  );
}
