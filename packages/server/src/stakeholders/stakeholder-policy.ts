/**
 * A stakeholder notification policy: who (addresses, chat webhooks, holders of incident roles) is
 * told what (a subject and body template over the incident), on which events (created above a
 * severity, severity or phase change, SLA breach, resolution) and on a cadence while a condition
 * holds (e.g. every 4 hours while severity is High).
 */
import { z } from 'zod';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';
import { incidentPhases, incidentSeverities } from '../incidents/incident-schema.ts';

export const incidentRoleNames = ['lead', 'technical', 'legal', 'communications'] as const;
export type IncidentRoleName = (typeof incidentRoleNames)[number];

const severity = caseInsensitiveEnum(incidentSeverities);

export const policyTriggerSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('incidentCreated'), minSeverity: severity.optional() }),
  z.strictObject({ on: z.literal('severityChanged'), minSeverity: severity.optional() }),
  z.strictObject({ on: z.literal('phaseChanged'), phases: z.array(caseInsensitiveEnum(incidentPhases)).max(10).optional() }),
  z.strictObject({ on: z.literal('slaBreached') }),
  z.strictObject({ on: z.literal('resolved') }),
]);
export type PolicyTrigger = z.output<typeof policyTriggerSchema>;
export type PolicyTriggerKind = PolicyTrigger['on'];

export const stakeholderPolicyInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    recipients: z
      .strictObject({
        emails: z.array(z.email()).max(100).default([]),
        chat: z.array(z.strictObject({ webhookUrl: z.url({ protocol: /^https?$/ }), format: z.enum(['teams', 'slack']).default('teams') })).max(20).default([]),
        /** Holders of these incident roles (those whose role value is an email address). */
        roles: z.array(z.enum(incidentRoleNames)).max(4).default([]),
      })
      .refine((r) => r.emails.length + r.chat.length + r.roles.length > 0, { message: 'expected at least one email, chat webhook or role', path: ['emails'] }),
    /** Only incidents at or above this severity (all triggers and the cadence). */
    minSeverity: severity.optional(),
    triggers: z.array(policyTriggerSchema).max(10).default([]),
    cadence: z
      .strictObject({
        everyMinutes: z.number().int().min(5).max(7 * 24 * 60),
        /** Repeat while the incident is open and at or above this severity. */
        whileSeverityAtLeast: severity.default('Informational'),
      })
      .optional(),
    /** `@{…}` templates over triggerBody(): { incident, event, policy }. */
    template: z.strictObject({ subject: z.string().min(1).max(998), body: z.string().min(1).max(20_000) }),
  })
  .refine((p) => p.triggers.length > 0 || p.cadence !== undefined, { message: 'expected at least one trigger or a cadence', path: ['triggers'] })
  .meta({ id: 'StakeholderPolicyInput' });
export type StakeholderPolicyInput = z.output<typeof stakeholderPolicyInputSchema>;

export interface StakeholderPolicy extends StakeholderPolicyInput {
  id: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}
