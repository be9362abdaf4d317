/** Segments of a connector path, without a query string or one trailing slash. */
export function pathSegments(path: string): string[] {
  let p = path.split('?')[0]!;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  if (p.startsWith('/')) p = p.slice(1);
  return p.split('/');
}

const paramSegment = /^\{([^{}]+)\}$/;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Matches an evaluated request path against a template such as "/Incidents/{id}/Comment": literal
 * segments compare case-insensitively, `{name}` binds one (decoded) segment. Undefined when it fails.
 */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = pathSegments(template);
  const got = pathSegments(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const param = paramSegment.exec(want[i]!);
    if (param) params[param[1]!] = decodeSegment(got[i]!);
    else if (want[i]!.toLowerCase() !== got[i]!.toLowerCase()) return undefined;
  }
  return params;
}

/**
 * Splits an unevaluated path on "/" outside `@{...}` (expressions may contain "/" in strings).
 */
export function unevaluatedSegments(path: string): string[] {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (depth > 0) {
      current += ch;
      // Inside a string literal '' is an escaped quote, so toggling twice keeps us inside.
      if (ch === "'") inString = !inString;
      else if (!inString && ch === '{') depth++;
      else if (!inString && ch === '}') depth--;
    } else if (ch === '@' && path[i + 1] === '{') {
      depth = 1;
      current += '@{';
      i++;
    } else if (ch === '?') {
      break;
    } else if (ch === '/') {
      segments.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  segments.push(current);
  if (segments.length > 1 && segments[0] === '') segments.shift();
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

/**
 * Matches a path as written in a definition (with `@{...}` still in it) against a template, for
 * validation: a pure `@{...}` segment matches any segment; text mixed with `@{...}` matches `{param}`.
 */
export function matchUnevaluatedPath(template: string, path: string): boolean {
  const want = pathSegments(template);
  const got = unevaluatedSegments(path);
  if (want.length !== got.length) return false;
  return want.every((w, i) => {
    const g = got[i]!;
    if (paramSegment.test(w)) return true;
    if (/^@\{.*\}$/s.test(g) && !/\}.*@\{/s.test(g)) return true;
    if (g.includes('@{')) return false;
    return w.toLowerCase() === g.toLowerCase();
  });
}
