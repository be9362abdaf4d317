/**
 * The response process (approvals, escalation, stakeholder notifications, change requests, asset
 * criticality — approvals/README.md) in a server: its routes as one module, and its stages of
 * connector dispatch for the automation module. Dispatch then goes: change-request gate → change
 * ledger → base registry (vault, egress) extended with the approval and escalation operations.
 * Both halves share one ResponseProcess, built on the app's services by whichever runs first.
 */
import type { FastifyInstance } from 'fastify';
import type { DispatchStages } from '../automation/automation-module.ts';
import { ResponseProcess, type ResponseProcessOptions } from '../approvals/response-process.ts';
import type { ChangeGatePolicy } from '../change-requests/change-gate.ts';
import type { EscalationConfig } from '../escalation/escalation.ts';
import type { EgressPolicy } from '../connectors/http-egress/index.ts';
import { smtpConnection } from '../connectors/email/connection.ts';
import type { ConnectionVault } from '../connectors/secrets/index.ts';
import { smtpAndWebhookChannels, type ChannelSettings, type NotificationChannels } from '../stakeholders/notification-channels.ts';
import type { RiposteModule, RiposteServices } from './build-app.ts';

/** How a server runs the response process; every part is optional. */
export interface ResponseProcessSettings {
  /** Base of approval answer links; default RIPOSTE_PUBLIC_URL, else the address the server listens on. */
  publicBaseUrl?: string;
  /** The SMTP relay (nodemailer settings: host, port, from, …) used when an approval or notice names no connection, and the egress policy of chat webhooks. */
  notifications?: ChannelSettings;
  approvals?: ResponseProcessOptions['approvals'];
  escalation?: EscalationConfig;
  /** What containment on a business-critical asset does without an approved change request (default: wait). */
  changeGate?: ChangeGatePolicy;
  /** Settings of the SMTP relay when neither the caller nor `notifications.smtp` gives one (read at each send). */
  relay?: () => Promise<Record<string, unknown> | undefined>;
  /** The vault connection `responseProcessFor` reads `relay` from (default "office365"). */
  relayConnection?: string;
}

export interface ResponseProcessWiring {
  /** Routes, the approval timer and the stakeholder notifier (started when the app is ready, stopped on close). */
  module: RiposteModule;
  /** Give to securityAutomationModule({ dispatchStages }). */
  dispatchStages: (services: RiposteServices) => DispatchStages;
}

declare module 'fastify' {
  interface FastifyInstance {
    riposteResponse: ResponseProcess;
  }
}

/** Wires the response process for one server (one app). */
export function wireResponseProcess(settings: ResponseProcessSettings = {}, env: NodeJS.ProcessEnv = process.env): ResponseProcessWiring {
  const configuredBase = settings.publicBaseUrl ?? (env.RIPOSTE_PUBLIC_URL || undefined);
  let app: FastifyInstance | undefined;
  // The ledger's resolver of a run's incident exists only once the automation module wired the ledger.
  let incidentOf: ((runId: string) => Promise<{ incidentId: string | null }>) | undefined;
  let shared: ResponseProcess | undefined;
  const channels = notificationChannels(settings);
  const processOf = (services: RiposteServices): ResponseProcess =>
    (shared ??= new ResponseProcess(services, {
      publicBaseUrl: configuredBase ?? 'http://127.0.0.1',
      channels,
      approvals: { ...settings.approvals, onError: settings.approvals?.onError ?? ((err, approval) => app?.log.error({ err, approvalId: approval.id }, 'approval request could not be sent or delivered')) },
      ...(settings.escalation ? { escalation: settings.escalation } : {}),
      ...(settings.changeGate ? { changeGate: settings.changeGate } : {}),
      incidentOf: async (runId) => (incidentOf ? incidentOf(runId) : { incidentId: null }),
    }));

  const module: RiposteModule = async (instance, services) => {
    app = instance;
    const rp = processOf(services);
    await rp.module(instance, services);
    instance.decorate('riposteResponse', rp);
    instance.addHook('onListen', async () => {
      if (configuredBase) return;
      const address = instance.server.address();
      if (address && typeof address === 'object') {
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        rp.approvals.setPublicBaseUrl(`http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`);
      }
    });
    instance.addHook('onReady', async () => rp.start());
    instance.addHook('onClose', async () => rp.stop());
  };

  const dispatchStages = (services: RiposteServices): DispatchStages => {
    const rp = processOf(services);
    return {
      extend: (registry) => rp.extendConnectors(registry),
      wrap: (ledgered, resolver) => {
        incidentOf = resolver;
        return rp.gatedRegistry(ledgered, resolver);
      },
      bindRuntime: (runtime) => rp.bindRuntime(runtime),
    };
  };

  return { module, dispatchStages };
}

/**
 * The response process of a server with a connection vault: chat webhooks under the server's egress
 * policy, and mail through the vault's `office365` connection (or `relayConnection`) when a notice
 * names no relay, so SMTP credentials stay encrypted in the vault rather than in a settings file.
 */
export function responseProcessFor(connections: { vault: ConnectionVault; egress: EgressPolicy }, settings: ResponseProcessSettings = {}): ResponseProcessWiring {
  const name = settings.relayConnection ?? 'office365';
  return wireResponseProcess({
    ...settings,
    notifications: { egress: connections.egress, ...settings.notifications },
    relay: settings.relay ?? (async () => (await connections.vault.get(name).catch(() => undefined))?.settings),
  });
}

function notificationChannels(settings: ResponseProcessSettings): NotificationChannels {
  const base = smtpAndWebhookChannels(settings.notifications);
  const relay = settings.relay;
  if (!relay || settings.notifications?.smtp !== undefined) return base;
  return {
    async email(notice, smtp) {
      if (smtp) return base.email(notice, smtp);
      const found = await relay();
      if (!found) throw new Error(`no SMTP relay for notifications: add the connection '${settings.relayConnection ?? 'office365'}' (PUT /api/connections/${settings.relayConnection ?? 'office365'})`);
      return base.email(notice, smtpConnection.schema.parse(found));
    },
    chat: (notice) => base.chat(notice),
  };
}
