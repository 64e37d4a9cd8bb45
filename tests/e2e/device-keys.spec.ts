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
  expect(await good.json()).toEqual({ outcome: 'applied' });
  // The identifier the console shows carries the key: what a legacy iPhone app sends, its URL query replaced.
  const identifier = (await panel.getByTestId('device-identifier').textContent())!.trim();
  expect(identifier).toBe(`VEH-0001:${key}`);
  const fromIphone = await request.post(
    `/api/ingest/osmand?id=${encodeURIComponent(identifier)}&timestamp=${timestamp + 1}&lat=31.2201&lon=121.4201&speed=0&bearing=0&altitude=0&accuracy=5&batt=64`,
  );
  expect(await fromIphone.json()).toEqual({ outcome: 'applied' });

  const wrong = await request.get(`/api/ingest/osmand?id=VEH-0001&key=not-the-key&lat=31.2200&lon=121.4200&timestamp=${timestamp}`);
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).error.message).toMatch(/key/i);

  const outside = await request.get(
    `/api/ingest/osmand?id=VEH-0001&key=${encodeURIComponent(key)}&lat=95&lon=121.42&timestamp=${timestamp}`,
  );
  expect(outside.status()).toBe(400);
});

test('an Open311 key issued in the registry files a request, shows its last use, and stops working once withdrawn', async ({
  page,
  request,
}) => {
  await signIn(page, 'sysadmin', '/admin');
  const panel = page.getByTestId('admin-outside-clients');
  await panel.getByTestId('client-kind').selectOption('open311');
  await panel.getByTestId('client-name').fill('e2e 随手拍客户端');
  await panel.getByTestId('client-issue').click();
  const apiKey = (await panel.getByTestId('client-key').textContent())!.trim();
  const row = panel.locator('[data-testid="client-row"][data-name="e2e 随手拍客户端"]');
  await expect(row).toContainText('从未使用');

  // A place of its own (古北): the wall specs click their own places, and an order here must not be under them.
  const form = { api_key: apiKey, service_code: 'lighting.not_lit', lat: '31.2000', long: '121.3980', description: 'e2e：路灯不亮' };
  const filed = await request.post('/open311/v2/requests.json', { form });
  expect(filed.status()).toBe(201);
  await page.reload();
  await expect(row).not.toContainText('从未使用');

  await row.getByTestId('client-withdraw').click();
  await expect(row).toContainText('已收回');
  expect((await request.post('/open311/v2/requests.json', { form })).status()).toBe(403);
});
