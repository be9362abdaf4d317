import type { Alert } from './alert-schema.ts';

// The JSON each alert object was last stored as, keyed by the object: the ingest answer reuses the
// string the store wrote instead of serializing every alert a second time. Alerts are replaced,
// never mutated, once built (stampAlert, updateAlert and ingest all make new objects).
const stored = new WeakMap<object, string>();

/** Serializes an alert for storage and remembers the string for `alertJson`. */
export function storeAlertJson(alert: Alert): string {
  const json = JSON.stringify(alert);
  stored.set(alert, json);
  return json;
}

/** The alert's JSON: the string the store wrote for this object, or a fresh serialization. */
export function alertJson(alert: Alert): string {
  return stored.get(alert) ?? JSON.stringify(alert);
}

/** A JSON array of alerts, in order (what `JSON.stringify(alerts)` answers). */
export function alertsJson(alerts: readonly Alert[]): string {
  return `[${alerts.map(alertJson).join(',')}]`;
}
