/**
 * The request target the router matches: `%24` in the path read as `$`, the query string as sent.
 *
 * The router (find-my-way) decodes `%24` in parameter values but matches static segments as sent, so
 * Graph's `$count` segment percent-encoded (`…/alerts_v2/%24count`, as some HTTP clients send it)
 * fell through to `…/:id` and was a 404. Decoding it before routing makes both spellings the same
 * route everywhere; parameter values are unchanged (the router gave `$` for `%24` already). A `%`
 * that is data arrives as `%25`, so `%2524` stays as it is.
 */
export function routingUrl(url: string): string {
  const at = url.indexOf('%24');
  if (at === -1) return url;
  const queryAt = url.indexOf('?');
  if (queryAt !== -1 && queryAt < at) return url;
  const pathEnd = queryAt === -1 ? url.length : queryAt;
  return url.slice(0, pathEnd).replaceAll('%24', '$') + url.slice(pathEnd);
}
