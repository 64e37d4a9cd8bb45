/**
 * The district knowledge base end to end: an editor writes an entry and proposes it, a different person (the
 * reviewer) approves it against the checklist, and a dispatcher asking on a phone finds it, with its source.
 */
import { expect, signIn, test } from './fixtures';
import { PHONE_CONTEXT } from './trpc-helpers';

test('an entry written, reviewed by another person and published is found by anyone asking', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const mark = `e2e${Date.now() % 100_000}`;
  const title = `共享单车乱停放如何处理（${mark}）`;

  await signIn(page, 'editor', '/knowledge');
  const form = page.getByTestId('knowledge-entry-form');
  await form.getByTestId('entry-title').fill(title);
  await form.getByTestId('entry-questions').fill(`共享单车乱停在人行道上找谁\n${mark} 单车堵路怎么办`);
  await form.getByTestId('entry-answer').fill(`拨打 12345 或在随手拍上报，绿容局会通知运营企业在 2 小时内清理（${mark}）。`);
  await form.getByTestId('entry-save').click();
  await form.getByTestId('entry-propose').click();
  await expect(form.getByText(/已提交审核|proposed/i)).toBeVisible();

  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, 'reviewer', '/knowledge');
  const item = reviewer.getByTestId('review-item').filter({ hasText: mark });
  await expect(item).toBeVisible();
  for (const box of await item.getByRole('checkbox').all()) await box.check();
  await item.getByTestId('review-approve').click();
  await expect(item).toHaveCount(0);
  await reviewerContext.close();

  const phone = await (await browser.newContext(PHONE_CONTEXT)).newPage();
  await signIn(phone, 'dispatcher', '/knowledge/ask');
  await phone.getByTestId('ask-input').fill(`${mark} 单车堵路怎么办`);
  await phone.getByTestId('ask-input').press('Enter');
  const answer = phone.getByTestId('ask-answer').filter({ hasText: mark }).first();
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('2 小时内清理');
  await phone.context().close();
});
