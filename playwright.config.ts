/**
 * End-to-end tests drive the real production build in Debian's Chromium (browsers cannot be downloaded here),
 * against a fresh embedded database seeded with the Changning data and the live simulator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3310);
// One data folder per run, shared with the tests through the environment (they read the demo passwords there).
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'onemap-e2e-'));

export default defineConfig({
  // A committed test.only must fail CI, not quietly run one test.
  forbidOnly: true,
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--ignore-gpu-blocklist',
        // Chromium 156 preloads its omnibox popup (a WebUI renderer, ~2 s of a core) for every new tab: not the product's work.
        '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
      ],
    },
  },
  webServer: {
    command: 'npx tsx server/index.ts',
    url: `http://localhost:${port}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      SIMULATOR: 'on',
      // The simulated 12345 and 区城运 send tickets only when a test asks, so no random order lands on a test's unit.
      PARTNER_SIMULATOR: 'on-demand',
      DEMO_MODE: 'on',
      // Warnings and errors only: one access-log line per tile request would bury a failure's own output.
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
  },
});
