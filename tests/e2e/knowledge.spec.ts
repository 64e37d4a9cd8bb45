/**
 * The district knowledge base end to end: an editor writes an entry, attaches a form and proposes it, a different
 * person (the reviewer) approves it against the checklist, and a dispatcher asking on a phone finds it, with its
 * source, and downloads the form. 采集:
 * an imported 12345 reply and a Word document on the same question are flagged as near-duplicates and merged, the
 * kept entry is approved and answers a question in everyday words first; a question with no answer becomes an
 * editor's task.
 */
import type { Browser, Page } from '@playwright/test';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { expect, signIn, test } from './fixtures';
import { PHONE_CONTEXT, trpcMutation } from './trpc-helpers';

async function approveAsReviewer(browser: Browser, mark: string) {
  const context = await browser.newContext();
  const reviewer = await context.newPage();
  await signIn(reviewer, 'reviewer', '/knowledge');
  const item = reviewer.getByTestId('review-item').filter({ hasText: mark });
  await expect(item).toBeVisible();
  for (const box of await item.getByRole('checkbox').all()) await box.check();
  await item.getByTestId('review-approve').click();
  await expect(item).toHaveCount(0);
  await context.close();
}

async function askOnPhone(phone: Page, question: string) {
  await phone.getByTestId('ask-input').fill(question);
  await phone.getByTestId('ask-input').press('Enter');
}

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
  const draft = page.getByTestId('entry-draft');
  // The entry offers a form to fill in: a Word file with a Chinese name, attached to the draft.
  const formFile = new Document({ sections: [{ children: [new Paragraph(`共享单车乱停放举报表（${mark}）`)] }] });
  await draft.getByTestId('attachment-add').setInputFiles({
    name: '共享单车乱停放举报表.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: Buffer.from(await Packer.toBuffer(formFile)),
  });
  await expect(draft.getByTestId('attachment-item')).toContainText('共享单车乱停放举报表.docx');
  await draft.getByTestId('entry-propose').click();
  await expect(draft.getByText(/已提交审核|proposed/i)).toBeVisible();

  await approveAsReviewer(browser, mark);

  const phone = await (await browser.newContext(PHONE_CONTEXT)).newPage();
  await signIn(phone, 'dispatcher', '/knowledge/ask');
  await askOnPhone(phone, `${mark} 单车堵路怎么办`);
  const answer = phone.getByTestId('ask-answer').filter({ hasText: mark }).first();
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('2 小时内清理');
  // The reader downloads the form under its own name.
  const [download] = await Promise.all([phone.waitForEvent('download'), answer.getByTestId('attachment-download').click()]);
  expect(download.suggestedFilename()).toBe('共享单车乱停放举报表.docx');
  await phone.context().close();
});

test('a 12345 reply and a Word document are merged as near-duplicates, approved, and answer everyday words; an unanswered question becomes a task', async ({
  browser,
  page,
}) => {
  test.setTimeout(150_000);
  const mark = `kb${Date.now() % 100_000}`;
  const code = `E2E-KB-${mark}`;
  const reply = `沿街商铺门前责任区内的垃圾由商铺自行清扫，并投放到指定收集点，不得堆在人行道上（${mark}）。`;

  // A 12345 export with the reply sent to the citizen, imported by the analyst.
  const analyst = await browser.newContext();
  const analystPage = await analyst.newPage();
  await signIn(analystPage, 'analyst', '/hotline');
  const csv = [
    '工单编号,受理时间,问题类别,地址,经度,纬度,问题描述,办结时间,答复内容',
    `${code},2026-11-01 09:30,门前三包,愚园路1000号,121.4262,31.2206,店门口的垃圾到底归谁扫（${mark}）,2026-11-02 09:00,${reply}`,
  ].join('\n');
  const report = await trpcMutation<{ imported: number }>(analystPage.request, 'hotline.import', {
    fileName: '12345答复.csv',
    base64: Buffer.from(csv, 'utf8').toString('base64'),
    mode: 'all',
  });
  expect(report.imported).toBe(1);
  await analyst.close();

  // The editor turns the reply into a 问答 draft, then imports a Word document saying the same.
  await signIn(page, 'editor', '/knowledge');
  const collect = page.getByTestId('knowledge-collect');
  await collect.getByTestId('ticket-candidate').filter({ hasText: code }).getByTestId('ticket-import').click();
  await expect(collect.getByTestId('ticket-draft')).toBeVisible();
  const word = new Document({
    sections: [
      { children: [new Paragraph({ text: `商铺门前垃圾由谁清扫（${mark}）`, heading: HeadingLevel.HEADING_1 }), new Paragraph(reply)] },
    ],
  });
  await collect.getByTestId('collect-document').setInputFiles({
    name: '门前三包答复口径.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: Buffer.from(await Packer.toBuffer(word)),
  });
  const draft = collect.getByTestId('document-draft');
  const similar = draft.getByTestId('similar-item').filter({ hasText: mark });
  await expect(similar).toContainText(/相似度 \d+%/);
  await similar.getByTestId('merge-keep-this').click();
  await expect(draft.getByTestId('merge-done')).toBeVisible();
  await draft.getByTestId('entry-propose').click();
  await expect(draft.getByText('已提交审核')).toBeVisible();

  await approveAsReviewer(browser, mark);

  const phone = await (await browser.newContext(PHONE_CONTEXT)).newPage();
  await signIn(phone, 'dispatcher', '/knowledge/ask');
  await askOnPhone(phone, `我家店门口的垃圾归谁扫 ${mark}`);
  const first = phone.getByTestId('ask-answer').first();
  await expect(first).toContainText(`商铺门前垃圾由谁清扫（${mark}）`);
  await expect(first).toContainText('自行清扫');
  // A question nothing answers is logged and shows on the editors' list.
  const unanswered = `${mark} 量子纠缠报销流程`;
  await askOnPhone(phone, unanswered);
  await expect(phone.getByTestId('ask-unanswered')).toBeVisible();
  await phone.context().close();
  await page.reload();
  await expect(page.getByTestId('knowledge-unanswered')).toContainText(unanswered);
});
