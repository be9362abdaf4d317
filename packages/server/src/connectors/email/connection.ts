import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';

/** SMTP settings of an `office365` connection: where Riposte hands its mail over. */
export const smtpConnection = defineConnection({
  schema: z.object({
    host: z.string().min(1),
    port: z.coerce.number().int().min(1).max(65535).default(587),
    /** Implicit TLS from the first byte (port 465); false uses STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless STARTTLS succeeds. */
    requireTLS: z.boolean().default(false),
    /** Verify the server certificate (switch off only for a private test relay). */
    rejectUnauthorized: z.boolean().default(true),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    /** Default sender, e.g. "Riposte <soc@example.com>". */
    from: z.string().min(3),
    /** Seconds to wait for the server at each step. */
    timeoutSeconds: z.number().positive().max(600).default(30),
  }),
  secrets: ['password'],
});

export type SmtpSettings = z.output<typeof smtpConnection.schema>;
