/** An ISO timestamp cut to the minute, in UTC (analysts compare it with other UTC tools). */
export function shortTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '';
}
