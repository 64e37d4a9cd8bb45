/**
 * A 12345 ticket end to end, through the real signed partner interface of the simulated hotline: the handler's
 * phone is on duty at a place (its geolocation reported live); a ticket arrives there with its 12345 number; it
 * shows on the wall's orders layer and opens there; the dispatcher clicks it on the map, approves it and sends the
 * nearest handler; on the phone, without network, the handler accepts, photographs the place, starts, photographs
 * the result and reports it done (the moves and the photos wait on the phone, the task moves on there, and all are
 * sent once, in order, when the network is back); the dispatcher sees the photos and closes it; the hotline receives every step and the result,
 * and the timeline holds each step once. Then a patrol report made offline, its place picked on the map and its
 * photo kept on the phone, is registered once with both.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, PHOTO_JPEG, signIn, test, waitForWall } from './fixtures';
import { DEFAULT_LAYER_KEYS } from '../../components/map/layer-catalog';
import { freeFieldUnit, PHONE_CONTEXT, trpcMutation, trpcQuery } from './trpc-helpers';

/** A place by Zhongshan Park where the handler stands (its phone's geolocation) and the ticket is. */
const PLACE = { lng: 121.4183, lat: 31.2156 };
const OTHER_LAYERS = DEFAULT_LAYER_KEYS.filter((key) => key !== 'orders');
/** Another photo (bytes after the JPEG's end are ignored by decoders, not by the content hash). */
const PHOTO_BEFORE = Buffer.concat([PHOTO_JPEG, Buffer.from('before')]);

async function phoneOnDuty(browser: Browser) {
  const context = await browser.newContext({
    ...PHONE_CONTEXT,
    geolocation: { longitude: PLACE.lng, latitude: PLACE.lat, accuracy: 8 },
    permissions: ['geolocation'],
  });
  const phone = await context.newPage();
  await signIn(phone, 'field', '/field');
  await phone.getByTestId('field-duty-toggle').check();
  await expect(phone.getByTestId('field-duty')).not.toHaveAttribute('data-reported-at', '');
  return { context, phone };
}

/** Clicks a place on the page's map (the wall's or the dispatcher's), through the read-only window.__onemap. */
async function clickMapAt(page: Page, place: { lng: number; lat: number }) {
  const point = await page.evaluate(({ lng, lat }) => {
    const map = window.__onemap!.map!;
    const { x, y } = map.project([lng, lat]);
    const box = map.getCanvas().getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }, place);
  await page.mouse.click(point.x, point.y);
}

test('a 12345 ticket arrives signed, shows on the wall, is dispatched from the map, handled offline-first on a phone, and its result reaches the hotline', async ({
  page,
  browser,
}) => {
  test.setTimeout(480_000);
  const { context: phoneContext, phone } = await phoneOnDuty(browser);
  const me = await trpcQuery<{ unitId: number }>(phone.request, 'auth.me');
  await freeFieldUnit(phone);
  // The wall, as the duty officer sees it.
  const wallContext = await browser.newContext();
  const wall = await wallContext.newPage();
  await signIn(wall, 'duty', '/');
  await waitForWall(wall, 150_000);
  await expect(wall.getByTestId('layer-group-dispatch')).toBeVisible();
  const before = await wall.evaluate(() => window.__onemap!.featureCount('onemap-orders'));

  // The hotline sends a ticket through the signed partner interface (the simulated platform, asked by the administrator).
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, 'sysadmin', '/admin');
  await expect(admin.getByTestId('admin-partners')).toBeVisible();
  await expect(admin.locator('[data-testid="partners-simulated-row"][data-partner="hotline_12345"]')).toBeVisible();
  const ticket = await trpcMutation<{ ref: string; code: string; status: number }>(admin.request, 'dispatch.partners.simulateTicket', {
    partner: 'hotline_12345',
    category: 'other.unclear',
    description: '市民来电：中山公园东门外绿化带堆放杂物，权责待定（e2e）',
    address: '长宁区长宁路780号附近',
    location: PLACE,
  });
  expect(ticket.status).toBe(201);
  expect(ticket.ref).toMatch(/^12345-\d{8}-\d{5}$/);

  // On the wall: one more order on the orders layer, live; with only that layer on, a click opens it.
  await expect.poll(() => wall.evaluate(() => window.__onemap!.featureCount('onemap-orders'))).toBe(before + 1);
  for (const key of OTHER_LAYERS) await wall.getByTestId(`layer-toggle-${key}`).uncheck();
  await expect.poll(() => wall.evaluate(() => window.__onemap!.layerIds())).toEqual(['onemap-orders']);
  await clickMapAt(wall, PLACE);
  await expect(wall.getByTestId('detail-order')).toHaveAttribute('data-code', ticket.code);
  await expect(wall.getByTestId('detail-order')).toContainText(ticket.ref);
  // One software-rendered map at a time on this machine.
  await wallContext.close();

  // The dispatcher clicks the order on the map, approves it and sends the nearest handler: the phone on duty there.
  await signIn(page, 'dispatcher', '/dispatch');
  await expect(page.getByTestId('dispatch-map')).toHaveAttribute('data-ready', 'true', { timeout: 150_000 });
  await expect(page.locator(`[data-testid="order-row"][data-code="${ticket.code}"]`)).toBeVisible();
  await expect(async () => {
    const snapshot = await trpcQuery<{ units: Array<{ id: number; position: { lng: number; lat: number } | null }> }>(
      page.request,
      'units.snapshot',
    );
    const unit = snapshot.units.find((u) => u.id === me.unitId);
    expect(unit?.position?.lng).toBeCloseTo(PLACE.lng, 4);
  }).toPass();
  await clickMapAt(page, PLACE);
  await expect(page.getByTestId('order-detail-code')).toHaveText(ticket.code);
  await page.getByTestId('order-action-approve').click();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'awaiting_dispatch');
  await page.getByTestId('candidates-unit-kind').selectOption('handler');
  const first = page.getByTestId('candidate').first();
  await expect(first).toHaveAttribute('data-unit-id', String(me.unitId));
  await first.getByTestId('candidate-assign').click();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'dispatched');

  // On the phone, without network (a basement): accept, start, photograph and finish. Each move waits on the phone
  // and the task moves on there; the photo is kept there; the dispatcher sees none of it yet.
  const task = phone.locator(`[data-testid="field-task"][data-code="${ticket.code}"]`);
  await task.click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'dispatched');
  // The task's map shows the addressed places around it: the base map alone has only the major roads. (Its code and
  // software WebGL take a while on the shared 2-core CI machine.)
  await expect(phone.getByTestId('task-map')).not.toHaveAttribute('data-landmarks', '0', { timeout: 45_000 });
  await phoneContext.setOffline(true);
  await expect(phone.getByTestId('field-live')).toHaveAttribute('data-live', 'false');
  await phone.getByTestId('field-accept').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'accepted');
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-unsent', 'true');
  await expect(phone.getByTestId('field-clock-unsent')).toBeVisible();
  // Before starting, a photo of the place as found; when done, one of the result.
  await phone.getByTestId('field-photo-input').setInputFiles({ name: 'before.jpg', mimeType: 'image/jpeg', buffer: PHOTO_BEFORE });
  await expect(phone.getByTestId('field-photos')).toHaveAttribute('data-waiting', '1');
  await phone.getByTestId('field-start').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'in_progress');
  await expect(phone.getByTestId('field-photos')).toHaveCount(0);
  await phone.getByTestId('field-photo-input').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: PHOTO_JPEG });
  await expect(phone.getByTestId('field-photos')).toHaveAttribute('data-waiting', '1');
  await phone.getByTestId('field-complete').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'awaiting_check');
  await expect(phone.getByTestId('field-queued')).toHaveAttribute('data-moves', 'accept start complete');
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'dispatched');
  // Back online: the photo goes up, then the three moves, in order, each once.
  await phoneContext.setOffline(false);
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-count', '0');
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-unsent', 'false');
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'awaiting_check');
  await expect(phone.getByTestId('field-clock-unsent')).toHaveCount(0);

  // The dispatcher reviews and closes; the timeline holds every step, the acceptance once.
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'awaiting_check');
  await page.getByTestId('order-action-close').click();
  await expect(page.getByTestId('order-detail-status')).toHaveAttribute('data-status', 'closed');
  const timeline = page.getByTestId('order-timeline');
  for (const action of ['create', 'approve', 'dispatch', 'close'])
    await expect(timeline.locator(`[data-action="${action}"]`)).toBeVisible();
  for (const action of ['accept', 'start', 'complete']) await expect(timeline.locator(`[data-action="${action}"]`)).toHaveCount(1);
  // The photos taken offline are the evidence, each with its step, shown to the dispatcher who reviews them.
  for (const action of ['start', 'complete']) {
    const evidence = timeline.locator(`[data-action="${action}"] [data-testid="timeline-photo"]`);
    await expect(evidence).toHaveCount(1);
    await expect.poll(() => evidence.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }

  // The hotline's side received the result and the evidence, in order (reports go out every 15 s).
  await expect(async () => {
    const platforms = await trpcQuery<Array<{ partner: string; reports: Array<{ ref: string; action: string; evidence: number }> }>>(
      admin.request,
      'dispatch.partners.simulated',
    );
    const reports = platforms
      .find((p) => p.partner === 'hotline_12345')!
      .reports.filter((r) => r.ref === ticket.ref)
      .reverse();
    expect(reports.map((r) => r.action)).toEqual(['create', 'approve', 'dispatch', 'accept', 'start', 'complete', 'close']);
    expect(reports.find((r) => r.action === 'complete')?.evidence).toBe(1);
  }).toPass({ timeout: 60_000 });

  await Promise.all([phoneContext.close(), adminContext.close()]);
});

test('a patrol report made without network, its place picked on the map and its photo kept, is registered once with both', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const { context, phone } = await phoneOnDuty(browser);
  const description = `e2e 巡查：人行道乱堆物 ${Date.now()}`;
  await phone.getByTestId('field-report-open').click();
  await phone.getByTestId('field-report-category').selectOption('cityscape.dumping');
  await phone.getByTestId('field-report-description').fill(description);
  await phone.getByTestId('field-report-locate').click();
  const location = phone.getByTestId('field-report-location');
  await expect(location).toHaveAttribute('data-source', 'gps');
  // The pile is across the road: the handler taps its place on the map, off the GPS fix at the map's centre.
  await phone.getByTestId('field-report-pick').click();
  const map = phone.getByTestId('field-report-map');
  await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  const box = (await map.boundingBox())!;
  await phone.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2 - 40);
  await expect(location).toHaveAttribute('data-source', 'map');
  // The map names the addressed place nearest the tap, a landmark to check the spot by.
  await expect(phone.getByTestId('field-report-near')).not.toHaveAttribute('data-landmark', '');
  const picked = { lng: Number(await location.getAttribute('data-lng')), lat: Number(await location.getAttribute('data-lat')) };
  // 60 px east and 40 px north at zoom 16 is some tens of metres: east and north of the fix, still close.
  expect(picked.lng).toBeGreaterThan(PLACE.lng);
  expect(picked.lat).toBeGreaterThan(PLACE.lat);
  expect(picked.lng - PLACE.lng).toBeLessThan(0.002);

  await context.setOffline(true);
  await phone.getByTestId('field-photo-input').setInputFiles({ name: 'pile.jpg', mimeType: 'image/jpeg', buffer: PHOTO_JPEG });
  await expect(phone.getByTestId('field-photos')).toHaveAttribute('data-waiting', '1');
  await phone.getByTestId('field-report-submit').click();
  await expect(phone.getByTestId('field-report-done')).toBeVisible();
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-count', '1');
  await context.setOffline(false);
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-count', '0');

  const dispatcherContext = await browser.newContext();
  const dispatcher = await dispatcherContext.newPage();
  await signIn(dispatcher, 'dispatcher', '/dispatch');
  const orders = await trpcQuery<
    Array<{ id: number; description: string; address: string | null; location: { lng: number; lat: number } | null }>
  >(dispatcher.request, 'orders.list', {
    source: 'patrol',
    limit: 50,
  });
  const mine = orders.filter((o) => o.description === description);
  expect(mine).toHaveLength(1);
  expect(mine[0].location?.lng).toBeCloseTo(picked.lng, 5);
  expect(mine[0].location?.lat).toBeCloseTo(picked.lat, 5);
  // No address was typed: the order is labelled with the nearest 门牌.
  expect(mine[0].address).toMatch(/附近$/);
  const detail = await trpcQuery<{ attachments: Array<{ purpose: string; mediaType: string; contentHash: string }> }>(
    dispatcher.request,
    'orders.get',
    { id: mine[0].id },
  );
  expect(detail.attachments).toEqual([expect.objectContaining({ purpose: 'report', mediaType: 'image/jpeg' })]);
  const photo = await dispatcher.request.get(`/api/uploads/${detail.attachments[0].contentHash}`);
  expect(Buffer.from(await photo.body()).equals(PHOTO_JPEG)).toBe(true);
  await Promise.all([context.close(), dispatcherContext.close()]);
});
