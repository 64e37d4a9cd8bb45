/**
 * 服务结算 end to end (issue 17): the supplier records its September report, delivered one working day late across
 * National Day, and the 3 % deduction appears with its reason; the third party derives September from OneMap's
 * records and accepts the derived quantities, then reviews the 9-month statement; the bureau approves it, the
 * statement's PDF and XLSX carry the same settled total as the screen, and the second payment stops at 70 % of
 * the award (advance + second), with the cap shown.
 */
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

const CONTRACT = 'CN-LR-2026-FW01';

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++)
    text += (await (await doc.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
  return text;
}

/** "1,234.56" (元) as 分. */
const fenOf = (yuanText: string) => BigInt(yuanText.replace(/[¥,\s]/g, '').replace('.', ''));

async function chooseContract(page: Page) {
  const select = page.getByTestId('settlement-contract');
  const value = await select.locator('option', { hasText: CONTRACT }).getAttribute('value');
  await select.selectOption(value!);
}

test('a late report costs 3 %, derived quantities are accepted, the 9-month statement and its payment respect the 70 % cap', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000); // three people in turn: the supplier, the third party and the bureau
  // 1. The supplier: its own contract only; September's report is overdue; it records the paper delivery of 21 October.
  await signIn(page, 'supplier', '/settlement');
  await expect(page.getByTestId('settlement-contract').locator('option')).toHaveCount(1);
  await page.getByTestId('settlement-tab-reports').click();
  const september = page.locator('[data-testid="report-row"][data-period="2026-09"]');
  await expect(september.getByTestId('report-state')).toHaveText(/已逾期未提交/);
  await september.getByTestId('report-open').click();
  await september.getByTestId('report-summary').fill('2026年9月运营报告（纸质件已送第三方）');
  await september.getByTestId('report-offline').check();
  await september.getByTestId('report-delivered-on').fill('2026-10-21');
  await september.getByTestId('report-receipt').fill('SX-2026-0917');
  await september.getByTestId('report-send').click();
  await expect(september.getByTestId('report-deduction')).toContainText('应于 2026-10-20 前提交，2026-10-21 提交，逾期 1 个工作日');
  await expect(september).toHaveAttribute('data-late', 'true');

  // 2. The third party derives September from OneMap's records and accepts the derived quantities.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, 'thirdparty', '/settlement');
  await chooseContract(reviewer);
  await reviewer.getByTestId('settlement-tab-ledger').click();
  await expect(reviewer.getByTestId('ledger-month')).toHaveValue('2026-09');
  await reviewer.getByTestId('ledger-derive').click();
  await expect(reviewer.getByTestId('derive-result')).toContainText('已核算 5 个条目');
  await reviewer.getByTestId('ledger-accept-derived').click();
  const derivedRows = reviewer.locator('[data-testid="ledger-row"][data-decision="derived"]');
  await expect(derivedRows).toHaveCount(5);
  // Every derived quantity is traceable to its records.
  await derivedRows.first().getByRole('button').first().click();
  await expect(reviewer.getByTestId('evidence-list')).toBeVisible();

  // 3. It reviews the 9-month statement: the late report's deduction is there with its reason.
  await reviewer.getByTestId('settlement-tab-statement').click();
  await expect(reviewer.getByTestId('statement-period')).toHaveValue('stage9/S9');
  await reviewer.getByTestId('statement-review').click();
  await expect(reviewer.getByTestId('statement-status')).toContainText('第三方已复核');
  await expect(reviewer.getByTestId('statement-totals')).toContainText(
    '2026-09 月度运营报告应于 2026-10-20 前提交，2026-10-21 提交，逾期 1 个工作日',
  );

  // 4. The bureau approves it; the PDF and the XLSX say the same settled total as the screen.
  const buyer = await (await browser.newContext()).newPage();
  await signIn(buyer, 'buyer', '/settlement');
  await chooseContract(buyer);
  const awarded = fenOf((await buyer.getByTestId('contract-awarded').textContent())!);
  await buyer.getByTestId('settlement-tab-statement').click();
  await buyer.getByTestId('statement-approve').click();
  await expect(buyer.getByTestId('statement-status')).toContainText('已审定');
  const settledText = (await buyer.getByTestId('statement-settled').getByTestId('statement-value').textContent())!.trim();
  const settled = fenOf(settledText);
  expect(settled * 100n).toBeGreaterThan(awarded * 70n);

  const pdf = await buyer.request.get((await buyer.getByTestId('statement-pdf-download').getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(pdf.headers()['content-disposition']).toContain('attachment');
  const text = await pdfText(await pdf.body());
  expect(text).toContain(`结算金额：${settledText}`);
  expect(text).toContain('逾期 1 个工作日');

  const xlsx = await buyer.request.get((await buyer.getByTestId('statement-xlsx').getAttribute('href'))!);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  let sheetSettled: number | null = null;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === '结算金额') sheetSettled = row.getCell(6).value as number;
  });
  expect(sheetSettled).toBe(Number(settledText.replace(/,/g, '')));

  // 5. The second payment: the 9-month amount less the advance, stopped at 70 % of the award, the cap shown.
  await buyer.getByTestId('settlement-tab-payments').click();
  const second = buyer.getByTestId('payment-2');
  await expect(second.getByTestId('payment-cap-note')).toContainText('已按累计上限封顶');
  const advance = (awarded * 5_000n + 5_000n) / 10_000n;
  const cap70 = (awarded * 7_000n + 5_000n) / 10_000n;
  expect(fenOf((await second.getByTestId('payment-amount').textContent())!)).toBe(cap70 - advance);
  await second.getByTestId('payment-invoice').fill('26310000000000000002');
  await second.getByTestId('payment-invoice-date').fill('2026-11-20');
  await second.getByTestId('payment-approve').click();
  await expect(second.getByTestId('payment-paid')).toBeVisible();
});
