/**
 * `riposte demo [--port 8080] [--host 127.0.0.1] [--data ./riposte-data]` (what `npm start` runs):
 * the server on the embedded store with demo data seeded idempotently — alerts that correlate into
 * incidents, an automation rule and a small Sentinel-shaped incident playbook, plus a real Sentinel
 * playbook from the corpus and a rule running it when the corpus is found (demo/demo-corpus-playbook.ts)
 * — and an admin key (RIPOSTE_API_KEY, or one created once and kept in <data>/demo-admin-key). Prints
 * what became of the corpus playbook, the URL and the key.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { adminKeyFromEnv } from '../admin-key-env.ts';
import { startServer } from '../../app/start-server.ts';
import { createApiKey, verifyApiKey } from '../../auth/api-keys.ts';
import { systemClock } from '../../common/timestamp.ts';
import { seedDemo } from '../../demo/seed-demo.ts';
import { describeCorpusPlaybook } from '../../demo/demo-corpus-playbook.ts';
import { seedDemoContainment } from '../../demo/demo-containment.ts';
import type { SecurityStore } from '../../store/security-store.ts';
import { parsePort } from './serve.ts';

const keyFile = 'demo-admin-key';

/** The demo's admin key: RIPOSTE_API_KEY when set, else the one kept in the data folder (created once). */
async function demoAdminKey(store: SecurityStore, dataDir: string, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const path = join(dataDir, keyFile);
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    const principal = await verifyApiKey(store, kept);
    if (principal?.role === 'admin') return kept;
  }
  const { key } = await createApiKey(store, 'admin', 'demo', systemClock, 'demo');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run the server with demo data, automation rules, a demo playbook and (when the corpus is found) a corpus playbook; prints the URL and an admin key')
    .option('--port <port>', 'TCP port to listen on', '8080')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <dir>', 'directory for the embedded database', './riposte-data')
    .action(async (opts: { port: string; host: string; data: string }) => {
      const dataDir = resolve(opts.data);
      const adminKey = adminKeyFromEnv();
      const server = await startServer({
        port: parsePort(opts.port),
        host: opts.host,
        dataDir,
        adminKey,
        logger: { level: process.env.RIPOSTE_LOG_LEVEL ?? 'warn' },
      });
      const key = await demoAdminKey(server.store, dataDir, adminKey);
      const seeded = await seedDemo(server.app);
      // A containment (a playbook blocks the C2 incident's IP) and its lead-approved recovery.
      await seedDemoContainment(server.app);
      process.stdout.write(
        `${describeCorpusPlaybook(seeded.corpusPlaybook)}\n` +
          `riposte demo: listening on ${server.url} (API docs at ${server.url}/docs)\n` +
          `admin API key: ${key}\n` +
          `analyst console: ${server.url}/console (paste the key)\n` +
          `try: curl -H "Authorization: Bearer ${key}" ${server.url}/api/incidents\n`,
      );
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<void>(() => {});
    });
}
