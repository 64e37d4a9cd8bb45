/**
 * The dispatch hub end to end: an order arrives next to the field unit (as a 12345 call registered at the desk,
 * in a category the rules send to a person), the dispatcher finds it in the queue, approves it, sees the nearest
 * handlers ranked with their reasons and lines on the map, and assigns the nearest with one click; the field
 * user, on a phone, sees the task and accepts it and starts; the dispatcher reassigns it (改派, with a reason) to a
 * second handler nearby: the first phone is told at once and drops the task, the second receives it, accepts,
 * photographs the finished work and reports it done; the dispatcher's screen shows each new state live, and the
 * dispatcher checks and closes the order.
 */
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { freeFieldUnit, PHONE, PHONE_CONTEXT, startAndCompleteWithPhoto, trpcMutation, trpcQuery } from './trpc-helpers';

interface SnapshotUnit {
  id: number;
  position: { lng: number; lat: number } | null;
}

/** Where the field user's own unit is now, as the dispatcher's map knows it. */
async function fieldUnitPosition(dispatcher: Page, unitId: number) {
  let position: { lng: number; lat: number } | null = null;
  await expect(async () => {
    const snapshot = await trpcQuery<{ units: SnapshotUnit[] }>(dispatcher.request, 'units.snapshot');
    position = snapshot.units.find((u) => u.id === unitId)?.position ?? null;
    expect(position).not.toBeNull();
  }).toPass();
  return position!;
}

test('a dispatcher assigns the nearest unit, reassigns it in 处置中 to a second phone, which handles it with a photo; the order is closed', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const phoneContext = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const phone = await phoneContext.newPage();
  await signIn(phone, 'field', '/field');
  const me = await trpcQuery<{ unitId: number | null }>(phone.request, 'auth.me');
  expect(me.unitId).not.toBeNull();
  const fieldUnitId = me.unitId!;
  await freeFieldUnit(phone);

  await signIn(page, 'dispatcher', '/dispatch');
  await expect(page.getByTestId('dispatch-map')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('dispatch-live')).toHaveAttribute('data-live', 'true');

  // The order arrives while the screen is open, at the field unit's place; its category waits for a person.
  const at = await fieldUnitPosition(page, fieldUnitId);
  const created = await trpcMutation<{ order: { id: number; code: string } }>(page.request, 'orders.create', {
    source: 'hotline_12345',
    categoryCode: 'other.unclear',
    description: 'e2e：绿化带内堆放杂物，权责待定',
    address: 'e2e 测试地址',
    location: at,
  });
  const { code } = created.order;

  const row = page.locator(`[data-testid="order-row"][data-code="${code}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByTestId('order-detail-code')).toHaveText(code);
  await expect(page.getByTestId('order-timeline').getByTestId('timeline-entry').first()).toBeVisible();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'reviewing');
  await page.getByTestId('order-action-approve').click();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'awaiting_dispatch');

  // The category names no unit kind, so the dispatcher chooses handlers; the nearest comes first, with reasons.
  await page.getByTestId('candidates-unit-kind').selectOption('handler');
  const first = page.getByTestId('candidate').first();
  await expect(first).toHaveAttribute('data-rank', '1');
  await expect(first).toHaveAttribute('data-unit-id', String(fieldUnitId));
  await expect(first.getByTestId('candidate-reasons')).toContainText('公里');
  await first.getByTestId('candidate-assign').click();
  await expect(page.getByTestId('assign-done')).toBeVisible();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'dispatched');
  await expect(page.getByTestId('order-assignments').locator(`[data-unit-id="${fieldUnitId}"]`)).toBeVisible();

  // On the phone: the task is there (pushed to the unit's channel), opened and accepted with one tap.
  const task = phone.locator(`[data-testid="field-task"][data-code="${code}"]`);
  await expect(task).toBeVisible();
  await expect(task.getByTestId('order-clock')).toBeVisible();
  await task.click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'dispatched');
  await phone.getByTestId('field-accept').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'accepted');

  // The dispatcher's screen follows live: state, queue row and timeline.
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'accepted');
  await expect(row).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByTestId('order-timeline').locator('[data-action="accept"]')).toBeVisible();

  // The queue's row names the unit working on it.
  await expect(row.getByTestId('order-row-units')).toBeVisible();

  // The handler starts: 处置中.
  await phone.getByTestId('field-start').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'in_progress');
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'in_progress');

  // A second handler goes on duty fifty metres away (its phone's geolocation), free of earlier tasks.
  const phone2Context = await browser.newContext({
    ...PHONE_CONTEXT,
    geolocation: { longitude: at.lng + 0.0005, latitude: at.lat, accuracy: 8 },
    permissions: ['geolocation'],
  });
  const phone2 = await phone2Context.newPage();
  await signIn(phone2, 'field2', '/field');
  const me2 = await trpcQuery<{ unitId: number | null; displayName: string }>(phone2.request, 'auth.me');
  await freeFieldUnit(phone2);
  await phone2.getByTestId('field-duty-toggle').check();
  await expect(phone2.getByTestId('field-duty')).not.toHaveAttribute('data-reported-at', '');

  // 改派 in 处置中: the dispatcher picks the second handler among the candidates and gives the reason.
  // Its position reaches the database within five seconds of its report; the dispatcher reads the list again until
  // the handler who just came on duty is in it (the list is kept five seconds).
  const second = page.locator(`[data-testid="candidate"][data-unit-id="${me2.unitId}"]`);
  await expect(async () => {
    await page.getByTestId('candidates-unit-kind').selectOption('');
    await page.getByTestId('candidates-unit-kind').selectOption('handler');
    await expect(second).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 45_000 });
  await second.getByTestId('candidate-reassign').click();
  await page.getByTestId('reassign-reason').fill('e2e：原处置人员另有急务');
  await page.getByTestId('reassign-confirm').click();
  // The confirmation names the unit — the very person who signed in on the second phone.
  await expect(page.getByTestId('assign-done')).toContainText(`已改派给 ${me2.displayName}`);
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'dispatched');
  const reassigned = page.getByTestId('order-timeline').locator('[data-action="reassign"]');
  await expect(reassigned).toContainText('李强 · 调度员');
  await expect(reassigned).toContainText('e2e：原处置人员另有急务');

  // The first phone is told at once and the task leaves it; the second phone receives it.
  await expect(phone.getByTestId('field-told')).toHaveAttribute('data-kind', 'withdrawn');
  await expect(phone.getByTestId('field-told')).toContainText(code);
  await expect(phone.locator(`[data-testid="field-task"][data-code="${code}"]`)).toHaveCount(0);
  await expect(phone2.getByTestId('field-new-task')).toContainText(code);
  const task2 = phone2.locator(`[data-testid="field-task"][data-code="${code}"]`);
  await task2.click();
  await expect(phone2.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'dispatched');
  await phone2.getByTestId('field-accept').click();
  await expect(phone2.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'accepted');

  // The second handler starts, photographs the finished work and reports it done; "work done" needs the photo.
  await startAndCompleteWithPhoto(phone2);

  // The dispatcher reviews and closes; the timeline holds every step.
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'awaiting_check');
  await page.getByTestId('order-action-close').click();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'closed');
  for (const action of ['reassign', 'complete', 'close']) {
    await expect(page.getByTestId('order-timeline').locator(`[data-action="${action}"]`)).toBeVisible();
  }
  await expect(page.getByTestId('order-timeline').locator('[data-action="accept"]')).toHaveCount(2);
  await phoneContext.close();
  await phone2Context.close();
});

test('when another dispatcher assigns first, the assignment is refused with the server’s reason', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, 'dispatcher', '/dispatch');
  await expect(page.getByTestId('dispatch-map')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  // An order held for a person, approved, so it waits for dispatch; the dispatcher opens it and its candidates.
  const created = await trpcMutation<{ order: { id: number; code: string; version: number } }>(page.request, 'orders.create', {
    source: 'city_ops',
    categoryCode: 'other.unclear',
    description: 'e2e：同时派单',
    location: { lng: 121.4237, lat: 31.2185 },
  });
  const { id, code } = created.order;
  const approved = await trpcMutation<{ version: number }>(page.request, 'orders.transition', {
    orderId: id,
    action: 'approve',
    expectedVersion: created.order.version,
  });
  await page.locator(`[data-testid="order-row"][data-code="${code}"]`).click();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'awaiting_dispatch');
  await page.getByTestId('candidates-unit-kind').selectOption('handler');
  const candidates = page.getByTestId('candidate');
  await expect(candidates.nth(1)).toBeVisible();

  // Hold this screen's order reads, so it still shows the version it had when the duty officer assigns first.
  const held: Array<() => Promise<void>> = [];
  await page.route('**/api/trpc/orders.**', (route) => {
    held.push(() => route.continue());
  });
  const duty = await browser.newContext();
  const dutyPage = await duty.newPage();
  await signIn(dutyPage, 'duty', '/');
  const otherUnit = Number(await candidates.nth(1).getAttribute('data-unit-id'));
  await trpcMutation(dutyPage.request, 'dispatch.assign', { orderId: id, unitIds: [otherUnit], expectedVersion: approved.version });

  await candidates.first().getByTestId('candidate-assign').click();
  await expect(page.getByTestId('assign-error')).toContainText('王敏');
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await Promise.all(held.map((release) => release().catch(() => undefined)));
  await duty.close();
});
