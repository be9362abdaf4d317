import { isIP } from 'node:net';
import { z } from 'zod';
import { defineOperation, ok } from '../sdk/define-operation.ts';
import { callUpstream, type UpstreamTransport } from '../upstream/upstream-call.ts';
import { connectionLimits, upstreamUrl } from '../upstream/upstream-settings.ts';
import { abuseIpDbConnection } from './connection.ts';

export const ABUSEIPDB_READ_PERMISSION = 'connectors.abuseipdb.read';

const days = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(1).max(365));

/** The custom connector's CHECK parameters, as AbuseIPDB API v2 names them. */
const checkQueries = z.looseObject({
  ipAddress: z.string().trim().refine((ip) => isIP(ip) !== 0, { message: 'expected an IPv4 or IPv6 address' }),
  maxAgeInDays: days.optional(),
  verbose: z.union([z.boolean(), z.literal(''), z.enum(['true', 'false'])]).optional(),
});

/** What AbuseIPDB answers; playbooks read `data` (abuseConfidenceScore, isp, usageType, totalReports, …). */
const checkResult = z.looseObject({ data: z.looseObject({ ipAddress: z.string(), abuseConfidenceScore: z.number() }) });

/** `GET /check?ipAddress=…` → AbuseIPDB API v2 `GET {baseUrl}/check?ipAddress=…&maxAgeInDays=…`, answered as AbuseIPDB answers it. */
export function checkOperation(transport: UpstreamTransport) {
  return defineOperation({
    id: 'abuseipdbapi.check',
    summary: 'Check an IP address',
    method: 'get',
    path: '/check',
    permission: ABUSEIPDB_READ_PERMISSION,
    effect: 'read',
    connection: abuseIpDbConnection,
    queries: checkQueries,
    output: checkResult,
    async execute({ queries, settings, signal }) {
      const query = new URLSearchParams({ ipAddress: queries.ipAddress, maxAgeInDays: String(queries.maxAgeInDays ?? settings.maxAgeInDays) });
      // AbuseIPDB reads `verbose` by its presence.
      if (queries.verbose === true || queries.verbose === '' || queries.verbose === 'true') query.set('verbose', '');
      const res = await callUpstream(transport, {
        service: 'AbuseIPDB',
        method: 'GET',
        url: upstreamUrl(settings.baseUrl, `/check?${query.toString()}`),
        headers: { key: settings.apiKey },
        signal,
        ...connectionLimits(settings),
      });
      return ok(res.body);
    },
  });
}
