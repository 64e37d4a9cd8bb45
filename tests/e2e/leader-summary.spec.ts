/**
 * The leaders' summary on a phone: a leader opens /m held upright, reads today's figures from the live database
 * (an order registered meanwhile shows after a refresh), the page fits the screen, switches to English, and the
 * whole first view — HTML, JavaScript and data — stays within 300 KB on the wire (the issue's 4G budget).
 */
import type { Response } from '@playwright/test';
import { demoPassword, expect, signIn, test } from './fixtures';
import { trpcMutation, trpcQuery } from './trpc-helpers';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const FIRST_VIEW_BUDGET_BYTES = 300 * 1024;

async function transferred(responses: Response[]): Promise<number> {
  const sizes = await Promise.all(responses.map(async (r) => (await r.request().sizes()).responseBodySize));
  return sizes.reduce((sum, n) => sum + n, 0);
}

test("a leader reads the district's figures on a phone, live from the database, within 300 KB", async ({
  browser,
  playwright,
  baseURL,
}) => {
  // Sign in once, then open /m in a fresh context with the session but an empty cache: a leader's first view.
  const signInContext = await browser.newContext(PHONE);
  await signIn(await signInContext.newPage(), 'leader', '/m');
  const storageState = await signInContext.storageState();
  await signInContext.close();

  const context = await browser.newContext({ ...PHONE, storageState });
  const page = await context.newPage();
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  await page.goto('/m');
  const received = page.getByTestId('summary-today-received').locator('[data-value]');
  await expect(received).toHaveText(/^\d+$/);
  await expect(page.getByTestId('summary-trend').locator('rect')).toHaveCount(14);
  await page.waitForLoadState('networkidle');
  const bytes = await transferred(responses);
  console.log(`leaders' first view: ${responses.length} responses, ${(bytes / 1024).toFixed(1)} KB on the wire`);
  expect(bytes).toBeLessThanOrEqual(FIRST_VIEW_BUDGET_BYTES);

  // Nothing sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The demo start wrote weeks of orders before today: the trend has history, not a flat line.
  const { trend } = await trpcQuery<{ trend: Array<{ received: number; closed: number }> }>(page.request, 'summary.leader');
  expect(trend.slice(0, -1).every((d) => d.received > 0 && d.closed > 0)).toBe(true);

  // Two orders registered at the desk now, one of them cancelled (作废) at once: by hand, two more received, one
  // more open, and not one more closed (cancelling stamps a closed time; it is not finishing).
  const value = async (testId: string) => Number(await page.getByTestId(testId).locator('[data-value]').textContent());
  const before = {
    received: await value('summary-today-received'),
    closed: await value('summary-today-closed'),
    open: await value('summary-open'),
  };
  const desk = await playwright.request.newContext({ baseURL });
  await trpcMutation(desk, 'auth.signIn', { username: 'dispatcher', password: demoPassword('dispatcher') });
  await trpcMutation(desk, 'orders.create', {
    source: 'hotline_12345',
    categoryCode: 'sanitation.bin_overflow',
    description: 'e2e：领导速览计数',
    address: '长宁区愚园路1000号',
    location: { lng: 121.4255, lat: 31.2222 },
  });
  const duplicate = await trpcMutation<{ order: { id: number } }>(desk, 'orders.create', {
    source: 'hotline_12345',
    categoryCode: 'other.unclear',
    description: 'e2e：领导速览计数（重复来电）',
    address: '长宁区愚园路1000号',
    location: { lng: 121.4255, lat: 31.2222 },
  });
  const waiting = await trpcQuery<{ order: { version: number; status: string } }>(desk, 'orders.get', { id: duplicate.order.id });
  expect(waiting.order.status).toBe('reviewing');
  await trpcMutation(desk, 'orders.transition', {
    orderId: duplicate.order.id,
    action: 'void',
    note: 'e2e：重复来电',
    expectedVersion: waiting.order.version,
  });
  await desk.dispose();
  await page.getByRole('button', { name: '刷新' }).click();
  await expect(received).toHaveText(String(before.received + 2));
  expect(await value('summary-today-closed')).toBe(before.closed);
  expect(await value('summary-open')).toBe(before.open + 1);

  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('summary-title')).toHaveText('At a glance');
  await context.close();
});

test('the summary is for leaders only: a dispatcher is told so', async ({ page }) => {
  await page.setViewportSize(PHONE.viewport);
  await signIn(page, 'dispatcher');
  await page.goto('/m');
  await expect(page.getByTestId('summary-no-access')).toHaveText('调度员没有领导速览的权限。');
});
