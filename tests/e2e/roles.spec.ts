import { demoPassword, expect, fillSignIn, signIn, test } from './fixtures';

test('a fee clerk is told the wall is not for their role, and no map data is fetched', async ({ page }) => {
  const mapRequests: string[] = [];
  page.on('request', (r) => /\/api\/trpc\/map\.|\/map\/data\//.test(r.url()) && mapRequests.push(r.url()));
  await signIn(page, 'fees');
  await expect(page.getByTestId('command-no-access')).toHaveText('您的角色（收费员）不使用指挥大屏。');
  expect(mapRequests).toEqual([]);
});

test('an administrator lands on the administration console after signing in', async ({ page }) => {
  await page.goto('/login');
  await fillSignIn(page, 'secadmin');
  await page.waitForURL('**/admin');
  await expect(page.getByTestId('admin-roles')).toBeVisible();
});

test('a field unit signing in lands on its phone app, and a dispatcher can go from the wall to the dispatch hub', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('field');
  await page.getByLabel('密码').fill(demoPassword('field'));
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/field');

  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/login/);
  await signIn(page, 'dispatcher');
  await page.getByTestId('nav-dispatch').click();
  await page.waitForURL('**/dispatch');
  await expect(page.getByTestId('dispatch-title')).toBeVisible();
});
