/**
 * What the console's browser tests share: the console built from its sources (CI starts from a
 * clean clone: never a committed dist) and Debian's Chromium driven by playwright-core, headless,
 * with the flags that keep it off the network this machine does not have.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/** Skipped only on a developer machine without Chromium: CI (.ci/run installs it) must run them, and fail if it is missing. */
export const withoutChromium = !existsSync(chromiumPath) && !process.env.CI;

const webRoot = fileURLToPath(new URL('../../../web', import.meta.url));

/** Builds the console into `dist` (vite, silent). */
export async function buildConsole(dist: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(webRoot, 'vite.config.ts'), root: webRoot, logLevel: 'silent', build: { outDir: dist, emptyOutDir: true } });
}

/** A headless Chromium with a fresh profile in `profileDir`, and its page (10 s default timeout). */
export async function launchConsoleBrowser(profileDir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** A console served on loopback with a browser open on it. */
export interface ConsoleSession {
  base: string;
  context: BrowserContext;
  page: Page;
  /** Opens the console at `hash` with `key` in the tab, as if pasted there. */
  signIn(key: string, hash: string): Promise<void>;
  /** Closes the browser, then the app. */
  close(): Promise<void>;
}

/** Serves `app` (with the console module) on loopback and opens Chromium, profile in `profileDir`, on it. */
export async function openConsoleSession(app: FastifyInstance, profileDir: string): Promise<ConsoleSession> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { context, page } = await launchConsoleBrowser(profileDir);
  return {
    base,
    context,
    page,
    async signIn(key, hash) {
      await page.goto(`${base}/console${hash}`);
      await page.evaluate((k) => sessionStorage.setItem('riposte.apiKey', k), key);
      await page.reload();
    },
    async close() {
      await context.close();
      await app.close();
    },
  };
}
