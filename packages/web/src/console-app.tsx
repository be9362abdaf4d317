import { useMemo, useState } from 'react';
import { RiposteClient } from './api/client.ts';
import { NavBar } from './components/nav-bar.tsx';
import { useHashRoute } from './hash-route.tsx';
import { AlertQueue } from './pages/alert-queue.tsx';
import { Approvals } from './pages/approvals.tsx';
import { ApiKeyPrompt } from './pages/api-key-prompt.tsx';
import { AutomationRules } from './pages/automation-rules.tsx';
import { Connections } from './pages/connections.tsx';
import { IncidentDetail } from './pages/incident-detail.tsx';
import { IncidentQueue } from './pages/incident-queue.tsx';
import { PlaybookList } from './pages/playbook-list.tsx';
import { WorkflowAutomations } from './pages/workflow-automations.tsx';
import { forgetSessionKey, readSessionKey, saveSessionKey } from './session-key.tsx';

/** The console: asks for an API key once per tab, then shows the page the URL fragment names. */
export function ConsoleApp() {
  const [key, setKey] = useState(readSessionKey);
  const [notice, setNotice] = useState<string>();
  const route = useHashRoute();
  const client = useMemo(
    () =>
      key
        ? new RiposteClient(key, {
            onUnauthorized: () => {
              forgetSessionKey();
              setKey(null);
              setNotice('The server no longer accepts that key. Paste a valid key to go on.');
            },
          })
        : undefined,
    [key],
  );

  if (!client) {
    return (
      <ApiKeyPrompt
        notice={notice}
        onAccepted={(accepted) => {
          setNotice(undefined);
          saveSessionKey(accepted);
          setKey(accepted);
        }}
      />
    );
  }

  const signOut = () => {
    forgetSessionKey();
    setKey(null);
  };

  return (
    <div className="console">
      <NavBar route={route} onSignOut={signOut} />
      <main>
        {route.page === 'incidents' && <IncidentQueue client={client} />}
        {route.page === 'incident' && <IncidentDetail key={route.id} client={client} id={route.id} />}
        {route.page === 'alerts' && <AlertQueue client={client} alertId={route.alertId} />}
        {route.page === 'approvals' && <Approvals client={client} />}
        {route.page === 'automation-rules' && <AutomationRules client={client} />}
        {route.page === 'automations' && <WorkflowAutomations client={client} />}
        {route.page === 'playbooks' && <PlaybookList client={client} playbookId={route.playbookId} runId={route.runId} />}
        {route.page === 'connections' && <Connections client={client} api={route.api} />}
      </main>
    </div>
  );
}
