/** Hands one message to the connection's SMTP server, mapping SMTP failures to ConnectorErrors. */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { ConnectorError } from '../sdk/connector-error.ts';
import { resolveChecked, type EgressLookup } from '../http-egress/egress-dispatcher.ts';
import { defaultEgressPolicy, type EgressPolicy } from '../http-egress/egress-policy.ts';
import type { SmtpSettings } from './connection.ts';

/** Where SMTP traffic may go: the egress policy applies to mail servers too. */
export interface MailTransportOptions {
  egress: EgressPolicy;
  lookup?: EgressLookup;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** Sends through a fresh transport (connections are rare; pooling would hold sockets between runs). */
export async function sendMail(settings: SmtpSettings, message: Mail.Options, options: MailTransportOptions = { egress: defaultEgressPolicy }): Promise<SentMail> {
  const timeout = settings.timeoutSeconds * 1000;
  // Connect to the address that was checked, not to a name nodemailer would resolve again;
  // TLS still verifies the certificate against the configured host name.
  const [address] = await resolveChecked(settings.host, options.egress, options.lookup).catch((err: unknown) => {
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError('UpstreamFailure', `the SMTP host could not be resolved: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  if (!address) throw new ConnectorError('UpstreamFailure', `the SMTP host '${settings.host}' has no address`);
  const transport = nodemailer.createTransport({
    host: address.address,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTLS,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    tls: { rejectUnauthorized: settings.rejectUnauthorized, ...(address.address !== settings.host ? { servername: settings.host } : {}) },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail(message);
    return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
  } catch (err) {
    throw smtpFailure(err);
  } finally {
    transport.close();
  }
}

function smtpFailure(err: unknown): ConnectorError {
  const e = err as { code?: string; responseCode?: number; message?: string; rejected?: unknown[] };
  const detail = e.message ?? String(err);
  switch (e.code) {
    case 'EAUTH':
      return new ConnectorError('Unauthorized', `the SMTP server refused the login: ${detail}`, { cause: err });
    case 'EENVELOPE':
      // A refused recipient will be refused again: a client error, not retried.
      if (e.responseCode !== undefined && e.responseCode >= 500) return new ConnectorError('InvalidInput', `the SMTP server refused a recipient: ${detail}`, { field: '/body/To', cause: err });
      return new ConnectorError('UpstreamFailure', `the SMTP server refused the envelope: ${detail}`, { cause: err });
    case 'EMESSAGE':
      if (e.responseCode !== undefined && e.responseCode >= 500) return new ConnectorError('InvalidInput', `the SMTP server refused the message: ${detail}`, { cause: err });
      return new ConnectorError('UpstreamFailure', `the SMTP server did not accept the message: ${detail}`, { cause: err });
    case 'ETIMEDOUT':
      return new ConnectorError('Timeout', `the SMTP server did not answer in time: ${detail}`, { cause: err });
    default:
      return new ConnectorError('UpstreamFailure', `sending through SMTP failed: ${detail}`, { cause: err });
  }
}
