/**
 * Connections that authenticate either with a user name and a password (HTTP basic auth) or with a
 * token sent as `Authorization: Bearer …` — Jira (email + API token, or a personal access token),
 * ServiceNow (user + password, or an OAuth token). The names are the connection's own settings.
 */
import type { z } from 'zod';

export interface BasicOrBearerNames<S> {
  user: keyof S & string;
  password: keyof S & string;
  bearer: keyof S & string;
  /** What the user setting holds, for the message when it is missing ("account email", "user name"). */
  userIs: string;
}

/** A superRefine check: the bearer token, or the password with its user; the missing one is named. */
export function requireBasicOrBearer<S extends Record<string, unknown>>(names: BasicOrBearerNames<S>) {
  return (s: S, ctx: z.RefinementCtx): void => {
    if (s[names.bearer] !== undefined) return;
    if (s[names.password] === undefined) {
      ctx.addIssue({ code: 'custom', path: [names.password], message: `expected ${names.user} + ${names.password} (basic auth) or ${names.bearer} (bearer)` });
    } else if (s[names.user] === undefined) {
      ctx.addIssue({ code: 'custom', path: [names.user], message: `expected the ${names.userIs} that goes with ${names.password}` });
    }
  };
}

/** The Authorization header the credentials give: the bearer token when set, else basic auth. */
export function basicOrBearerAuthorization<S extends Record<string, unknown>>(s: S, names: BasicOrBearerNames<S>): string {
  const bearer = s[names.bearer];
  if (bearer !== undefined) return `Bearer ${String(bearer)}`;
  return `Basic ${Buffer.from(`${String(s[names.user] ?? '')}:${String(s[names.password] ?? '')}`, 'utf8').toString('base64')}`;
}
