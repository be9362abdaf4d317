/**
 * URI parsing functions. The argument must be an absolute URI (as .NET's `new Uri(text)`
 * requires); parsing uses the WHATWG URL parser, and the port falls back to the scheme's
 * default port as .NET's Uri.Port does (-1 when the scheme has none).
 */
import { expectString } from './args.ts';
import { argValueError } from '../errors.ts';
import type { FunctionRegistry } from './registry.ts';

/** Default ports .NET's Uri knows for its registered schemes. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  gopher: 70,
  nntp: 119,
  telnet: 23,
  ldap: 389,
  mailto: 25,
  'net.tcp': 808,
};

function parseUri(fn: string, value: unknown): URL {
  const text = expectString(fn, 0, value);
  // URL.canParse never throws, whatever the input.
  if (!URL.canParse(text)) throw argValueError(fn, 0, `'${clip(text)}' is not a valid absolute URI`);
  return new URL(text);
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The path as .NET's Uri.AbsolutePath gives it: "/" when the URI has none. */
function pathOf(url: URL): string {
  return url.pathname === '' ? '/' : url.pathname;
}

export function registerUriFunctions(registry: FunctionRegistry): void {
  const uriFunction = (name: string, read: (url: URL) => unknown) =>
    registry.register({ name, minArgs: 1, maxArgs: 1, pure: true, fn: ([uri]) => read(parseUri(name, uri)) });

  uriFunction('uriHost', (url) => url.hostname);
  uriFunction('uriPath', pathOf);
  uriFunction('uriPathAndQuery', (url) => pathOf(url) + url.search);
  uriFunction('uriQuery', (url) => url.search);
  uriFunction('uriScheme', (url) => url.protocol.replace(/:$/, ''));
  uriFunction('uriPort', (url) => {
    if (url.port !== '') return Number(url.port);
    return DEFAULT_PORTS[url.protocol.replace(/:$/, '')] ?? -1;
  });
}
