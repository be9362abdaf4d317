/**
 * A real SMTP server inside the test process (smtp-server), which parses every message it receives
 * (mailparser), so tests can assert what a recipient would see: recipients, subject, HTML body,
 * attachment bytes. Listens on a free loopback port; plain SMTP (no STARTTLS) unless told otherwise.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEnvelope {
  /** MAIL FROM. */
  from: string;
  /** RCPT TO, Bcc recipients included. */
  to: string[];
  /** The user that logged in, when auth was required. */
  user?: string;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** Parsed messages in arrival order. */
  messages: ParsedMail[];
  /** SMTP envelopes, same order as messages. */
  envelopes: ReceivedEnvelope[];
  /** Resolves once at least `count` messages have arrived (bounded by `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  stop(): Promise<void>;
}

export interface TestSmtpOptions {
  /** When set, a login with exactly these credentials is required; otherwise any login (or none) is accepted. */
  auth?: { user: string; pass: string };
  /** Recipients the server refuses at RCPT TO (to test refusals). */
  refuseRecipients?: string[];
}

/** Starts an SMTP server on 127.0.0.1 and a free port. */
export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const envelopes: ReceivedEnvelope[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      // Without configured credentials any login is accepted, so connections holding a password work.
      if (!options.auth || (auth.username === options.auth.user && auth.password === options.auth.pass)) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuseRecipients?.includes(address.address)) {
        return callback(Object.assign(new Error(`mailbox unavailable: ${address.address}`), { responseCode: 550 }));
      }
      return callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          envelopes.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
          });
          for (const w of waiters.splice(0)) w();
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    messages,
    envelopes,
    async waitForMessages(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} message(s), received ${messages.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return messages;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
