/**
 * Approvals: a playbook run asks people a question (approve/reject, or any options), waits durably
 * for the first answer — by a signed link in an email or chat message, or through the API — or for
 * its timeout, and continues with the answer in the body Logic Apps' "Send approval email" gives
 * (`SelectedOption`, `UserEmailAddress`). Who answered is audited and on the incident's timeline.
 */
import { randomUUID } from 'node:crypto';
import type { SecurityContext } from '../app/security-context.ts';
import { ApiError, BadRequestError, ConflictError, NotFoundError } from '../common/errors.ts';
import { formatTimestamp, timestampMillis } from '../common/timestamp.ts';
import type { SmtpSettings } from '../connectors/email/connection.ts';
import { escapeHtml, type NotificationChannels } from '../stakeholders/notification-channels.ts';
import { noteOnTimeline } from '../stakeholders/timeline-note.ts';
import { answerLink, linkSignatureValid } from './approval-link.ts';
import { ApprovalStore, type Approval, type ApprovalAnswer } from './approval-store.ts';
import { loadApprovalLinkKey } from './approval-link-key.ts';
import { responseDatabaseOf } from './response-database.ts';

/** What the waiting action receives as its body (the office365 ApprovalEmailResponse, plus Riposte's fields). */
export interface ApprovalCallbackBody {
  SelectedOption: string | null;
  UserEmailAddress: string | null;
  /** Who answered: the link's recipient address, or the API caller; null on a timeout. */
  UserId: string | null;
  /** Riposte has no tenants: always null (present because playbooks may read it). */
  UserTenantId: null;
  ApprovalId: string;
  AnsweredVia: ApprovalAnswer['via'];
  AnsweredAt: string;
  TimedOut: boolean;
}

/** Hands an answer to the run waiting at `callbackUrl`. */
export type CallbackDelivery = (callbackUrl: string, payload: ApprovalCallbackBody) => Promise<void>;

export interface ApprovalRequestInput {
  source: Approval['source'];
  to: string[];
  chat?: Approval['chat'];
  subject: string;
  body: string;
  headerText?: string;
  selectionText?: string;
  importance?: Approval['importance'];
  options: string[];
  defaultOption?: string | null;
  /** How long to wait before the default outcome, in milliseconds (default: the service's). */
  timeoutMs?: number;
  incidentId?: string | null;
  runId?: string | null;
  actionName?: string | null;
  callbackUrl: string;
  /** The engine's idempotency key: a re-sent subscription finds its request instead of mailing twice. */
  idempotencyKey?: string;
  /** SMTP relay of the action's connection; else the channels' default. */
  smtp?: SmtpSettings;
}

export interface ApprovalServiceOptions {
  ctx: SecurityContext;
  /** Base URL people reach the server at, for answer links, e.g. "https://riposte.example". */
  publicBaseUrl: string;
  channels: NotificationChannels;
  /** Link-signing key; default: the installation's, sealed in the database (approval-link-key.ts). */
  secret?: Buffer;
  deliver?: CallbackDelivery;
  /** Chat webhooks every request is also posted to (when the request names none). */
  defaultChat?: Approval['chat'];
  /** Default wait before the default outcome (7 days). */
  defaultTimeoutMs?: number;
  /** Default outcome when a request names none (null: SelectedOption null). */
  defaultOption?: string | null;
  /** Reports a failure to send or deliver (logs); never thrown at the asker. */
  onError?: (error: unknown, approval: Approval) => void;
}

export interface LinkAnswer {
  option: string;
  exp: number;
  recipient: string;
  sig: string;
}

const DAY = 24 * 60 * 60 * 1000;

export class ApprovalService {
  readonly store: ApprovalStore;
  private readonly secret: Buffer;
  private deliver?: CallbackDelivery;
  private timer?: ReturnType<typeof setTimeout>;
  private timerRunning = false;

  constructor(private readonly options: ApprovalServiceOptions) {
    const db = responseDatabaseOf(options.ctx.store);
    this.store = new ApprovalStore(db);
    this.secret = options.secret ?? loadApprovalLinkKey(db);
    this.deliver = options.deliver;
  }

  private get ctx(): SecurityContext {
    return this.options.ctx;
  }

  /** Sets where answers go (bound late: the runtime is built after the connectors that need this service). */
  bindDelivery(deliver: CallbackDelivery): void {
    this.deliver = deliver;
  }

  /** Sets the base of answer links (a server learns its address only once it listens). */
  setPublicBaseUrl(url: string): void {
    this.options.publicBaseUrl = url;
  }

  /** Whether requests go to chat webhooks even when they name none. */
  hasDefaultChat(): boolean {
    return (this.options.defaultChat?.length ?? 0) > 0;
  }

  /** Records a request, sends it by email and chat with signed answer links, and arms its timeout. */
  async request(input: ApprovalRequestInput): Promise<Approval> {
    if (input.idempotencyKey) {
      const existing = this.store.byIdempotencyKey(input.idempotencyKey);
      if (existing) {
        // A re-sent subscription (the process died before journaling it) may have missed its answer,
        // or died before the request went out.
        if (existing.status !== 'Pending') setImmediate(() => void this.deliverAnswer(existing));
        else if (!existing.sentAt) await this.sendOnce(existing, input.smtp);
        return this.store.get(existing.id) ?? existing;
      }
    }
    const options = [...new Set(input.options.map((o) => o.trim()).filter((o) => o !== ''))];
    if (options.length === 0) throw new BadRequestError('an approval needs at least one option', '/body/options');
    const defaultOption = input.defaultOption !== undefined ? input.defaultOption : (this.options.defaultOption ?? null);
    if (defaultOption !== null && !options.includes(defaultOption)) {
      throw new BadRequestError(`the default outcome '${defaultOption}' is not one of the options (${options.join(', ')})`, '/body/defaultOption');
    }
    const now = this.ctx.clock();
    const timeoutMs = input.timeoutMs ?? this.options.defaultTimeoutMs ?? 7 * DAY;
    const approval: Approval = {
      id: randomUUID(),
      source: input.source,
      incidentId: input.incidentId ?? null,
      runId: input.runId ?? null,
      actionName: input.actionName ?? null,
      callbackUrl: input.callbackUrl,
      subject: input.subject,
      body: input.body,
      ...(input.headerText ? { headerText: input.headerText } : {}),
      ...(input.selectionText ? { selectionText: input.selectionText } : {}),
      importance: input.importance ?? 'Normal',
      options,
      defaultOption,
      to: input.to,
      chat: input.chat?.length ? input.chat : (this.options.defaultChat ?? []),
      status: 'Pending',
      createdAt: formatTimestamp(now),
      expiresAt: formatTimestamp(new Date(now.getTime() + timeoutMs)),
      sentAt: null,
      answer: null,
    };
    if (!this.store.insert(approval, input.idempotencyKey ?? null)) return this.store.byIdempotencyKey(input.idempotencyKey!)!;
    const actor = approval.runId ? `run:${approval.runId}` : 'system';
    if (approval.incidentId) {
      await noteOnTimeline(this.ctx, {
        incidentId: approval.incidentId,
        action: 'approvalRequested',
        actor,
        field: `approvals/${approval.id}`,
        after: { subject: approval.subject, options, to: approval.to, chat: approval.chat.length, expiresAt: approval.expiresAt },
        entityType: 'approval',
        entityId: approval.id,
      });
    }
    await this.sendOnce(approval, input.smtp);
    this.rearm();
    return this.store.get(approval.id) ?? approval;
  }

  /** Answers through the API (the caller's permission was checked by the route). */
  answer(id: string, option: string, actor: string, email: string | null = null): Promise<Approval> {
    return this.settle(id, { option, by: actor, via: 'api', at: formatTimestamp(this.ctx.clock()), email });
  }

  /** Checks a link without answering: 403 when forged, 410 when expired, 409 when already answered. */
  checkLink(id: string, link: LinkAnswer): Approval {
    if (!linkSignatureValid(this.secret, { approvalId: id, option: link.option, exp: link.exp, recipient: link.recipient }, link.sig)) {
      throw new ApiError('Forbidden', 'the answer link is not valid (its signature does not match)');
    }
    const approval = this.store.get(id);
    if (!approval) throw new NotFoundError('approval', id);
    if (this.ctx.clock().getTime() >= link.exp * 1000) throw new ApiError('Gone', 'the answer link has expired');
    if (approval.status !== 'Pending') throw alreadyAnswered(approval);
    return approval;
  }

  /** Answers by a signed link; the signature is the credential. */
  async answerByLink(id: string, link: LinkAnswer): Promise<Approval> {
    this.checkLink(id, link);
    const email = link.recipient.includes('@') ? link.recipient : null;
    return this.settle(id, { option: link.option, by: `link:${link.recipient}`, via: 'link', at: formatTimestamp(this.ctx.clock()), email });
  }

  /** Delivers the default outcome of every request whose time is up; returns how many. */
  async fireDue(): Promise<number> {
    const now = formatTimestamp(this.ctx.clock());
    let fired = 0;
    for (const approval of this.store.due(now)) {
      const answered = this.store.answerIfPending(approval.id, 'TimedOut', { option: approval.defaultOption, by: 'timer', via: 'timeout', at: now, email: null });
      if (!answered) continue;
      fired++;
      await this.afterAnswer(answered);
    }
    return fired;
  }

  /** Starts the timeout timer (re-armed after each request and answer); the next expiry is read from the database. */
  startTimer(): void {
    this.timerRunning = true;
    this.rearm();
  }

  stopTimer(): void {
    this.timerRunning = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private rearm(): void {
    if (!this.timerRunning) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.store.nextExpiry();
    if (!next) return;
    // Re-read at least hourly: a long single timeout would drift across clock changes.
    const delay = Math.min(Math.max(0, timestampMillis(next) - this.ctx.clock().getTime()), 60 * 60 * 1000);
    this.timer = setTimeout(() => {
      this.fireDue()
        .catch(() => {})
        .finally(() => this.rearm());
    }, delay);
    this.timer.unref();
  }

  private async settle(id: string, answer: ApprovalAnswer): Promise<Approval> {
    const current = this.store.get(id);
    if (!current) throw new NotFoundError('approval', id);
    if (current.status !== 'Pending') throw alreadyAnswered(current);
    const option = current.options.find((o) => o.toLowerCase() === (answer.option ?? '').toLowerCase());
    if (!option) throw new BadRequestError(`'${answer.option}' is not an option of this approval (${current.options.join(', ')})`, '/body/option');
    const answered = this.store.answerIfPending(id, 'Answered', { ...answer, option });
    if (!answered) throw alreadyAnswered(this.store.get(id)!);
    await this.afterAnswer(answered);
    this.rearm();
    return answered;
  }

  private async afterAnswer(approval: Approval): Promise<void> {
    const answer = approval.answer!;
    await this.ctx.store.transaction(async (tx) => {
      await tx.appendAudit([
        { id: this.ctx.newId(), at: answer.at, actor: answer.by, entityType: 'approval', entityId: approval.id, action: 'answer', before: { status: 'Pending' }, after: { status: approval.status, answer } },
      ]);
    });
    if (approval.incidentId) {
      await noteOnTimeline(this.ctx, {
        incidentId: approval.incidentId,
        action: answer.via === 'timeout' ? 'approvalTimedOut' : 'approvalAnswered',
        actor: answer.by,
        field: `approvals/${approval.id}`,
        before: { status: 'Pending' },
        after: { subject: approval.subject, option: answer.option, via: answer.via },
        entityType: 'approval',
        entityId: approval.id,
      });
    }
    await this.deliverAnswer(approval);
  }

  /** Hands the recorded answer to the waiting run. */
  private async deliverAnswer(approval: Approval): Promise<void> {
    const answer = approval.answer!;
    const payload: ApprovalCallbackBody = {
      SelectedOption: answer.option,
      UserEmailAddress: answer.email,
      UserId: answer.via === 'timeout' ? null : (answer.email ?? answer.by),
      UserTenantId: null,
      ApprovalId: approval.id,
      AnsweredVia: answer.via,
      AnsweredAt: answer.at,
      TimedOut: answer.via === 'timeout',
    };
    if (!this.deliver) {
      this.options.onError?.(new Error('approval answers cannot be delivered: no runtime is bound'), approval);
      return;
    }
    try {
      await this.deliver(approval.callbackUrl, payload);
    } catch (err) {
      // The answer is recorded; the run that asked may be gone (cancelled, deleted).
      this.options.onError?.(err, approval);
    }
  }

  private async sendOnce(approval: Approval, smtp: SmtpSettings | undefined): Promise<void> {
    await this.send(approval, smtp);
    this.store.markSent(approval.id, formatTimestamp(this.ctx.clock()));
  }

  private async send(approval: Approval, smtp: SmtpSettings | undefined): Promise<void> {
    const exp = Math.floor(timestampMillis(approval.expiresAt) / 1000);
    const linksFor = (recipient: string) =>
      approval.options.map((option) => ({ title: option, url: answerLink(this.options.publicBaseUrl, this.secret, { approvalId: approval.id, option, exp, recipient }) }));
    const sends: Promise<unknown>[] = [];
    for (const to of approval.to) {
      const links = linksFor(to);
      const html =
        (approval.headerText ? `<h2>${escapeHtml(approval.headerText)}</h2>` : '') +
        `<p>${escapeHtml(approval.body).replace(/\r?\n/g, '<br>')}</p>` +
        (approval.selectionText ? `<p><strong>${escapeHtml(approval.selectionText)}</strong></p>` : '') +
        `<p>${links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a>`).join(' &nbsp; ')}</p>` +
        `<p><small>Answer by ${escapeHtml(approval.expiresAt)}. Each link can be used once; the first answer counts.</small></p>`;
      const text =
        (approval.headerText ? `${approval.headerText}\n\n` : '') +
        `${approval.body}\n\n` +
        (approval.selectionText ? `${approval.selectionText}\n` : '') +
        `${links.map((l) => `${l.title}: ${l.url}`).join('\n')}\n\nAnswer by ${approval.expiresAt}.`;
      sends.push(this.options.channels.email({ to: [to], subject: approval.subject, html, text, importance: approval.importance }, smtp));
    }
    for (const chat of approval.chat) {
      sends.push(this.options.channels.chat({ webhookUrl: chat.webhookUrl, format: chat.format, title: approval.subject, text: approval.body, links: linksFor('chat') }));
    }
    const failed = (await Promise.allSettled(sends)).flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    for (const err of failed) this.options.onError?.(err, approval);
    // Nobody was reached: fail the asking action rather than wait for an answer that cannot come.
    if (sends.length > 0 && failed.length === sends.length) {
      this.store.answerIfPending(approval.id, 'TimedOut', { option: null, by: 'system', via: 'timeout', at: formatTimestamp(this.ctx.clock()), email: null });
      const first = failed[0];
      throw new ApprovalNotSentError(`the approval request could not be sent to anyone: ${first instanceof Error ? first.message : String(first)}`);
    }
  }
}

/** No channel accepted the request. */
export class ApprovalNotSentError extends Error {
  override name = 'ApprovalNotSentError';
  readonly code = 'ApprovalNotSent';
}

function alreadyAnswered(approval: Approval): ConflictError {
  const how = approval.answer ? ` (${approval.answer.option ?? 'no option'} via ${approval.answer.via} at ${approval.answer.at})` : '';
  return new ConflictError(`the approval is already answered${how}`);
}
