import { alertClassifications, alertSeverities, alertStatuses } from '../../alerts/alert-schema.ts';
import { legacyAlertFeedback, legacyAlertSeverities, legacyAlertStatuses } from '../../alerts/legacy-v1.ts';
import { compileFilter, ODataError, parseFilter } from '../../domain/odata/index.ts';
import type { FilterNode } from '../../domain/odata/index.ts';
import type { Permission } from '../../auth/permissions.ts';
import { alertsV2Set, legacyAlertsSet } from '../alert-sets.ts';
import type { EntitySet } from '../entity-set.ts';
import type { LiteralVocabulary } from '../filter-rewrite.ts';
import { rewriteFilterLiterals, sameSpelling } from '../filter-rewrite.ts';
import { GraphError } from '../graph-error.ts';
import { incidentsSet } from '../incident-set.ts';

export type ResourceKind = 'alerts_v2' | 'alerts' | 'incidents';

/** What a subscription's `resource` names: a collection, and an optional filter on its items. */
export interface SubscribedResource {
  kind: ResourceKind;
  /** The collection path, e.g. "security/alerts_v2". */
  path: string;
  /** The `$filter`, prepared for matching the Graph-shaped item in memory. */
  filter?: FilterNode;
}

interface Subscribable {
  set: EntitySet;
  odataType: string;
  /** Who may subscribe: the permission to read the resource. */
  permission: Permission;
  /** Enum spellings as the Graph-shaped items carry them, matched case-insensitively. */
  vocabulary: LiteralVocabulary;
}

/** The resources change notifications are offered for. */
export const subscribable: Record<ResourceKind, Subscribable> = {
  alerts_v2: {
    set: alertsV2Set,
    odataType: '#microsoft.graph.security.alert',
    permission: 'alerts.read',
    vocabulary: { status: sameSpelling(alertStatuses), severity: sameSpelling(alertSeverities), classification: sameSpelling(alertClassifications) },
  },
  alerts: {
    set: legacyAlertsSet,
    odataType: '#microsoft.graph.alert',
    permission: 'alerts.read',
    vocabulary: { status: sameSpelling(legacyAlertStatuses), severity: sameSpelling(legacyAlertSeverities), feedback: sameSpelling(legacyAlertFeedback) },
  },
  incidents: {
    set: incidentsSet,
    odataType: '#microsoft.graph.security.incident',
    permission: 'incidents.read',
    vocabulary: {
      status: sameSpelling(['active', 'inProgress', 'resolved', 'redirected', 'awaitingAction']),
      severity: sameSpelling(['unknown', 'informational', 'low', 'medium', 'high']),
      classification: sameSpelling(['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity']),
    },
  },
};

/**
 * Parses a subscription `resource`: "security/alerts_v2", "/security/incidents", or either with
 * "?$filter=…". The filter is checked against the resource's properties now, so a typo is a 400 at
 * subscribe time rather than a subscription that silently never fires.
 */
export function parseSubscribedResource(text: string): SubscribedResource {
  const [rawPath = '', query] = text.trim().replace(/^\/+/, '').split(/\?(.*)/s, 2);
  const kind = (Object.keys(subscribable) as ResourceKind[]).find((k) => subscribable[k].set.path.toLowerCase() === rawPath.toLowerCase());
  if (!kind) {
    const offered = Object.values(subscribable).map((s) => s.set.path).join(', ');
    throw new GraphError(400, 'InvalidRequest', `Resource '${rawPath.slice(0, 200)}' is not supported for change notifications; use one of ${offered}.`);
  }
  const entry = subscribable[kind];
  if (query === undefined || query === '') return { kind, path: entry.set.path };
  const params = new URLSearchParams(query);
  let filterText: string | undefined;
  for (const [key, value] of params) {
    if (key.toLowerCase() !== '$filter') throw new GraphError(400, 'InvalidRequest', `Resource query option '${key}' is not supported; only $filter is.`);
    filterText = value;
  }
  if (!filterText) return { kind, path: entry.set.path };
  try {
    const parsed = parseFilter(filterText);
    compileFilter(rewriteFilterLiterals(parsed, entry.set.sql, entry.set.vocabulary), entry.set.sql, 'sqlite');
    return { kind, path: entry.set.path, filter: rewriteFilterLiterals(parsed, entry.set.sql, entry.vocabulary) };
  } catch (err) {
    if (err instanceof ODataError) throw new GraphError(400, 'InvalidRequest', `Invalid resource $filter: ${err.message}`);
    throw err;
  }
}
