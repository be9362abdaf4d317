/**
 * /api/approvals: list and read requests, answer through the API (permission `approvals.answer`),
 * and the public answer route the signed links point at. GET on a link only shows a confirmation
 * page (mail scanners fetch links; a fetch must not answer); POST answers.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { ApiError } from '../common/errors.ts';
import { defineRoute } from '../http/route-spec.ts';
import { escapeHtml } from '../stakeholders/notification-channels.ts';
import type { ApprovalService, LinkAnswer } from './approval-service.ts';

const approvalSchema = z
  .object({
    id: z.string(),
    source: z.enum(['office365', 'riposte']),
    incidentId: z.string().nullable(),
    runId: z.string().nullable(),
    actionName: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    importance: z.string(),
    options: z.array(z.string()),
    defaultOption: z.string().nullable(),
    to: z.array(z.string()),
    status: z.enum(['Pending', 'Answered', 'TimedOut']),
    createdAt: z.string(),
    expiresAt: z.string(),
    answer: z.object({ option: z.string().nullable(), by: z.string(), via: z.enum(['link', 'api', 'timeout']), at: z.string(), email: z.string().nullable().optional() }).nullable(),
  })
  .meta({ id: 'Approval' });

const idParams = z.object({ id: z.string().min(1).max(200) });
const linkQuery = z.object({
  option: z.string().min(1).max(200),
  exp: z.coerce.number().int().positive(),
  r: z.string().min(1).max(320),
  sig: z.string().min(1).max(200),
});

/** What the API shows of an approval (the callback URL stays inside). */
function view(a: ReturnType<ApprovalService['store']['get']> & object) {
  const { callbackUrl: _hidden, chat: _chat, ...rest } = a;
  return rest;
}

/** Registers the approval routes; the public answer routes accept HTML form posts. */
export async function registerApprovalRoutes(app: FastifyInstance, services: RiposteServices, approvals: ApprovalService): Promise<void> {
  services.route({
    method: 'GET',
    url: '/api/approvals',
    permission: 'approvals.read',
    summary: 'Approval requests, newest first',
    tags: ['approvals'],
    query: z.object({
      status: z
        .string()
        .transform((v) => v.split(','))
        .pipe(z.array(z.enum(['Pending', 'Answered', 'TimedOut'])).min(1))
        .optional()
        .meta({ description: 'One status, or several separated by commas (Answered,TimedOut)' }),
      incidentId: z.string().max(200).optional(),
      $top: z.coerce.number().int().min(1).max(1000).default(100),
      $skip: z.coerce.number().int().min(0).default(0),
    }),
    response: { schema: z.object({ value: z.array(approvalSchema) }) },
    handler: ({ query }) => ({
      value: approvals.store
        .list({ ...(query.status ? { status: query.status } : {}), ...(query.incidentId ? { incidentId: query.incidentId } : {}), top: query.$top, skip: query.$skip })
        .map(view),
    }),
  });

  services.route({
    method: 'GET',
    url: '/api/approvals/:id',
    permission: 'approvals.read',
    summary: 'One approval request and its answer',
    tags: ['approvals'],
    params: idParams,
    response: { schema: approvalSchema },
    handler: ({ params }) => {
      const a = approvals.store.get(params.id);
      if (!a) throw new ApiError('NotFound', `approval '${params.id}' was not found`);
      return view(a);
    },
  });

  services.route({
    method: 'POST',
    url: '/api/approvals/:id/answer',
    permission: 'approvals.answer',
    errors: { 409: 'The approval is already answered' },
    summary: 'Answer an approval request (the first answer wins; a second gets 409)',
    tags: ['approvals'],
    params: idParams,
    body: z.strictObject({ option: z.string().min(1).max(200) }),
    response: { schema: approvalSchema },
    handler: async ({ params, body, actor }) => view(await approvals.answer(params.id, body.option, actor)),
  });

  // The link routes live in their own plugin so that only they parse HTML form posts.
  await app.register(async (child) => {
    child.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, _body, done) => done(null, {}));

    defineRoute(child, services.operations, {
      method: 'GET',
      url: '/api/approvals/:id/respond',
      permission: 'public',
      summary: 'Answer link: shows what will be answered and a button to confirm (the signature is the credential)',
      tags: ['approvals'],
      params: idParams,
      query: linkQuery,
      response: { contentType: 'text/html; charset=utf-8' },
      handler: ({ params, query, reply }) => {
        try {
          const a = approvals.checkLink(params.id, linkOf(query));
          const action = `/api/approvals/${encodeURIComponent(a.id)}/respond?${new URLSearchParams({ option: query.option, exp: String(query.exp), r: query.r, sig: query.sig }).toString()}`;
          return page(
            escapeHtml(a.subject),
            `<p>${escapeHtml(a.body).replace(/\r?\n/g, '<br>')}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(query.option)}</button></form>`,
          );
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          reply.code(err.status).type('text/html; charset=utf-8');
          return reply.send(page('Cannot answer', `<p>${escapeHtml(err.message)}</p>`));
        }
      },
    });

    defineRoute(child, services.operations, {
      method: 'POST',
      url: '/api/approvals/:id/respond',
      permission: 'public',
      summary: 'Answer by a signed link: 403 forged, 410 expired, 409 already answered (an HTML page when the caller accepts HTML: the confirmation button of the GET page)',
      tags: ['approvals'],
      params: idParams,
      query: linkQuery,
      response: { schema: z.object({ id: z.string(), status: z.string(), option: z.string().nullable() }) },
      handler: async ({ params, query, request, reply }) => {
        // A person who pressed the page's button reads a page; a client reads JSON.
        const person = /\btext\/html\b/.test(request.headers.accept ?? '');
        try {
          const a = await approvals.answerByLink(params.id, linkOf(query));
          if (!person) return { id: a.id, status: a.status, option: a.answer?.option ?? null };
          reply.type('text/html; charset=utf-8');
          return reply.send(page('Answer recorded', `<p>${escapeHtml(a.subject)}</p><p>Your answer <strong>${escapeHtml(a.answer?.option ?? '')}</strong> was recorded. You can close this page.</p>`));
        } catch (err) {
          if (!person || !(err instanceof ApiError)) throw err;
          reply.code(err.status).type('text/html; charset=utf-8');
          return reply.send(page('Cannot answer', `<p>${escapeHtml(err.message)}</p>`));
        }
      },
    });
  });
}

function linkOf(q: z.output<typeof linkQuery>): LinkAnswer {
  return { option: q.option, exp: q.exp, recipient: q.r, sig: q.sig };
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}
