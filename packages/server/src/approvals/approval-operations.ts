/**
 * The ApiConnectionWebhook operations that ask for an approval: the `office365` "Send approval
 * email" of Sentinel playbooks (POST /approvalmail/$subscriptions, body { NotificationUrl, Message
 * { To, Subject, Options, Body, Importance } }) and Riposte's own (api `riposte`, POST
 * /approvals/$subscriptions) with options, timeout, default outcome and chat webhooks. Both
 * subscribe by recording an approval request; the answer comes back through the callback.
 */
import { durationToMs, parseDuration, type ConnectorRequest, type ConnectorWebhookOperation } from '@riposte/engine';
import { z } from 'zod';
import { smtpConnection } from '../connectors/email/connection.ts';
import { ConnectorError } from '../connectors/sdk/connector-error.ts';
import { parseWith } from '../connectors/sdk/validate-input.ts';
import type { ApprovalService } from './approval-service.ts';

/** Which incident a run works on (the change ledger's runIncidentResolver fits). */
export type IncidentOfRun = (runId: string) => Promise<{ incidentId: string | null }>;

const importance = z.enum(['Low', 'Normal', 'High']).catch('Normal');

const office365Body = z
  .object({
    NotificationUrl: z.string().optional(),
    Message: z
      .object({
        To: z.string().min(3),
        Subject: z.string().default('Approval Request'),
        Options: z.string().default('Approve, Reject'),
        Body: z.string().default(''),
        Importance: importance.default('Normal'),
        /** Heading above the body, and above the options. */
        HeaderText: z.string().optional(),
        SelectionText: z.string().optional(),
        // UseOnlyHTMLMessage, HideHTMLMessage, ShowHTMLConfirmationDialog steer Outlook's actionable
        // card; the mail sent here is only the HTML message, and every link asks to confirm.
      })
      .loose(),
  })
  .loose();

const riposteBody = z.strictObject({
  to: z.union([z.string(), z.array(z.string())]).optional(),
  chat: z.array(z.strictObject({ webhookUrl: z.url({ protocol: /^https?$/ }), format: z.enum(['teams', 'slack']).default('teams') })).max(20).optional(),
  subject: z.string().min(1).max(998),
  body: z.string().max(100_000).default(''),
  options: z.union([z.string(), z.array(z.string().min(1).max(200)).min(1).max(20)]).default(['Approve', 'Reject']),
  /** ISO 8601 duration, e.g. "PT4H" or "P2D". */
  timeout: z.string().optional(),
  defaultOption: z.string().nullish(),
  incidentId: z.string().optional(),
  importance: importance.optional(),
});

/** "Approve, Reject" (Logic Apps' comma-separated options) → ["Approve", "Reject"]. */
export function splitOptions(options: string | string[]): string[] {
  return (Array.isArray(options) ? options : options.split(',')).map((o) => o.trim()).filter((o) => o !== '');
}

/** "a@x; b@y" or "a@x, b@y" → addresses. */
function splitAddresses(to: string | string[] | undefined): string[] {
  if (to === undefined) return [];
  return (Array.isArray(to) ? to : to.split(/[;,]/)).map((a) => a.trim()).filter((a) => a !== '');
}

function timeoutMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    const ms = durationToMs(parseDuration(text));
    if (ms > 0) return ms;
  } catch {
    // falls through to the error below
  }
  throw new ConnectorError('InvalidInput', `/body/timeout: expected a positive ISO 8601 duration such as PT4H, got '${text}'`, { field: '/body/timeout' });
}

function smtpOf(req: ConnectorRequest) {
  const settings = req.connection.settings;
  if (!settings || Object.keys(settings).length === 0) return undefined;
  return parseWith(smtpConnection.schema, settings, '/connection/settings', 'InvalidConnection');
}

/**
 * The `office365` approval email operation. Exported playbooks often omit the subscription's
 * method, which the engine then reads as GET; Logic Apps subscribes with POST either way, so both
 * are answered.
 */
export function office365ApprovalOperations(approvals: () => ApprovalService, incidentOf?: IncidentOfRun): ConnectorWebhookOperation[] {
  const post = office365ApprovalOperation(approvals, incidentOf);
  return [post, { ...post, id: 'office365.sendApprovalEmail.get', method: 'get' }];
}

function office365ApprovalOperation(approvals: () => ApprovalService, incidentOf?: IncidentOfRun): ConnectorWebhookOperation {
  return {
    id: 'office365.sendApprovalEmail',
    summary: 'Send approval email: wait for the recipient to pick an option (signed, single-use links)',
    method: 'post',
    path: '/approvalmail/$subscriptions',
    async subscribe(req, callbackUrl) {
      const body = parseWith(office365Body, req.body, '/body');
      const to = splitAddresses(body.Message.To);
      if (to.length === 0) throw new ConnectorError('InvalidInput', '/body/Message/To: expected at least one address', { field: '/body/Message/To' });
      const incidentId = incidentOf ? (await incidentOf(req.runId)).incidentId : null;
      const approval = await approvals().request({
        source: 'office365',
        to,
        subject: body.Message.Subject,
        body: body.Message.Body,
        ...(body.Message.HeaderText ? { headerText: body.Message.HeaderText } : {}),
        ...(body.Message.SelectionText ? { selectionText: body.Message.SelectionText } : {}),
        importance: body.Message.Importance,
        options: splitOptions(body.Message.Options),
        incidentId,
        runId: req.runId,
        actionName: req.actionName,
        callbackUrl,
        idempotencyKey: req.idempotencyKey,
        ...(smtpOf(req) ? { smtp: smtpOf(req)! } : {}),
      });
      return { subscriptionId: approval.id };
    },
  };
}

/** Riposte's own approval operation (api `riposte`). */
export function riposteApprovalOperation(approvals: () => ApprovalService, incidentOf?: IncidentOfRun): ConnectorWebhookOperation {
  return {
    id: 'riposte.requestApproval',
    summary: 'Request approval: ask by email and chat with signed links, wait for the first answer or the timeout',
    method: 'post',
    path: '/approvals/$subscriptions',
    async subscribe(req, callbackUrl) {
      const body = parseWith(riposteBody, req.body ?? {}, '/body');
      const to = splitAddresses(body.to);
      if (to.length === 0 && !body.chat?.length && !approvals().hasDefaultChat()) {
        throw new ConnectorError('InvalidInput', '/body/to: expected at least one address or a chat webhook', { field: '/body/to' });
      }
      const incidentId = body.incidentId ?? (incidentOf ? (await incidentOf(req.runId)).incidentId : null);
      const timeout = timeoutMs(body.timeout);
      const approval = await approvals().request({
        source: 'riposte',
        to,
        ...(body.chat ? { chat: body.chat } : {}),
        subject: body.subject,
        body: body.body,
        ...(body.importance ? { importance: body.importance } : {}),
        options: splitOptions(body.options),
        ...(body.defaultOption !== undefined ? { defaultOption: body.defaultOption } : {}),
        ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
        incidentId,
        runId: req.runId,
        actionName: req.actionName,
        callbackUrl,
        idempotencyKey: req.idempotencyKey,
      });
      return { subscriptionId: approval.id };
    },
  };
}
