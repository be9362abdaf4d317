import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import { smtpConnection } from './connection.ts';
import { emailOperations } from './send-email.ts';
import type { MailTransportOptions } from './smtp-transport.ts';

export { smtpConnection, type SmtpSettings } from './connection.ts';
export { EMAIL_SEND_PERMISSION, emailOperations } from './send-email.ts';
export type { MailTransportOptions } from './smtp-transport.ts';

/**
 * The `office365` connector: the mail operations Sentinel playbooks notify with, over SMTP, to mail
 * servers the egress policy allows. ("Send approval email" is an approvals webhook, not part of it.)
 */
export function createEmailConnector(transport: Partial<MailTransportOptions> = {}): DescribedConnector {
  return defineConnector({
    api: 'office365',
    displayName: 'Email (Office 365 Outlook operations over SMTP)',
    connection: smtpConnection,
    operations: emailOperations({ egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) }),
  });
}

/** The office365 connector under the default egress policy. */
export const office365Connector = createEmailConnector();
const [sendEmailV2, sharedMailboxSendEmailV2, sendEmailV1] = office365Connector.operations;
export { sendEmailV1, sendEmailV2, sharedMailboxSendEmailV2 };
