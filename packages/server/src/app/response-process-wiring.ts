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
import type { ChannelSettings } from '../stakeholders/notification-channels.ts';
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
  let process: ResponseProcess | undefined;
  const processOf = (services: RiposteServices): ResponseProcess =>
    (process ??= new ResponseProcess(services, {
      publicBaseUrl: configuredBase ?? 'http://127.0.0.1',
      ...(settings.notifications ? { notifications: settings.notifications } : {}),
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
