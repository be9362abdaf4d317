import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** Requests Node's HTTP parser refuses before any route runs: status, error code, message. */
const refusals: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'RequestTimeout', 'the request did not arrive in time'],
  HPE_HEADER_OVERFLOW: [
    431,
    'RequestHeaderFieldsTooLarge',
    `the request line and headers are larger than the server accepts (${Math.round(maxHeaderSize / 1024)} KiB); shorten the URL (a long $filter) or the headers`,
  ],
};

/**
 * Fastify's `clientErrorHandler`: answers what the parser refused in the one error body every other
 * failure uses (`{"error": {"code", "message"}}`, which Graph clients read too), then closes the socket.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = refusals[err.code ?? ''] ?? [400, 'BadRequest', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
