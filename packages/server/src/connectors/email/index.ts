import { defineConnector } from '../sdk/define-connector.ts';
import { smtpConnection } from './connection.ts';
import { sendEmailV1, sendEmailV2, sharedMailboxSendEmailV2 } from './send-email.ts';

export { smtpConnection, type SmtpSettings } from './connection.ts';
export { EMAIL_SEND_PERMISSION, sendEmailV1, sendEmailV2, sharedMailboxSendEmailV2 } from './send-email.ts';

/**
 * The `office365` connector: the mail operations Sentinel playbooks notify with, over SMTP.
 * ("Send approval email" is an approvals webhook and is not part of this connector.)
 */
export const office365Connector = defineConnector({
  api: 'office365',
  displayName: 'Email (Office 365 Outlook operations over SMTP)',
  connection: smtpConnection,
  operations: [sendEmailV2, sharedMailboxSendEmailV2, sendEmailV1],
});
