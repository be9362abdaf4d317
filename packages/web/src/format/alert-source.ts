import type { Alert } from '../api/types.ts';

/** Which product raised the alert and how it detected it (`microsoftDefenderForEndpoint · customDetection`). */
export function alertSource(alert: Pick<Alert, 'serviceSource' | 'detectionSource'>): string {
  return [alert.serviceSource, alert.detectionSource].filter((s, i, all) => s && all.indexOf(s) === i).join(' · ');
}
