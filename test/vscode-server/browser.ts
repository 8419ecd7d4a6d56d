// Headless Chromium (the system one: nothing can be downloaded here) with a throw-away profile.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { removeTempDir, tempDir } from './tempDirs';

export interface BrowserOptions {
  viewport?: { width: number; height: number };
  /** Run with a visible window (needs a display); for debugging a UI test by hand. */
  headed?: boolean;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumPath(): string {
  return process.env.OCS_CHROMIUM || '/usr/bin/chromium';
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const dir = tempDir('chromium');
  // Chromium also writes outside its profile (crash dumps, fontconfig caches): keep that in here too.
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const headed = options.headed ?? process.env.OCS_HEADED === '1';
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: chromiumPath(),
      headless: !headed,
      args: FLAGS,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), TMPDIR: dir },
    });
  } catch (error) {
    removeTempDir(dir);
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      removeTempDir(dir);
    },
  };
}
