/**
 * Every screen, as each of its users sees it, in Chinese and in English: no raw code or identifier, no stray
 * English in the Chinese interface, nothing cut by its box, no page wider than the screen (and the wall-type screens
 * not taller either). 1920×1080 for every screen and every tab, 3840×2160 for the wall-type screens, a phone for the
 * phone screens. Each view is kept as a screenshot beside the results.
 *
 * Named to run early (files run in alphabetical order): it reads the product as seeded, before the flow tests add
 * their own records, whose made-up names ("e2e …", random suffixes) are test data, not interface text.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { type AuditFinding, auditScreen } from './screen-audit';
import { demoPassword, demoTotpCode, expect, test, waitForWall } from './fixtures';

interface Screen {
  user: string;
  path: string;
  /** A wall-type screen: it must fit the screen without scrolling, and is checked at 4K too. */
  wall?: boolean;
  phone?: boolean;
}

const SCREENS: Screen[] = [
  { user: 'duty', path: '/', wall: true },
  { user: 'leader', path: '/cockpit', wall: true },
  { user: 'analyst', path: '/hotline', wall: true },
  { user: 'dispatcher', path: '/dispatch' },
  { user: 'duty', path: '/alarms' },
  { user: 'duty', path: '/lighting' },
  { user: 'duty', path: '/data' },
  { user: 'duty', path: '/cockpit/inspect' },
  { user: 'duty', path: '/knowledge/ask' },
  { user: 'duty', path: '/account' },
  { user: 'steward', path: '/data/import' },
  { user: 'steward', path: '/data/facilities' },
  { user: 'fees', path: '/fees' },
  { user: 'feesup', path: '/fees' },
  { user: 'payer', path: '/fees' },
  { user: 'collector', path: '/fees' },
  { user: 'buyer', path: '/settlement' },
  { user: 'supplier', path: '/settlement' },
  { user: 'thirdparty', path: '/settlement' },
  { user: 'editor', path: '/knowledge' },
  { user: 'reviewer', path: '/knowledge' },
  { user: 'sysadmin', path: '/admin' },
  { user: 'secadmin', path: '/admin' },
  { user: 'auditor', path: '/admin' },
  { user: 'leader', path: '/m', phone: true },
  { user: 'field', path: '/field', phone: true },
];

const FULL_HD = { width: 1920, height: 1080 };
const FOUR_K = { width: 3840, height: 2160 };
const PHONE = { width: 390, height: 844 };

// One signed-in session per person, made once: administrators' one-time codes cannot be used twice.
const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

async function sessionOf(browser: Browser, baseURL: string, user: string) {
  const known = sessions.get(user);
  if (known) return known;
  const context = await browser.newContext({ baseURL });
  const code = demoTotpCode(user);
  const response = await context.request.post('/api/trpc/auth.signIn', {
    data: { json: { username: user, password: demoPassword(user), ...(code ? { totpCode: code } : {}) } },
    headers: { origin: baseURL },
  });
  expect(response.ok(), `${user} signs in: HTTP ${response.status()}`).toBe(true);
  const state = await context.storageState();
  await context.close();
  sessions.set(user, state);
  return state;
}

/**
 * Counts the page's API requests in flight. Live screens poll and hold a socket, so the browser's "network idle"
 * may never come; a screen has drawn its data once no API request has been open for a moment.
 */
function trackApiCalls(page: Page) {
  let open = 0;
  const isApi = (url: string) => url.includes('/api/');
  page.on('request', (r) => void (isApi(r.url()) && (open += 1)));
  const done = (r: { url(): string }) => void (isApi(r.url()) && (open = Math.max(0, open - 1)));
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return async function quiet() {
    let calm = 0;
    for (let waited = 0; calm < 3 && waited < 15_000; waited += 150) {
      calm = open === 0 ? calm + 1 : 0;
      await page.waitForTimeout(150);
    }
  };
}

async function auditEveryTab(
  page: Page,
  screen: Screen,
  locale: 'zh' | 'en',
  quiet: () => Promise<void>,
  shot: (name: string) => Promise<void>,
) {
  const seen: AuditFinding[] = [];
  const check = async (view: string) => {
    for (const f of await auditScreen(page, { locale, fitScreen: screen.wall })) seen.push({ ...f, where: `${view}: ${f.where}` });
    await shot(view);
  };
  await check(screen.path);
  const tabs = page.getByRole('tab');
  const count = await tabs.count();
  for (let i = 0; i < count; i += 1) {
    const tab = tabs.nth(i);
    const name = ((await tab.textContent()) ?? '').trim();
    await tab.click();
    await quiet();
    await check(`${screen.path} › ${name}`);
  }
  return seen;
}

for (const locale of ['zh', 'en'] as const) {
  test(`every screen reads in ${locale === 'zh' ? 'Chinese' : 'English'}: no code, no stray word, nothing cut`, async ({
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(600_000);
    const findings: string[] = [];
    // One browser context for every view, its session swapped per person: the page's scripts and styles stay cached.
    const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const quiet = trackApiCalls(page);
    let errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (const screen of SCREENS) {
      const session = await sessionOf(browser, baseURL!, screen.user);
      await context.clearCookies();
      await context.addCookies([...session.cookies, { name: 'onemap-locale', value: locale, url: baseURL! }]);
      errors = [];
      // A wall-type screen is opened at 1080p and then stretched to 4K, as a wall controller resizes its output.
      const sizes = screen.phone ? [PHONE] : screen.wall ? [FULL_HD, FOUR_K] : [FULL_HD];
      for (const [i, viewport] of sizes.entries()) {
        const started = Date.now();
        await page.setViewportSize(viewport);
        if (i === 0) {
          await page.goto(screen.path);
          if (screen.path === '/') await waitForWall(page);
        }
        await quiet();
        const size = `${viewport.width}×${viewport.height}`;
        const shot = (view: string) =>
          page
            .screenshot({ path: testInfo.outputPath(`${locale}-${size}-${screen.user}${view.replace(/[^\p{L}\p{N}]+/gu, '_')}.png`) })
            .then(() => undefined);
        for (const f of await auditEveryTab(page, screen, locale, quiet, shot))
          findings.push(`${size} ${screen.user} [${f.kind}] ${f.text} @ ${f.where}`);
        if (process.env.SCREENS_TIMING) console.log(`${size} ${screen.user} ${screen.path}: ${Date.now() - started} ms`);
      }
      for (const e of errors) findings.push(`${screen.user} ${screen.path} [page error] ${e}`);
    }
    await context.close();
    expect(findings).toEqual([]);
  });
}
