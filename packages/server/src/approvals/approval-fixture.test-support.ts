/**
 * Test wiring for approvals: an app with the approval routes on an in-memory store, a real SMTP
 * server and a local webhook receiver, a runtime whose `office365` and `riposte` connectors ask
 * through the approval service, and a clock the test moves.
 */
import { ConnectorRegistry, MemoryRunStore, WorkflowRuntime } from '@riposte/engine';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { startTestWebhookReceiver, type TestWebhookReceiver } from '../testing/webhook-receiver.ts';
import { smtpAndWebhookChannels } from '../stakeholders/notification-channels.ts';
import { ApprovalService } from './approval-service.ts';
import { office365ApprovalOperations, riposteApprovalOperation } from './approval-operations.ts';
import { registerApprovalRoutes } from './approval-routes.ts';
import { runtimeCallbackDelivery } from './callback-delivery.ts';

export interface ApprovalFixture {
  t: TestApp;
  smtp: TestSmtpServer;
  chat: TestWebhookReceiver;
  approvals: ApprovalService;
  runtime: WorkflowRuntime;
  runStore: MemoryRunStore;
  registry: ConnectorRegistry;
  /** Moves the clock the app and the approval service read. */
  advance(ms: number): void;
  errors: unknown[];
  close(): Promise<void>;
}

export async function approvalFixture(incidentOf?: (runId: string) => Promise<{ incidentId: string | null }>): Promise<ApprovalFixture> {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const clock = () => new Date(now);
  const smtp = await startTestSmtpServer();
  const chat = await startTestWebhookReceiver();
  const store = openSqliteSecurityStore({ path: ':memory:', durability: 'normal' });
  const errors: unknown[] = [];
  let approvals!: ApprovalService;
  const t = await buildTestApp({
    store,
    clock,
    modules: [
      async (app, services) => {
        approvals = new ApprovalService({
          ctx: services,
          publicBaseUrl: 'http://riposte.test',
          channels: smtpAndWebhookChannels({ smtp: { host: smtp.host, port: smtp.port, from: 'Riposte <soc@riposte.test>' } }),
          defaultChat: [{ webhookUrl: `${chat.url}/teams`, format: 'teams' }],
          onError: (err) => errors.push(err),
        });
        await registerApprovalRoutes(app, services, approvals);
      },
    ],
  });
  const registry = new ConnectorRegistry()
    .register({ api: 'office365', displayName: 'Office 365', operations: [], webhooks: office365ApprovalOperations(() => approvals, incidentOf) })
    .register({ api: 'riposte', displayName: 'Riposte', operations: [], webhooks: [riposteApprovalOperation(() => approvals, incidentOf)] });
  const runStore = new MemoryRunStore();
  // One lease owner, as one server per data folder has: a restarted process takes its runs over at once.
  const runtime = new WorkflowRuntime({ store: runStore, connectors: registry, callbackBaseUrl: 'http://riposte.test/api', owner: 'riposte-test' });
  approvals.bindDelivery(runtimeCallbackDelivery(runtime));
  return {
    t,
    smtp,
    chat,
    approvals,
    runtime,
    runStore,
    registry,
    advance: (ms) => {
      now += ms;
    },
    errors,
    close: async () => {
      approvals.stopTimer();
      await t.close();
      await smtp.stop();
      await chat.stop();
    },
  };
}

/** A playbook action that asks for approval through Riposte (ApiConnectionWebhook to /approvals/$subscriptions) with `request` as its body. */
export function riposteApprovalAction(request: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'ApiConnectionWebhook',
    inputs: {
      host: { connection: { name: "@parameters('$connections')['riposte']['connectionId']" } },
      method: 'post',
      path: '/approvals/$subscriptions',
      body: request,
    },
  };
}

/** The answer links in a received message's text, by option. */
export function linksIn(text: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const m of text.matchAll(/^([^:\n]+): (http:\/\/riposte\.test\/api\/approvals\/\S+)$/gm)) links[m[1]!] = m[2]!;
  return links;
}

/** The path and query of a link, as the test app is asked. */
export function pathOf(link: string): string {
  const u = new URL(link);
  return u.pathname + u.search;
}
