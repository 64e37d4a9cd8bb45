import { expect, signIn, test } from './fixtures';

test('a page without a session goes to the sign-in form', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await expect(page.getByRole('heading', { name: '登录 绿容一张图' })).toBeVisible();
});

test('pages run only the scripts carrying their one-time nonce; injected markup runs nothing', async ({ page, policyRefusals }) => {
  const first = await page.goto('/login');
  const policy = first!.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(policy)![1];
  const nonces = await page.locator('script').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(nonces.length).toBeGreaterThan(0);
  expect(new Set(nonces)).toEqual(new Set([nonce]));
  await expect(page.getByRole('heading', { name: '登录 绿容一张图' })).toBeVisible(); // the page's own scripts ran
  const second = await page.goto('/login');
  expect(second!.headers()['content-security-policy']).not.toContain(nonce); // a fresh nonce for every page

  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__injected = 1">'));
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
  expect(policyRefusals.join('\n')).toMatch(/inline event handler|script-src/);
  policyRefusals.length = 0; // this refusal was the point
});

test('a wrong password shows a clear error and stays on the form', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('duty');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveText('用户名或密码错误。');
  await expect(page).toHaveURL(/\/login/);
});

test('the English switch translates the sign-in form', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('heading', { name: 'Sign in to OneMap' })).toBeVisible();
  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('heading', { name: '登录 绿容一张图' })).toBeVisible();
});

test('only the audit administrator reads the audit log, which records sign-ins', async ({ page }) => {
  await signIn(page, 'sysadmin', '/admin');
  await expect(page.getByTestId('admin-users')).toBeVisible();
  await expect(page.getByTestId('admin-audit')).toHaveCount(0);
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/login/);

  await signIn(page, 'auditor', '/admin');
  await expect(page.getByTestId('admin-users')).toHaveCount(0);
  const audit = page.getByTestId('admin-audit');
  await expect(audit).toBeVisible();
  // The sign-in reads as words (登录 · 成功), never as the code the log stores.
  const signInRow = audit.getByTestId('audit-row').filter({ hasText: 'sysadmin' }).filter({ hasText: '登录' }).first();
  await expect(signInRow).toContainText('成功');
  await expect(audit).not.toContainText('auth.sign_in');
  // Filtering by an action shows only that action.
  await audit.getByTestId('audit-filter-action').selectOption('auth.sign_in');
  await expect
    .poll(async () => new Set(await audit.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))))
    .toEqual(new Set(['auth.sign_in']));
});
