import type { EventSource, TriggeringRule, WorkflowAutomationProperties } from './automation-schema.ts';

export interface SecurityEvent {
  eventSource: EventSource | string;
  /** The event as Defender sends it: the ascalert alert body, or the assessment resource. */
  payload: unknown;
  /** The Azure resource the event is about; checked against `scopes` when both are present. */
  resourceId?: string;
}

/**
 * Whether an automation fires for an event: enabled, in scope, a source with the event's
 * eventSource, and (when that source has rule sets) one rule set whose rules all hold.
 */
export function matchAutomation(automation: WorkflowAutomationProperties, event: SecurityEvent): boolean {
  if (!automation.isEnabled) return false;
  if (event.resourceId && automation.scopes.length > 0) {
    const resource = event.resourceId.toLowerCase();
    const inScope = automation.scopes.some((scope) => {
      const path = scope.scopePath.toLowerCase().replace(/\/+$/, '');
      return resource === path || resource.startsWith(path + '/');
    });
    if (!inScope) return false;
  }
  const wanted = event.eventSource.toLowerCase();
  return automation.sources.some(
    (source) =>
      source.eventSource.toLowerCase() === wanted &&
      (source.ruleSets.length === 0 || source.ruleSets.some((set) => set.rules.every((rule) => matchRule(rule, event.payload)))),
  );
}

const MISSING = Symbol('missing');

/** Evaluates one triggering rule against a payload. */
export function matchRule(rule: TriggeringRule, payload: unknown): boolean {
  const actual = resolvePath(payload, rule.propertyJPath);
  if (actual === MISSING || actual === null) return rule.operator === 'NotEquals';
  const values = Array.isArray(actual) ? actual : [actual];
  const matchesOne = (value: unknown): boolean => compare(rule, value);
  // On an array, NotEquals means "no element equals"; every other operator means "some element".
  if (rule.operator === 'NotEquals') return values.every(matchesOne);
  return values.some(matchesOne);
}

function compare(rule: TriggeringRule, value: unknown): boolean {
  switch (rule.propertyType) {
    case 'String': {
      if (value !== null && typeof value === 'object') return rule.operator === 'NotEquals';
      // Defender compares String properties case-insensitively.
      const a = String(value).toLowerCase();
      const e = rule.expectedValue.toLowerCase();
      if (rule.operator === 'Equals') return a === e;
      if (rule.operator === 'NotEquals') return a !== e;
      if (rule.operator === 'Contains') return a.includes(e);
      if (rule.operator === 'StartsWith') return a.startsWith(e);
      if (rule.operator === 'EndsWith') return a.endsWith(e);
      return false;
    }
    case 'Boolean': {
      const a = typeof value === 'boolean' ? value : typeof value === 'string' ? value.toLowerCase() === 'true' ? true : value.toLowerCase() === 'false' ? false : undefined : undefined;
      if (a === undefined) return rule.operator === 'NotEquals';
      const e = rule.expectedValue.toLowerCase() === 'true';
      return rule.operator === 'Equals' ? a === e : a !== e;
    }
    default: {
      const a = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      const e = Number(rule.expectedValue);
      if (Number.isNaN(a)) return rule.operator === 'NotEquals';
      switch (rule.operator) {
        case 'Equals':
          return a === e;
        case 'NotEquals':
          return a !== e;
        case 'GreaterThan':
          return a > e;
        case 'GreaterThanOrEqualTo':
          return a >= e;
        case 'LesserThan':
          return a < e;
        case 'LesserThanOrEqualTo':
          return a <= e;
        default:
          return false;
      }
    }
  }
}

/**
 * Reads a propertyJPath: dotted names with optional `[n]` indexes and an optional leading `$.`
 * (`Severity`, `properties.metadata.severity`, `$.Entity.AssessmentType`). Names match exactly,
 * else case-insensitively, because Defender's payloads and paths disagree on case. Paths written
 * against Defender's older envelope (`Entity.…`, `…AssessmentType`) are retried against the
 * resource itself and its `properties` / `properties.metadata`.
 */
export function resolvePath(payload: unknown, jpath: string): unknown {
  const segments = parsePath(jpath);
  if (segments === undefined) return MISSING;
  const direct = walk(payload, segments);
  if (direct !== MISSING) return direct;
  const rest = typeof segments[0] === 'string' && segments[0].toLowerCase() === 'entity' ? segments.slice(1) : segments;
  for (const prefix of [[], ['properties'], ['properties', 'metadata']]) {
    const found = walk(payload, [...prefix, ...rest]);
    if (found !== MISSING) return found;
  }
  return MISSING;
}


function parsePath(jpath: string): Array<string | number> | undefined {
  let text = jpath.trim();
  if (text.startsWith('$')) text = text.slice(1).replace(/^\./, '');
  if (text === '') return [];
  const segments: Array<string | number> = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    if (match[1] !== '') segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

function walk(value: unknown, segments: Array<string | number>): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return MISSING;
      current = current[segment];
      continue;
    }
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return MISSING;
    const record = current as Record<string, unknown>;
    if (Object.hasOwn(record, segment)) {
      current = record[segment];
      continue;
    }
    const key = Object.keys(record).find((k) => k.toLowerCase() === segment.toLowerCase());
    if (key === undefined) return MISSING;
    current = record[key];
  }
  return current;
}
