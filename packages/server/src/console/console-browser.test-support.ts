/**
 * What the console's browser tests share: the console built from its sources (CI starts from a
 * clean clone: never a committed dist) and Debian's Chromium driven by playwright-core, headless,
 * with the flags that keep it off the network this machine does not have.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
