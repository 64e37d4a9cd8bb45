/**
 * A real phone's path: the system administrator issues a device key in the console, and a Traccar Client
 * (OsmAnd protocol) report with that key is accepted, while a wrong key is refused with a clear message.
 */
import { expect, signIn, test } from './fixtures';

test('a key issued in the console lets a phone report its position over the OsmAnd protocol', async ({ page, request }) => {
  await signIn(page, 'sysadmin', '/admin');
  const panel = page.getByTestId('admin-device-keys');
  await panel.getByLabel(/单元编号/).fill('VEH-0001');
  await panel.getByRole('button', { name: '签发新密钥' }).click();
  const key = (await panel.getByTestId('device-key').textContent())!.trim();
  expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);

  const timestamp = Math.floor(Date.now() / 1000);
  const good = await request.get(
    `/api/ingest/osmand?id=VEH-0001&key=${encodeURIComponent(key)}&lat=31.2200&lon=121.4200&timestamp=${timestamp}&speed=10&bearing=90`,
  );
  expect(good.status()).toBe(200);

  const wrong = await request.get(`/api/ingest/osmand?id=VEH-0001&key=not-the-key&lat=31.2200&lon=121.4200&timestamp=${timestamp}`);
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).error.message).toMatch(/key/i);

  const outside = await request.get(
    `/api/ingest/osmand?id=VEH-0001&key=${encodeURIComponent(key)}&lat=95&lon=121.42&timestamp=${timestamp}`,
  );
  expect(outside.status()).toBe(400);
});
