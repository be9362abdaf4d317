/**
 * What end-to-end tests of a running server (startServer) share: calls with a key over real HTTP,
 * the links of a mail's HTML, and waiting for a state that arrives asynchronously.
 */

export interface ServerAnswer {
  status: number;
  text: string;
  /** The body parsed when it is a JSON object or array. */
  json: any;
}

/** A caller of the server at `baseUrl()` (read on every call: a restarted server listens elsewhere) as `key`. */
export function serverCaller(baseUrl: () => string, key: string) {
  return async (method: string, path: string, body?: unknown): Promise<ServerAnswer> => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, json: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : undefined };
  };
}

/** Every link of a mail's HTML, by the text of its anchor. */
export function linksOf(html: unknown): Map<string, string> {
  const links = new Map<string, string>();
  for (const m of String(html).matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)) links.set(m[2]!, m[1]!.replaceAll('&amp;', '&'));
  return links;
}

/** Reads until `done` holds (every 20 ms, up to 20 s); the error names `what`. */
export async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
