import type { Alert } from '../alerts/alert-schema.ts';
import type { Incident, IncidentComment, IncidentPatch } from '../incidents/incident-schema.ts';

/**
 * Riposte keeps incidents in Sentinel's vocabulary; Graph's `microsoft.graph.security.incident`
 * speaks Defender's. These tables translate both ways. Sentinel's New is Graph's active (not yet
 * worked), Active is inProgress, Closed is resolved.
 */
export const graphIncidentStatus: Record<Incident['status'], string> = { New: 'active', Active: 'inProgress', Closed: 'resolved' };
export const storedIncidentStatus: Record<string, Incident['status']> = { active: 'New', inprogress: 'Active', resolved: 'Closed' };

export const graphClassification: Record<string, string> = {
  Undetermined: 'unknown',
  TruePositive: 'truePositive',
  BenignPositive: 'informationalExpectedActivity',
  FalsePositive: 'falsePositive',
};
export const storedClassification: Record<string, NonNullable<Incident['classification']>> = {
  unknown: 'Undetermined',
  truepositive: 'TruePositive',
  informationalexpectedactivity: 'BenignPositive',
  falsepositive: 'FalsePositive',
};

// Sentinel records a reason, Graph a determination; only these pairs carry over both ways.
const determinationOfReason: Record<string, string> = {
  SuspiciousActivity: 'other',
  SuspiciousButExpected: 'confirmedUserActivity',
  IncorrectAlertLogic: 'notMalicious',
  InaccurateData: 'notEnoughDataToValidate',
};
const reasonOfDetermination: Record<string, NonNullable<Incident['classificationReason']>> = {
  notmalicious: 'IncorrectAlertLogic',
  notenoughdatatovalidate: 'InaccurateData',
  confirmeduseractivity: 'SuspiciousButExpected',
  lineofbusinessapplication: 'SuspiciousButExpected',
  securitytesting: 'SuspiciousButExpected',
  securitypersonnel: 'SuspiciousButExpected',
};

/** The incident's assignee as Graph shows it: the first of owner UPN, email, display name. */
export function incidentAssignee(incident: Incident): string | null {
  return incident.owner.userPrincipalName ?? incident.owner.email ?? incident.owner.assignedTo ?? null;
}

/** Renders a stored incident (and its comments, and alerts when expanded) as a Graph incident. */
export function toGraphIncident(
  incident: Incident,
  comments: readonly IncidentComment[],
  origin: string,
  alerts?: readonly Alert[],
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.security.incident',
    id: incident.id,
    incidentWebUrl: `${origin}/api/incidents/${incident.number}`,
    redirectIncidentId: null,
    displayName: incident.title,
    tenantId: null,
    createdDateTime: incident.createdTimeUtc,
    lastUpdateDateTime: incident.lastModifiedTimeUtc,
    assignedTo: incidentAssignee(incident),
    classification: incident.classification ? (graphClassification[incident.classification] ?? 'unknown') : 'unknown',
    determination: incident.classificationReason ? (determinationOfReason[incident.classificationReason] ?? 'unknown') : 'unknown',
    status: graphIncidentStatus[incident.status],
    severity: incident.severity.toLowerCase(),
    customTags: incident.labels.filter((l) => l.labelType === 'User').map((l) => l.labelName),
    systemTags: incident.labels.filter((l) => l.labelType !== 'User').map((l) => l.labelName),
    description: incident.description,
    summary: null,
    comments: comments.map((c) => ({
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: c.message,
      createdByDisplayName: c.author.userPrincipalName ?? c.author.email ?? c.author.name ?? null,
      createdDateTime: c.createdTimeUtc,
    })),
    ...(alerts ? { alerts } : {}),
  };
}

/** A Graph incident PATCH (status, assignedTo, classification, determination, customTags, displayName, description). */
export interface GraphIncidentPatch {
  status?: string;
  assignedTo?: string | null;
  classification?: string | null;
  determination?: string | null;
  customTags?: string[];
  displayName?: string;
  description?: string | null;
}

/** Translates a Graph incident PATCH into Riposte's incident patch. */
export function toIncidentPatch(patch: GraphIncidentPatch, current: Incident): IncidentPatch {
  const out: IncidentPatch = {};
  if (patch.status !== undefined) out.status = storedIncidentStatus[patch.status.toLowerCase()];
  if (patch.assignedTo !== undefined) {
    const who = patch.assignedTo;
    out.owner = who ? { ...current.owner, assignedTo: who, userPrincipalName: who.includes('@') ? who : null, email: who.includes('@') ? who : null } : null;
  }
  if (patch.classification !== undefined) out.classification = patch.classification ? storedClassification[patch.classification.toLowerCase()] : null;
  if (patch.determination !== undefined) {
    const classification = out.classification ?? current.classification;
    const reason = patch.determination ? reasonOfDetermination[patch.determination.toLowerCase()] : undefined;
    // Any other determination of a true positive is Sentinel's SuspiciousActivity.
    out.classificationReason = reason ?? (patch.determination && classification === 'TruePositive' ? 'SuspiciousActivity' : null);
  }
  if (patch.customTags !== undefined) {
    out.labels = [...current.labels.filter((l) => l.labelType !== 'User'), ...patch.customTags.map((labelName) => ({ labelName, labelType: 'User' as const }))];
  }
  if (patch.displayName !== undefined) out.title = patch.displayName;
  if (patch.description !== undefined) out.description = patch.description;
  return out;
}
