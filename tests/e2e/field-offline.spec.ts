/**
 * The field app opens without network: after the phone has dropped the page (reloaded here), /field comes back from
 * its service worker with the last known tasks; a task can be opened (its map says it needs the network) and
 * accepted; the session runs out meanwhile, so back online the move waits for the handler to sign in again (not
 * refused, not lost) and is then sent once. Signing out takes the copies off the phone.
 */
import { demoPassword, expect, signIn, test } from './fixtures';
import { freeFieldUnit, PHONE_CONTEXT, trpcMutation, trpcQuery } from './trpc-helpers';

const CACHE = 'onemap-field';

test('the field app opens offline with its last known tasks, and a move made then is sent when the network is back', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const context = await browser.newContext(PHONE_CONTEXT);
  const phone = await context.newPage();
  await signIn(phone, 'field', '/field');
  const me = await trpcQuery<{ unitId: number | null }>(phone.request, 'auth.me');
  expect(me.unitId).not.toBeNull();
  await freeFieldUnit(phone);

  // A dispatcher sends the field unit a task.
  const office = await browser.newContext();
  const dispatcher = await office.newPage();
  await signIn(dispatcher, 'dispatcher', '/dispatch');
  const created = await trpcMutation<{ order: { id: number; code: string; version: number } }>(dispatcher.request, 'orders.create', {
    source: 'patrol',
    categoryCode: 'other.unclear',
    description: 'e2e：离线打开任务',
    address: 'e2e 离线测试地址',
    location: { lng: 121.4183, lat: 31.2156 },
  });
  const reviewed = await trpcQuery<{ order: { version: number; status: string } }>(dispatcher.request, 'orders.get', {
    id: created.order.id,
  });
  expect(reviewed.order.status).toBe('reviewing');
  const approved = await trpcMutation<{ version: number }>(dispatcher.request, 'orders.transition', {
    orderId: created.order.id,
    action: 'approve',
    expectedVersion: reviewed.order.version,
  });
  await trpcMutation(dispatcher.request, 'dispatch.assign', {
    orderId: created.order.id,
    unitIds: [me.unitId],
    expectedVersion: approved.version,
  });

  const task = phone.locator(`[data-testid="field-task"][data-code="${created.order.code}"]`);
  await expect(task).toBeVisible();
  // The offline shell takes charge and keeps a copy of the task list and of each task.
  await expect.poll(() => phone.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const kept = () => phone.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), CACHE);
  await expect.poll(kept).toEqual(expect.arrayContaining(['/field', '/__field-kept/trpc/orders.mine', '/__field-kept/trpc/orders.myTask']));

  // No network, and the page is gone: it opens again from the phone, the tasks answered from the kept copies.
  await context.setOffline(true);
  const answeredOffline = phone.waitForResponse((r) => r.url().includes('/api/trpc/') && r.headers()['x-onemap-offline'] === '1');
  await phone.reload();
  await answeredOffline;
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-online', 'false');
  await task.click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'dispatched');
  await expect(phone.getByTestId('field-map-offline')).toBeVisible();
  await phone.getByTestId('field-accept').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-unsent', 'true');
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-count', '1');

  // Meanwhile the session ran out (it lasts 12 hours). Back online, the acceptance waits for the handler to sign in
  // again instead of being refused; once signed in, it is sent, once; the task's map loads.
  await context.clearCookies();
  await context.setOffline(false);
  const signInAgain = phone.getByTestId('field-queue-sign-in');
  await expect(signInAgain).toBeVisible();
  // Known to be signed out, the phone sends nothing (each try would only be refused) until the handler signs in.
  const sentWhileSignedOut: string[] = [];
  const countRequest = (request: { url(): string }) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/') || path.startsWith('/socket.io')) sentWhileSignedOut.push(path);
  };
  phone.on('request', countRequest);
  await phone.waitForTimeout(5_000);
  phone.off('request', countRequest);
  expect(sentWhileSignedOut).toEqual([]);
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-count', '1');
  await expect(phone.getByTestId('field-queue-refused')).toHaveCount(0);
  await signInAgain.click();
  await phone.getByLabel(/用户名|User name/).fill('field');
  await phone.getByLabel(/密码|Password/).fill(demoPassword('field'));
  await phone.getByRole('button', { name: /登录|Sign in/ }).click();
  await phone.waitForURL((url) => url.pathname === '/field');
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-count', '0');
  await task.click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-unsent', 'false');
  const after = await trpcQuery<{ order: { status: string }; timeline: Array<{ action: string }> }>(dispatcher.request, 'orders.get', {
    id: created.order.id,
  });
  expect(after.order.status).toBe('accepted');
  expect(after.timeline.filter((e) => e.action === 'accept')).toHaveLength(1);
  await expect(phone.getByTestId('task-map')).toBeVisible();

  // Signing out takes the copies off the phone.
  await phone.getByRole('button', { name: /退出登录/ }).click();
  await phone.waitForURL((url) => url.pathname === '/login');
  expect(await phone.evaluate((name) => caches.has(name), CACHE)).toBe(false);
  await Promise.all([context.close(), office.close()]);
});

test('an idle field page stays still: a few renders a second at most', async ({ browser }) => {
  const context = await browser.newContext(PHONE_CONTEXT);
  // React reports every commit to a devtools hook when one is present: count them.
  await context.addInitScript(() => {
    const counter = { commits: 0 };
    Object.assign(window, {
      __commits: counter,
      __REACT_DEVTOOLS_GLOBAL_HOOK__: {
        supportsFiber: true,
        renderers: new Map(),
        inject: () => 1,
        onCommitFiberRoot: () => void counter.commits++,
        onCommitFiberUnmount: () => undefined,
        onPostCommitFiberRoot: () => undefined,
        checkDCE: () => undefined,
      },
    });
  });
  const phone = await context.newPage();
  await signIn(phone, 'field', '/field');
  await expect(phone.getByTestId('field-queue')).toHaveAttribute('data-online', 'true');
  await phone.waitForTimeout(3_000); // first loads settle
  const commits = () => phone.evaluate(() => (window as unknown as { __commits: { commits: number } }).__commits.commits);
  const before = await commits();
  await phone.waitForTimeout(5_000);
  const perSecond = ((await commits()) - before) / 5;
  expect(before).toBeGreaterThan(0); // the hook sees this React at all
  expect(perSecond).toBeLessThanOrEqual(3);
  await context.close();
});
