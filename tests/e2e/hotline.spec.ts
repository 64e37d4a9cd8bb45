/**
 * 12345 hotline analysis end to end, on the first start's synthetic history: the analyst picks the last 30 days,
 * sees the statistics and the emerging hotspots, drills from a sub-district through a category and a place down
 * to one ticket's timeline, exports the place's tickets as CSV (the file's rows are the ones on screen), and turns
 * an emerging hotspot into a preventive work order with one click.
 */
import { readFileSync } from 'node:fs';
import { expect, signIn, test } from './fixtures';

test('an analyst finds the hotspots of the last 30 days, drills down to a ticket and exports', async ({ page }) => {
  test.setTimeout(180_000); // the shared test machine can take a minute to draw the map
  await signIn(page, 'analyst', '/hotline');
  await expect(page.getByTestId('hotline-title')).toBeVisible();

  const tickets = page.getByTestId('kpi-tickets').locator('[data-value]');
  await expect(tickets).not.toHaveText('—');
  const weekCount = Number((await tickets.innerText()).replace(/\D/g, ''));
  await page.getByTestId('hotline-preset-30').click();
  await expect(page.getByTestId('hotline-preset-30')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => Number((await tickets.innerText()).replace(/\D/g, ''))).toBeGreaterThan(weekCount);
  await expect(page.getByTestId('emerging-cell').first()).toBeVisible();

  // District → sub-district → category → place → tickets → one ticket.
  const firstSub = page.locator('[data-testid^="drill-sub-"]').first();
  const subName = (await firstSub.locator('[data-label]').innerText()).trim();
  await firstSub.click();
  await expect(page.getByTestId('drill-crumbs')).toContainText(subName);
  await page.locator('[data-testid^="drill-cat-"]').first().click();
  const place = page.getByTestId('drill-place').first();
  const address = (await place.locator('[data-label]').innerText()).trim();
  await place.click();
  await expect(page.getByTestId('drill-crumbs')).toContainText(address);
  const rows = page.getByTestId('drill-ticket');
  await expect(rows.first()).toBeVisible();
  const shownCodes = (await rows.locator('[data-label]').allInnerTexts()).map((text) => text.split(' · ')[0].trim());

  // Export what is on screen: the place's tickets.
  const download = page.waitForEvent('download');
  await page.getByTestId('hotline-export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^12345-tickets-.*\.csv$/);
  const text = readFileSync((await file.path()) as string, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r\n/);
  expect(lines[0]).toContain('工单编号');
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(shownCodes);
  expect(lines.slice(1).every((l) => l.includes(address))).toBe(true);

  await rows.first().click();
  const timeline = page.getByTestId('ticket-timeline');
  await expect(timeline.locator('li[data-kind="received"]')).toHaveCount(1);
  await expect(timeline.locator('li[data-kind="due"]')).toHaveCount(1);
  await expect(page.getByTestId('ticket-detail')).toContainText(shownCodes[0]);
  await expect(page.getByTestId('ticket-detail')).toContainText(address);

  // From an emerging hotspot, one click makes a preventive work order.
  await page.getByTestId('emerging-cell').first().click();
  await expect(page.getByTestId('hotspot-place').first()).toBeVisible();
  await page.getByTestId('hotspot-order').click();
  await expect(page.getByTestId('hotspot-order-created')).toContainText(/已生成工单 \S+/);
  // The hexbins are drawn on the offline base map (it loads slowly on a busy machine).
  await expect(page.getByTestId('hotline-map')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
});

test('an import with bad rows reports them by row and loses nothing; importing the valid rows then works', async ({ page }) => {
  const header = '工单编号,受理时间,问题类别,地址,经度,纬度,所属街镇,问题描述,响应时间,办结时间,办结时限,满意度';
  const address = '愚园路1000号（导入演示）';
  const rows = [
    `E2E-001,2026-11-01 09:30,占道经营,${address},121.4262,31.2206,,,,2026-11-02 09:00,,5`,
    `E2E-002,2026-11-31 09:30,占道经营,${address},121.4262,31.2206,,,,,,`,
    `E2E-003,2026-11-02 10:00,垃圾满溢,${address},121.4262,31.2206,,,,,,`,
    `E2E-004,2026-11-03 10:00,飞碟降落,${address},121.4262,31.2206,,,,,,`,
  ];
  const file = { name: '12345导出.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${rows.join('\n')}\n`, 'utf8') };
  await signIn(page, 'analyst', '/hotline');
  await page.getByTestId('hotline-import-open').click();
  await page.getByTestId('hotline-import-file').setInputFiles(file);
  await page.getByTestId('hotline-import-check').click();
  const errors = page.getByTestId('hotline-import-errors');
  await expect(errors.locator('tr[data-row="3"]')).toContainText('受理时间');
  await expect(errors.locator('tr[data-row="5"]')).toContainText('未知的问题类别“飞碟降落”');
  await expect(page.getByTestId('hotline-import-summary')).toContainText('共 4 行：2 行有效，2 行有问题');

  // "Import all" while rows are bad writes nothing.
  await page.getByTestId('hotline-import-all').click();
  await expect(page.getByTestId('hotline-import-summary')).toContainText('2 行有问题');
  const placeTickets = async () => {
    const input = encodeURIComponent(
      JSON.stringify({ json: { filter: { from: '2026-11-01', to: '2026-11-30' }, placeKey: '愚园路1000号(导入演示)' } }),
    );
    const response = await page.request.get(`/api/trpc/hotline.tickets?input=${input}`);
    expect(response.ok()).toBe(true);
    return ((await response.json()) as { result: { data: { json: unknown[] } } }).result.data.json.length;
  };
  expect(await placeTickets()).toBe(0);

  await page.getByTestId('hotline-import-valid').click();
  await expect(page.getByTestId('hotline-import-summary')).toContainText('已导入 2 行，跳过 2 行');
  expect(await placeTickets()).toBe(2);
});
