/**
 * The incident as automation rules see it, with Sentinel's field names (the properties of
 * Microsoft.SecurityInsights/incidents, plus alerts, entities and comments). The server's incident
 * model uses the same names, so a stored incident is passed as it is plus its alerts and comments;
 * fields it lacks are simply absent. For rules that trigger on Alerts, pass the alert's view built
 * by `incidentViewOfAlert`.
 */
export interface AutomationIncident {
  id?: string;
  incidentNumber?: number;
  title: string;
  description?: string | null;
  severity: string;
  status: string;
  owner?: IncidentOwner | null;
  labels?: IncidentLabel[];
  classification?: string | null;
  classificationReason?: string | null;
  classificationComment?: string | null;
  tactics?: string[];
  techniques?: string[];
  relatedAnalyticRuleIds?: string[];
  providerName?: string;
  /** Products of the incident's alerts when the alerts themselves are not at hand. */
  alertProductNames?: string[];
  alerts?: IncidentAlert[];
  entities?: IncidentEntity[];
  comments?: Array<{ id?: string; message: string }>;
  /** Analytic-rule custom details: key → values. */
  customDetails?: Record<string, string | string[]>;
  /** Who made the update being evaluated (IncidentUpdatedBySource): Portal, AutomationRule, Playbook, … */
  updatedBySource?: string;
}

export interface IncidentOwner {
  objectId?: string | null;
  email?: string | null;
  assignedTo?: string | null;
  userPrincipalName?: string | null;
  ownerType?: string | null;
}

export interface IncidentLabel {
  labelName: string;
  labelType?: string;
}

export interface IncidentAlert {
  systemAlertId?: string;
  alertDisplayName?: string;
  productName?: string;
  /** Sentinel alerts name their analytic rule(s); a single `analyticRuleId` is accepted too. */
  analyticRuleIds?: string[];
  analyticRuleId?: string;
  severity?: string;
  tactics?: string[];
}

/** A related entity: `kind` as Sentinel spells it (Account, Host, Ip, Url, FileHash, …). */
export interface IncidentEntity {
  kind: string;
  properties: Record<string, unknown>;
}

/** The incident-shaped view of a Sentinel alert, for rules with triggersOn = Alerts. */
export function incidentViewOfAlert(alert: {
  systemAlertId?: string;
  alertDisplayName: string;
  description?: string | null;
  severity: string;
  status?: string;
  productName?: string;
  analyticRuleIds?: string[];
  tactics?: string[];
  techniques?: string[];
  entities?: IncidentEntity[];
  customDetails?: Record<string, string | string[]>;
}): AutomationIncident {
  return {
    id: alert.systemAlertId,
    title: alert.alertDisplayName,
    description: alert.description ?? null,
    severity: alert.severity,
    status: alert.status ?? 'New',
    tactics: alert.tactics ?? [],
    techniques: alert.techniques ?? [],
    relatedAnalyticRuleIds: alert.analyticRuleIds ?? [],
    providerName: alert.productName,
    alertProductNames: alert.productName ? [alert.productName] : [],
    alerts: [
      { systemAlertId: alert.systemAlertId, alertDisplayName: alert.alertDisplayName, productName: alert.productName, analyticRuleIds: alert.analyticRuleIds, severity: alert.severity },
    ],
    entities: alert.entities ?? [],
    customDetails: alert.customDetails,
  };
}
