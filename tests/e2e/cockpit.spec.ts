/**
 * The disposal center's cockpit in the browser: the four boards show the center's (simulated) data and the
 * live meter value changes while the duty officer watches; a hidden danger reported with a photo is
 * dispatched as a work order, its rectification submitted with a photo and accepted online. Then lighting:
 * faulty lights selected on /lighting become repair orders in one click, and are not offered again.
 */
import { expect, PHOTO_JPEG as PHOTO, signIn, test } from './fixtures';

test('the cockpit boards show live data: the main meter value changes while watching', async ({ page }) => {
  await signIn(page, 'duty', '/cockpit');
  await expect(page.getByTestId('cockpit-title')).toContainText('废弃物综合处置中心');
  await expect(page.getByTestId('cockpit-synthetic')).toHaveText('模拟数据');
  for (const board of ['board-safety', 'board-equipment', 'board-energy', 'board-alarms'])
    await expect(page.getByTestId(board)).toBeVisible();
  // The seeded charging pile at fault is on the alarm board and the equipment board.
  await expect(page.getByTestId('alarm-item').filter({ hasText: 'FQ-CD-004' })).toBeVisible();
  await expect(page.getByTestId('equipment-fault').locator('[data-value]')).toHaveText('1');
  await expect(page.getByTestId('environment-table').locator('tr')).toHaveCount(12);

  // The equipment archive answers a search by tag or type.
  await page.getByTestId('equipment-archive-open').click();
  await page.getByTestId('equipment-search').fill('充电');
  await expect(page.getByTestId('equipment-row')).toHaveCount(6);
  await page.getByTestId('equipment-archive-modal').getByRole('button', { name: '取消' }).click();

  const rate = page.getByTestId('meter-FQ-NH-001').getByTestId('meter-rate');
  await expect(rate).toContainText('kWh/h');
  const first = await rate.textContent();
  await expect.poll(async () => rate.textContent(), { timeout: 20_000 }).not.toBe(first);
});

test('a hidden danger reported with a photo is dispatched as a work order and accepted online', async ({ page }) => {
  await signIn(page, 'duty', '/cockpit');
  await page.getByTestId('hazard-report-open').click();
  const form = page.getByTestId('hazard-report-form');
  await form.getByTestId('hazard-title').fill('卸料口护栏松动');
  await form.getByTestId('hazard-place').fill('卸料大厅2#口');
  await form.getByTestId('hazard-description').fill('护栏螺栓缺失两枚，车辆倒车时有坠落风险');
  await form.getByTestId('hazard-grade').selectOption('major');
  // Without a photo the report is refused with a message.
  await form.getByTestId('hazard-submit').click();
  await expect(form.getByTestId('hazard-error')).toContainText('照片');
  await form.getByTestId('field-photo-input').setInputFiles({ name: 'hazard.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await expect(form.getByTestId('field-photos')).toHaveAttribute('data-count', '1');
  await form.getByTestId('hazard-submit').click();
  await expect(page.getByTestId('hazard-report-modal')).toBeHidden();

  const item = page.getByTestId('hazard-item').filter({ hasText: '卸料口护栏松动' });
  await expect(item).toHaveAttribute('data-status', 'reported');
  await expect(page.getByTestId('hazards-open').locator('[data-value]')).toHaveText('1');
  await item.getByTestId('hazard-dispatch').click();
  await expect(item).toHaveAttribute('data-status', 'dispatched');
  await expect(item.getByTestId('hazard-order')).toContainText(/工单 LR\d{8}-\d+（/);

  await item.getByTestId('hazard-open-rectify').click();
  const rectify = page.getByTestId('hazard-rectify-form');
  await rectify.getByTestId('field-photo-input').setInputFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await expect(rectify.getByTestId('field-photos')).toHaveAttribute('data-count', '1');
  await rectify.getByTestId('hazard-rectify-submit').click();
  await expect(item).toHaveAttribute('data-status', 'awaiting_acceptance');
  await item.getByTestId('hazard-accept').click();
  await expect(item).toHaveAttribute('data-status', 'accepted');
  await expect(item.getByTestId('hazard-status')).toHaveText('已验收');
  await expect(page.getByTestId('hazards-open').locator('[data-value]')).toHaveText('0');

  // The ledger lists it, accepted, with its order.
  const ledger = await page.request.get('/api/cockpit/hazards/ledger.csv');
  expect(ledger.status()).toBe(200);
  expect(await ledger.text()).toMatch(/卸料口护栏松动,重大隐患,.*已验收,否,LR\d{8}-\d+/);
});

test('faulty lights become repair orders in one click, and are not offered twice', async ({ page }) => {
  await signIn(page, 'duty', '/lighting');
  await expect(page.getByTestId('lighting-title')).toContainText('景观灯光');
  const items = page.getByTestId('lighting-faulty-item');
  await expect(items.first()).toBeVisible();
  const firstTwo = [await items.nth(0).getAttribute('data-code'), await items.nth(1).getAttribute('data-code')];
  await items.nth(0).locator('input[type=checkbox]').check();
  await items.nth(1).locator('input[type=checkbox]').check();
  await page.getByTestId('lighting-batch-repair').click();
  await expect(page.getByTestId('lighting-batch-result')).toContainText('已生成 2 张工单');
  for (const code of firstTwo) {
    const row = page.locator(`[data-testid="lighting-faulty-item"][data-code="${code}"]`);
    await expect(row.getByTestId('lighting-open-order')).toContainText(/工单 LR\d{8}-\d+/);
    await expect(row.locator('input[type=checkbox]')).toBeDisabled();
  }
});

test('a holiday lighting plan proposed by the duty officer takes effect only when a leader approves it', async ({ page, browser }) => {
  await signIn(page, 'duty', '/lighting');
  await page.getByTestId('lighting-plans').getByRole('button', { name: '拟定方案' }).click();
  const form = page.getByTestId('lighting-plan-form');
  await form.getByPlaceholder(/方案名称/).fill('2027年元旦景观亮化保障');
  await form.getByLabel('开始日期').fill('2026-12-31');
  await form.getByLabel('结束日期').fill('2027-01-02');
  await form.getByRole('button', { name: '提交审批' }).click();
  const plan = page.getByTestId('lighting-plan').filter({ hasText: '2027年元旦景观亮化保障' });
  await expect(plan).toHaveAttribute('data-status', 'proposed');
  // The duty officer cannot approve (no button); a leader can.
  await expect(plan.getByRole('button', { name: '批准' })).toHaveCount(0);

  const leaderContext = await browser.newContext();
  const leader = await leaderContext.newPage();
  await signIn(leader, 'leader', '/lighting');
  const leaderPlan = leader.getByTestId('lighting-plan').filter({ hasText: '2027年元旦景观亮化保障' });
  await leaderPlan.getByRole('button', { name: '批准' }).click();
  await expect(leaderPlan).toHaveAttribute('data-status', 'approved');
  await leaderContext.close();
});
