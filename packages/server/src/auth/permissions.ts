import type { Role } from '../store/security-store.ts';

/**
 * Every permission a route or connector operation can require. Add new ones here (and to the
 * roles below) rather than inventing strings at the call site.
 */
export const permissions = [
  'alerts.read',
  'alerts.write',
  'incidents.read',
  'incidents.write',
  'incidents.assign',
  'incidents.comment',
  // Deleting an incident deletes its alerts too: admin only (Sentinel asks for Contributor).
  'incidents.delete',
  'assessments.read',
  'assessments.write',
  'playbooks.read',
  'playbooks.write',
  'playbooks.run',
  'rules.read',
  'rules.write',
  'automations.read',
  'automations.write',
  'subscriptions.read',
  'subscriptions.write',
  'indicators.read',
  'indicators.write',
  'connections.read',
  'connections.write',
  'recovery.read',
  'recovery.write',
  'recovery.approve',
  'recovery.run',
  'approvals.read',
  'approvals.answer',
  'stakeholders.read',
  'stakeholders.write',
  'changes.read',
  'changes.write',
  'changes.approve',
  'assets.read',
  'assets.write',
  'audit.read',
  'keys.manage',
] as const;

export type Permission = (typeof permissions)[number];

export const roleNames: readonly Role[] = ['admin', 'automation-author', 'responder', 'triage', 'reader'];

const readAll = permissions.filter((p) => p.endsWith('.read') && p !== 'audit.read');

const triage: Permission[] = [
  ...readAll.filter((p) => p !== 'connections.read' && p !== 'recovery.read'),
  'alerts.write',
  'incidents.write',
  'incidents.assign',
  'incidents.comment',
  // The triage lead answers approvals, decides change requests and keeps stakeholders informed.
  'approvals.answer',
  'changes.approve',
  'stakeholders.write',
];

/** The one table of who may do what. */
export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(permissions),
  'automation-author': new Set<Permission>([
    ...readAll,
    'incidents.comment',
    'playbooks.write',
    'playbooks.run',
    'rules.write',
    'automations.write',
    'subscriptions.write',
    'connections.write',
  ]),
  responder: new Set<Permission>([...triage, 'assessments.write', 'playbooks.run', 'indicators.write', 'recovery.read', 'recovery.write', 'recovery.approve', 'recovery.run', 'subscriptions.write', 'changes.write']),
  triage: new Set<Permission>(triage),
  reader: new Set<Permission>(readAll.filter((p) => p !== 'connections.read')),
};

/** Whether a role grants a permission. */
export function roleAllows(role: Role, permission: Permission): boolean {
  return rolePermissions[role]?.has(permission) ?? false;
}

export function isRole(value: string): value is Role {
  return (roleNames as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}
