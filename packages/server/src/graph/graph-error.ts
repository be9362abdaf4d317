import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ApiError, badRequestFromZod } from '../common/errors.ts';
import { ODataError } from '../domain/odata/index.ts';

/** Graph's error codes for the statuses this API answers with. */
const graphCodeOf: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Forbidden',
  404: 'ResourceNotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  500: 'InternalServerError',
  503: 'ServiceNotAvailable',
};

/** An error on a Graph route, carrying Graph's error code rather than Riposte's. */
export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 404 for an id that names nothing, worded as Graph does. */
export function resourceNotFound(kind: string, id: string): GraphError {
  return new GraphError(404, 'ResourceNotFound', `The ${kind} '${id.slice(0, 200)}' was not found.`);
}

/** The Graph error body: `{"error": {"code", "message", "innerError": {date, request-id, client-request-id}}}`. */
export function graphErrorBody(request: FastifyRequest, status: number, code: string, message: string) {
  const clientRequestId = request.headers['client-request-id'];
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': String(request.id),
        ...(typeof clientRequestId === 'string' ? { 'client-request-id': clientRequestId } : {}),
      },
    },
  };
}

/** Maps any error thrown on a Graph route (OData, validation, auth, not found, …) to status + Graph code. */
export function toGraphError(err: unknown): { status: number; code: string; message: string } {
  if (err instanceof GraphError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof ODataError) return { status: 400, code: 'BadRequest', message: err.message };
  let apiError: ApiError | undefined;
  if (err instanceof ApiError) apiError = err;
  else if (err instanceof ZodError) apiError = badRequestFromZod(err);
  if (apiError) {
    const code = apiError.status === 400 ? 'BadRequest' : (graphCodeOf[apiError.status] ?? apiError.code);
    return { status: apiError.status, code, message: apiError.message };
  }
  const fastifyError = err as FastifyError;
  const status = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 500) return { status: 500, code: 'InternalServerError', message: 'The server failed to handle the request.' };
  if (status === 413) return { status, code: graphCodeOf[413]!, message: 'The request body is larger than this endpoint accepts.' };
  if (status === 415) return { status, code: graphCodeOf[415]!, message: 'Send the body as application/json.' };
  if (fastifyError?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 400, code: 'BadRequest', message: 'The JSON body is empty.' };
  if (err instanceof SyntaxError || /JSON/i.test(fastifyError?.message ?? '')) {
    return { status: 400, code: 'BadRequest', message: 'The body is not valid JSON.' };
  }
  return { status, code: graphCodeOf[status] ?? 'BadRequest', message: String(fastifyError?.message ?? 'Bad request').slice(0, 500) };
}

/** Sends any error as Graph does; unexpected failures are logged, never shown. */
export function sendGraphError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, code, message } = toGraphError(err);
  if (status >= 500) request.log.error({ err }, 'graph request failed');
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(status).type('application/json; charset=utf-8').send(graphErrorBody(request, status, code, message));
}
