import type { EntityKind, IncidentEntity } from './incident-schema.ts';
import { timestampMillis } from '../common/timestamp.ts';

/**
 * How alerts group into incidents. Rules are tried in order; the first rule that finds an open
 * incident seen within its window decides. No match → the alert opens a new incident.
 */
export type CorrelationRule =
  /** Alerts with the same title (case-insensitive). */
  | { kind: 'sameTitle'; windowMinutes: number }
  /** Alerts from the same analytic rule / detector (detectorId). */
  | { kind: 'sameDetector'; windowMinutes: number }
  /** Alerts that share an entity (user, host, IP, …); `entityKinds` narrows which kinds count. */
  | { kind: 'sharedEntity'; windowMinutes: number; entityKinds?: EntityKind[] };

export interface CorrelationConfig {
  rules: CorrelationRule[];
}

// Sentinel's default alert grouping window is 5 hours; entity matches are looser evidence, so their
// window is shorter and only identity-bearing kinds count.
export const defaultCorrelationConfig: CorrelationConfig = {
  rules: [
    { kind: 'sameDetector', windowMinutes: 300 },
    { kind: 'sameTitle', windowMinutes: 300 },
    { kind: 'sharedEntity', windowMinutes: 60, entityKinds: ['Account', 'Host', 'Ip', 'FileHash', 'Url', 'Mailbox'] },
  ],
};

/** A correlation key an alert contributes, with the index of the rule it serves. */
export interface CorrelationKey {
  rule: number;
  key: string;
}

/** An open incident that carries one of the keys, and when that key was last seen in it. */
export interface CorrelationCandidate {
  incidentId: string;
  incidentNumber: number;
  key: string;
  lastSeen: string;
}

export interface CorrelationMatch {
  incidentId: string;
  rule: CorrelationRule;
  key: string;
}

/** The keys an alert is grouped by under each rule. */
export function correlationKeys(
  alert: { title: string; detectorId: string | null },
  entities: readonly IncidentEntity[],
  config: CorrelationConfig,
): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  config.rules.forEach((rule, index) => {
    switch (rule.kind) {
      case 'sameTitle':
        keys.push({ rule: index, key: `title:${alert.title.trim().toLowerCase()}` });
        break;
      case 'sameDetector':
        if (alert.detectorId) keys.push({ rule: index, key: `detector:${alert.detectorId.toLowerCase()}` });
        break;
      case 'sharedEntity':
        for (const e of entities) {
          if (!rule.entityKinds || rule.entityKinds.includes(e.kind)) keys.push({ rule: index, key: `entity:${e.key}` });
        }
        break;
    }
  });
  return keys;
}

/** The widest window of the configured rules, to bound the candidate lookup. */
export function widestWindowMinutes(config: CorrelationConfig): number {
  return config.rules.reduce((w, r) => Math.max(w, r.windowMinutes), 0);
}

/**
 * Picks the incident an alert joins. Deterministic: within the first matching rule, the incident
 * whose key was seen most recently wins; ties go to the lower incident number.
 */
export function chooseIncident(
  alertTime: string,
  keys: readonly CorrelationKey[],
  candidates: readonly CorrelationCandidate[],
  config: CorrelationConfig,
): CorrelationMatch | undefined {
  const at = timestampMillis(alertTime);
  for (let index = 0; index < config.rules.length; index++) {
    const rule = config.rules[index]!;
    const wanted = new Set(keys.filter((k) => k.rule === index).map((k) => k.key));
    let best: CorrelationCandidate | undefined;
    for (const c of candidates) {
      if (!wanted.has(c.key)) continue;
      if (Math.abs(at - timestampMillis(c.lastSeen)) > rule.windowMinutes * 60_000) continue;
      if (
        !best ||
        c.lastSeen > best.lastSeen ||
        (c.lastSeen === best.lastSeen && c.incidentNumber < best.incidentNumber)
      ) {
        best = c;
      }
    }
    if (best) return { incidentId: best.incidentId, rule, key: best.key };
  }
  return undefined;
}
