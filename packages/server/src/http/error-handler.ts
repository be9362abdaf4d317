import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { ApiError, badRequestFromZod } from '../common/errors.ts';

/**
 * One error body for every failure: `{"error": {"code", "message", "field"?}}` — the shape Graph
 * uses, so Graph clients read it too. Never a stack trace; unexpected errors are logged and answered
 * with a bare 500.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (err instanceof ZodError) apiError = badRequestFromZod(err);
    else apiError = fromFastify(err as FastifyError);
    if (apiError.status >= 500) request.log.error({ err }, 'request failed');
    if (apiError.code === 'Unauthorized') reply.header('www-authenticate', 'Bearer');
    reply.code(apiError.status).type('application/json; charset=utf-8').send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    reply.code(404).send(new ApiError('NotFound', `no route ${request.method} ${path.slice(0, 200)}`).toBody());
  });
}

function fromFastify(err: FastifyError): ApiError {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PayloadTooLarge', 'the request body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UnsupportedMediaType', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('BadRequest', 'the JSON body is empty', '');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('BadRequest', 'the body is not valid JSON', '');
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (err instanceof SyntaxError || (status === 400 && /JSON/i.test(err.message))) {
    return new ApiError('BadRequest', 'the body is not valid JSON', '');
  }
  if (status === 413) return new ApiError('PayloadTooLarge', 'the request body is larger than this endpoint accepts');
  if (status === 415) return new ApiError('UnsupportedMediaType', 'send the body as application/json');
  if (status >= 400 && status < 500) return new ApiError('BadRequest', err.message.slice(0, 500));
  return new ApiError('InternalServerError', 'the server failed to handle the request');
}
