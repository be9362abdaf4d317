import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { badRequestFromZod } from '../common/errors.ts';
import { entityKinds, incidentSeverities } from '../incidents/incident-schema.ts';
import type { CorrelationConfig } from '../incidents/correlation.ts';
import { defaultCorrelationConfig } from '../incidents/correlation.ts';
import type { SlaPolicy } from '../incidents/sla.ts';
import { defaultSlaPolicy } from '../incidents/sla.ts';
import type { ResponseProcessSettings } from '../app/response-process-wiring.ts';

const window = z.number().int().min(1).max(60 * 24 * 30);

const correlationRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sameTitle'), windowMinutes: window }),
  z.strictObject({ kind: z.literal('sameDetector'), windowMinutes: window }),
  z.strictObject({ kind: z.literal('sharedEntity'), windowMinutes: window, entityKinds: z.array(z.enum(entityKinds)).min(1).optional() }),
]);

/** The settings file `riposte serve --config <file>` reads; every part is optional. */
export const serverConfigSchema = z.strictObject({
  correlation: z.strictObject({ rules: z.array(correlationRuleSchema).max(20) }).optional(),
  sla: z
    .strictObject({
      acknowledgeMinutes: z.strictObject(Object.fromEntries(incidentSeverities.map((s) => [s, window.optional()])) as Record<(typeof incidentSeverities)[number], z.ZodOptional<typeof window>>).optional(),
      recoverMinutes: window.optional(),
      warnBeforeMinutes: z.number().int().min(0).max(60 * 24).optional(),
    })
    .optional(),
  /** Approvals, escalation, stakeholder notifications, change-request gate (credentials stay in /api/connections). */
  response: z
    .strictObject({
      /** Base of approval answer links (else RIPOSTE_PUBLIC_URL, else the listening address). */
      publicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
      /** The vault connection (SMTP settings) notices and approvals mail through when they name none. */
      relayConnection: z.string().min(1).max(200).optional(),
      /** Who escalated incidents go to. */
      triage: z.strictObject({ assignedTo: z.string().min(1).max(256), email: z.email().optional(), ownerType: z.enum(['User', 'Group']).optional() }).optional(),
      /** Containment on a business-critical asset without an approved change request: wait for one, or fail. */
      changeGate: z.enum(['wait', 'fail']).optional(),
    })
    .optional(),
});

export interface ServerConfig {
  correlation: CorrelationConfig;
  sla: SlaPolicy;
  response?: ResponseProcessSettings;
}

/** Validates a parsed settings document and fills in defaults; errors name the JSON pointer. */
export function resolveServerConfig(document: unknown): ServerConfig {
  const parsed = serverConfigSchema.safeParse(document);
  if (!parsed.success) throw badRequestFromZod(parsed.error);
  const c = parsed.data;
  return {
    correlation: c.correlation ?? defaultCorrelationConfig,
    sla: {
      acknowledgeMinutes: { ...defaultSlaPolicy.acknowledgeMinutes, ...stripUndefined(c.sla?.acknowledgeMinutes ?? {}) },
      recoverMinutes: c.sla?.recoverMinutes ?? defaultSlaPolicy.recoverMinutes,
      warnBeforeMinutes: c.sla?.warnBeforeMinutes ?? defaultSlaPolicy.warnBeforeMinutes,
    },
    ...(c.response ? { response: responseSettings(c.response) } : {}),
  };
}

function responseSettings(r: NonNullable<z.output<typeof serverConfigSchema>['response']>): ResponseProcessSettings {
  return {
    ...(r.publicBaseUrl ? { publicBaseUrl: r.publicBaseUrl } : {}),
    ...(r.relayConnection ? { relayConnection: r.relayConnection } : {}),
    ...(r.triage ? { escalation: { triage: r.triage } } : {}),
    ...(r.changeGate ? { changeGate: { mode: r.changeGate } } : {}),
  };
}

/** Reads and validates a settings file. */
export function loadServerConfig(path: string): ServerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
  return resolveServerConfig(document);
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
