/**
 * The server the console's automation pages are tested against: the console built from source and
 * the automation module on a fresh SQLite store, an automation-author and a reader key, and Chromium
 * open on it (console-browser.test-support.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/build-app.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { securityAutomationModule } from '../automation/automation-module.ts';
import type { SecurityStore } from '../store/security-store.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { buildConsole, openConsoleSession, type ConsoleSession } from './console-browser.test-support.ts';
import { consoleModule } from './console-module.ts';

export interface AutomationConsole {
  session: ConsoleSession;
  authorKey: string;
  readerKey: string;
  /** Closes the browser, the app and the store, and removes the temporary directory. */
  close(): Promise<void>;
}

/** Starts it all in a new temporary directory named after `prefix`; anything started is closed again if a step fails. */
export async function openAutomationConsole(prefix: string): Promise<AutomationConsole> {
  const temp = mkdtempSync(join(tmpdir(), prefix));
  let store: SecurityStore | undefined;
  let app: FastifyInstance | undefined;
  const cleanUp = async () => {
    await app?.close();
    await store?.close();
    rmSync(temp, { recursive: true, force: true });
  };
  try {
    const dist = join(temp, 'dist');
    await buildConsole(dist);
    store = openSqliteSecurityStore({ path: join(temp, 'riposte.db') });
    app = await buildApp({ store, modules: [consoleModule({ dir: dist }), securityAutomationModule({ resumeOnStart: false })] });
    await app.ready();
    const authorKey = (await createApiKey(store, 'automation-author', 'console-author', app.riposte.clock, 'test')).key;
    const readerKey = (await createApiKey(store, 'reader', 'console-reader', app.riposte.clock, 'test')).key;
    const session = await openConsoleSession(app, join(temp, 'profile'));
    return {
      session,
      authorKey,
      readerKey,
      async close() {
        await session.close();
        app = undefined;
        await cleanUp();
      },
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}
