/** An IP address object as VirusTotal documents it (trimmed). */
export function virusTotalIpReport(ip: string, reputation = -12): Record<string, unknown> {
  return {
    data: {
      id: ip,
      type: 'ip_address',
      links: { self: `https://www.virustotal.com/api/v3/ip_addresses/${ip}` },
      attributes: {
        as_owner: 'Example Hosting',
        country: 'NL',
        continent: 'EU',
        reputation,
        last_analysis_stats: { harmless: 60, malicious: 4, suspicious: 1, timeout: 0, undetected: 22 },
        total_votes: { harmless: 0, malicious: 3 },
      },
    },
  };
}
