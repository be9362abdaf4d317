import { isIP } from 'node:net';
import { z } from 'zod';
import { ConnectorError } from '../sdk/connector-error.ts';
import { defineOperation, ok, type DescribedOperation } from '../sdk/define-operation.ts';
import { callUpstream, type UpstreamTransport } from '../upstream/upstream-call.ts';
import { connectionLimits, upstreamUrl } from '../upstream/upstream-settings.ts';
import { virusTotalConnection } from './connection.ts';

export const VIRUSTOTAL_READ_PERMISSION = 'connectors.virustotal.read';

/** VirusTotal's IP address object; playbooks read `data.attributes` (reputation, last_analysis_stats, country, as_owner, total_votes). */
const ipReport = z.looseObject({
  data: z.looseObject({ id: z.string(), type: z.string(), attributes: z.looseObject({}) }),
});

/**
 * "Get an IP report": `GET /api/v3/ip_addresses/{ip}` and the connector's V2 path
 * `…/ip_addresses/connectorV2/{ip}` both → VirusTotal API v3 `GET {baseUrl}/api/v3/ip_addresses/{ip}`,
 * answered as VirusTotal answers it (`{ data: { id, type, links, attributes } }`): the corpus
 * playbooks read the same `data.attributes` fields from either path.
 */
export function ipReportOperations(transport: UpstreamTransport): DescribedOperation[] {
  const operation = (id: string, path: string, summary: string) =>
    defineOperation({
      id,
      summary,
      method: 'get',
      path,
      permission: VIRUSTOTAL_READ_PERMISSION,
      effect: 'read',
      connection: virusTotalConnection,
      output: ipReport,
      async execute({ settings, pathParams, signal }) {
        const ip = (pathParams.ip ?? '').trim();
        // A zone id (fe80::1%eth0) means nothing to VirusTotal.
        if (isIP(ip) === 0 || ip.includes('%')) throw new ConnectorError('InvalidInput', `/path/ip: expected an IPv4 or IPv6 address, got '${ip.slice(0, 100)}'`, { field: '/path/ip' });
        const res = await callUpstream(transport, {
          service: 'VirusTotal',
          method: 'GET',
          url: upstreamUrl(settings.baseUrl, `/api/v3/ip_addresses/${encodeURIComponent(ip)}`),
          headers: { 'x-apikey': settings.apiKey },
          signal,
          ...connectionLimits(settings),
        });
        return ok(res.body);
      },
    });
  return [
    operation('virustotal.getIpReport', '/api/v3/ip_addresses/{ip}', 'Get an IP report'),
    operation('virustotal.getIpReportV2', '/api/v3/ip_addresses/connectorV2/{ip}', 'Get an IP report (V2)'),
  ];
}
