/**
 * 清费云 end to end: a shop registers on a phone with a one-time code and declares; the clerk verifies it and
 * passes the declaration, the supervisor approves it into a contract; the contract's PDF carries the right
 * amounts; the collection company accepts the month's work order and uploads its volume with one overage, which
 * the ledger highlights and the map's collection-point layer shows; a payment's 数电票 invoice, the bank statement's
 * write-off, a mismatch matched by hand and a refund reversed by a red-letter invoice.
 */
import type { Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { addMonths } from '../../domain/fees/fee-values';
import { yuan } from '../../domain/fees/money';
import { shanghaiDay } from '../../domain/shanghai-time';
import { expect, signIn, test, waitForWall } from './fixtures';
import { PHONE_CONTEXT, trpcMutation, trpcQuery } from './trpc-helpers';

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid 统一社会信用代码 (GB 32100 check character), different each run. */
function creditCode(seed: number): string {
  let body = '92310105';
  for (let n = seed; body.length < 17; n = Math.floor(n / 31) + 7) body += CODE_ALPHABET[n % 31];
  const sum = [...body].reduce((s, c, i) => s + CODE_ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return body + CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
  const page = await doc.getPage(1);
  return (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
}

async function openTab(page: Page, tab: string) {
  await page.getByTestId(`fees-tab-${tab}`).click();
}

test('a payer registers and declares on a phone, the contract follows, and an overage reaches the ledger and the map', async ({
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  const mark = Date.now() % 1_000_000;
  const name = `e2e面馆${mark}`;
  const phoneNumber = `139${String(mark).padStart(8, '0')}`;

  // 1. Registration on a phone: the simulated gateway's code is shown in the demo.
  const phoneContext = await browser.newContext(PHONE_CONTEXT);
  const phone = await phoneContext.newPage();
  await phone.goto('/login/phone');
  await phone.getByTestId('phone-number').fill(phoneNumber);
  await phone.getByTestId('phone-send').click();
  await expect(phone.getByTestId('phone-sent')).toContainText('模拟短信网关');
  await phone.getByTestId('phone-code').fill((await phone.getByTestId('phone-demo-code').textContent())!);
  await phone.getByTestId('phone-submit').click();
  const form = phone.getByTestId('phone-register');
  await form.getByTestId('register-name').fill(name);
  await form.getByTestId('register-credit-code').fill(creditCode(mark));
  await form.getByTestId('register-address').fill('长宁路');
  await form.getByTestId('register-address-options').getByRole('button').first().click();
  await form.getByTestId('register-contact').fill('何老板');
  await form.getByTestId('register-submit').click();
  await phone.waitForURL('**/fees');
  await expect(phone.getByTestId('fees-pending-verification')).toBeVisible();

  // 2. The clerk verifies the new unit.
  await signIn(page, 'fees', '/fees');
  await openTab(page, 'parties');
  await page.getByTestId('pending-party').filter({ hasText: name }).getByTestId('party-verify').click();
  await expect(page.getByTestId('pending-party').filter({ hasText: name })).toHaveCount(0);

  // 3. The payer declares next month's kitchen waste, 20 bins, and submits.
  await phone.reload();
  await expect(phone.getByTestId('fees-pending-verification')).toHaveCount(0);
  await openTab(phone, 'declarations');
  const declareMonth = await phone.getByTestId('declare-month').inputValue();
  await phone.getByTestId('declare-quantity').fill('20');
  await phone.getByTestId('declare-save').click();
  const mine = phone.getByTestId('declaration-row').filter({ hasText: name });
  await expect(mine.getByTestId('declaration-status')).toHaveText('草稿');
  await mine.getByTestId('declaration-submit').click();
  await expect(mine.getByTestId('declaration-status')).toHaveText('已提交');

  // 4. The clerk passes it; the supervisor (another person) approves it into a contract.
  await openTab(page, 'declarations');
  await page.getByTestId('declarations-text').fill(name);
  await page.getByTestId('declaration-row').filter({ hasText: name }).getByTestId('declaration-pass').click();
  await expect(page.getByTestId('declaration-row').filter({ hasText: name })).toHaveCount(0);
  const supervisorContext = await browser.newContext();
  const supervisor = await supervisorContext.newPage();
  await signIn(supervisor, 'feesup', '/fees');
  await openTab(supervisor, 'declarations');
  await supervisor.getByTestId('declarations-text').fill(name);
  await supervisor.getByTestId('declaration-row').filter({ hasText: name }).getByTestId('declaration-approve').click();
  const drawn = supervisor.getByTestId('declaration-contract');
  await expect(drawn).toContainText(/QF-\d{4}-\d{6}/);
  const contractCode = /QF-\d{4}-\d{6}/.exec((await drawn.textContent())!)![0];
  await supervisorContext.close();

  // 5. The clerk signs it into force; its PDF says 20 bins at 25.00 元, 500.00 元 a month.
  await openTab(page, 'contracts');
  await page.getByTestId('contracts-text').fill(contractCode);
  await page.getByTestId('contract-row').filter({ hasText: contractCode }).click();
  const detail = page.getByTestId('contract-detail');
  await expect(detail.getByTestId('contract-monthly-amount')).toHaveText('¥500.00');
  await detail.getByTestId('contract-activate').click();
  await expect(detail).toContainText('履行中');
  const pdfUrl = await detail.getByTestId('contract-pdf').getAttribute('href');
  const pdf = await page.request.get(pdfUrl!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const text = await pdfText(await pdf.body());
  expect(text).toContain(contractCode);
  expect(text).toContain(name);
  expect(text).toContain('每月 20 桶（240升）');
  expect(text).toContain('月度费用：500.00 元');
  // The payer reads its own contract; another payer's does not exist for it.
  const payerPdf = await phone.request.get(`${pdfUrl!}?download=1`);
  expect(payerPdf.status()).toBe(200);
  expect(payerPdf.headers()['content-disposition']).toContain('attachment');

  // 6. The month's work orders go out; the contract's company accepts its order and uploads 30 bins (+50 %).
  await openTab(page, 'clearance');
  await page.getByTestId('clearance-month').fill(declareMonth);
  await page.getByTestId('clearance-issue').click();
  await expect(page.getByTestId('clearance-issued')).toBeVisible();
  const ourOrder = page.locator(`[data-testid="clearance-order"][data-contract="${contractCode}"]`);
  await expect(ourOrder).toHaveCount(1);
  const company = (await ourOrder.textContent())!.includes('沪西') ? 'collector2' : 'collector';
  const companyContext = await browser.newContext(PHONE_CONTEXT);
  const collector = await companyContext.newPage();
  await signIn(collector, company, '/fees');
  await expect(collector.getByTestId('fees-todo-ordersToAccept')).not.toContainText(/^0/);
  await openTab(collector, 'clearance');
  await collector.getByTestId('clearance-month').fill(declareMonth);
  const companyOrder = collector.locator(`[data-testid="clearance-order"][data-contract="${contractCode}"]`);
  await companyOrder.getByTestId('clearance-accept').click();
  await expect(companyOrder).toHaveAttribute('data-status', 'accepted');
  await collector.getByTestId('volumes-file').setInputFiles({
    name: 'volumes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF合同编号,月份,实际清运量\n${contractCode},${declareMonth},30\n`),
  });
  await collector.getByTestId('volumes-check').click();
  await expect(collector.getByTestId('volumes-overage')).toContainText(contractCode);
  await collector.getByTestId('volumes-all').click();
  await expect(collector.getByTestId('volumes-report')).toContainText('已导入 1 行');
  await companyContext.close();

  // 7. The overage is highlighted in the clerk's ledger and on the map.
  await page.reload();
  await openTab(page, 'clearance');
  await page.getByTestId('clearance-month').fill(declareMonth);
  const row = page.locator(`[data-testid="clearance-ledger-row"][data-contract="${contractCode}"]`);
  await expect(row).toHaveAttribute('data-overage', 'yes');
  await expect(row).toContainText('+10');
  await expect(row).toContainText('¥250.00');

  const dutyContext = await browser.newContext();
  const duty = await dutyContext.newPage();
  await signIn(duty, 'duty', '/');
  await waitForWall(duty);
  await duty.getByTestId('layer-toggle-fee-points').click();
  await expect.poll(() => duty.evaluate(() => window.__onemap!.layerIds())).toContain('onemap-fee-points');
  await expect(duty.getByTestId('map-legend')).toContainText('近三月超量');
  const points = await trpcQuery<Array<{ payerName: string; contractState: string; overage: { excess: number } | null }>>(
    duty.request,
    'fees.mapPoints',
  );
  const ours = points.find((p) => p.payerName === name);
  expect(ours).toMatchObject({ contractState: 'active', overage: { excess: 10 } });
  await dutyContext.close();
  await phoneContext.close();
});

test('a payer pays a bill in one tap at the simulated bank, keeps the voucher, and the books still add up', async ({ browser }) => {
  test.setTimeout(120_000);
  const phone = await (await browser.newContext(PHONE_CONTEXT)).newPage();
  await signIn(phone, 'payer', '/fees');
  await expect(phone.getByTestId('fees-todo-billsToPay')).not.toContainText(/^0/);
  await openTab(phone, 'bills');
  const bill = phone.locator('[data-testid="bill-row"][data-status="open"]').first();
  const code = (await bill.getAttribute('data-code'))!;
  await bill.getByTestId('bill-pay').click();
  await expect(bill.getByTestId('bank-panel')).toContainText('模拟银行');
  await bill.getByTestId('bank-confirm').click();
  const paid = phone.locator(`[data-testid="bill-row"][data-code="${code}"]`);
  await expect(paid).toHaveAttribute('data-status', 'paid');
  await paid.getByRole('button').first().click();
  await expect(paid.getByTestId('bill-voucher')).toContainText('SIMBANK');
  const books = await trpcQuery<{ billedFen: number; receivedFen: number; outstandingFen: number }>(phone.request, 'fees.books');
  expect(books.billedFen).toBe(books.receivedFen + books.outstandingFen);
  await phone.context().close();

  // The clerk's statistics by waste type: the totals row adds up to the books over every bill.
  const clerk = await (await browser.newContext()).newPage();
  await signIn(clerk, 'fees', '/fees');
  const all = await trpcQuery<{ billedFen: number; receivedFen: number }>(clerk.request, 'fees.books');
  await openTab(clerk, 'stats');
  await clerk.getByTestId('stats-group').selectOption('wasteType');
  await clerk.getByLabel(/起始月份/).fill('2000-01');
  await clerk.getByLabel(/截止月份/).fill('2100-12');
  await expect(clerk.getByTestId('stats-total')).toContainText(yuan(all.billedFen));
  await expect(clerk.getByTestId('stats-total')).toContainText(yuan(all.receivedFen));
  await expect(clerk.getByTestId('stats-row').first()).toContainText(/湿垃圾|干垃圾|大件垃圾/);
  await clerk.context().close();
});

test('a payment’s invoice arrives and downloads, the statement writes it off, a planted mismatch is matched by hand, and a refund is reversed in red', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  type Bill = { id: number; code: string; amount_fen: number; status: string; payer_name: string };
  // Next month's bills are drawn, so the payer has an open bill whatever ran before.
  const clerk = await (await browser.newContext()).newPage();
  await signIn(clerk, 'fees', '/fees');
  const nextMonth = addMonths(shanghaiDay(new Date()).slice(0, 7), 1);
  await trpcMutation(clerk.request, 'fees.generateBills', { month: nextMonth });
  const clerkOpen = await trpcQuery<Bill[]>(clerk.request, 'fees.bills', { status: 'open', month: nextMonth, limit: 50 });

  // 1. The payer pays an open bill at the simulated bank; the 数电票 platform's invoice appears on the bill.
  const phone = await (await browser.newContext(PHONE_CONTEXT)).newPage();
  await signIn(phone, 'payer', '/fees');
  await openTab(phone, 'bills');
  const [paying] = await trpcQuery<Bill[]>(phone.request, 'fees.bills', { status: 'open', month: nextMonth, limit: 1 });
  const byHand = clerkOpen.find((b) => b.payer_name !== paying.payer_name)!;
  const row = phone.locator(`[data-testid="bill-row"][data-code="${paying.code}"]`);
  await row.getByTestId('bill-pay').click();
  await row.getByTestId('bank-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'paid');
  await row.getByRole('button').first().click();
  const blue = row.locator('[data-testid="invoice-row"][data-kind="blue"]');
  await expect(blue).toHaveAttribute('data-status', 'issued', { timeout: 30_000 });
  const number = (await blue.getByTestId('invoice-number').textContent())!;
  expect(number).toMatch(/^\d{20}$/);
  const download = phone.waitForEvent('download');
  await blue.getByTestId('invoice-pdf').click();
  const pdfPath = await (await download).path();
  const { readFile } = await import('node:fs/promises');
  const text = await pdfText(await readFile(pdfPath));
  expect(text).toContain(number);
  expect(text).toContain(yuan(paying.amount_fen));
  await phone.context().close();

  // 2. The clerk imports the bank statement: the payment is written off; the transfer without a reference waits.
  await openTab(clerk, 'reconcile');
  const memo = `e2e无账单号${Date.now() % 1_000_000}`;
  const csv = [
    '交易日期,金额,对方户名,对方账号,附言',
    `2026-11-20,${yuan(paying.amount_fen).replace(/,/g, '')},${paying.payer_name},6222 0000 1111,缴费 ${paying.code}`,
    `2026-11-21,${yuan(byHand.amount_fen).replace(/,/g, '')},${byHand.payer_name},6222 0000 1111,${memo}`,
  ].join('\n');
  await clerk
    .getByTestId('statement-file')
    .setInputFiles({ name: 'statement.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
  await clerk.getByTestId('statement-check').click();
  await clerk.getByTestId('statement-all').click();
  await expect(clerk.getByTestId('statement-matched')).toContainText('自动核销 1 笔');
  const waiting = clerk.locator('[data-testid="statement-line"]', { hasText: memo });
  await expect(waiting).toHaveAttribute('data-problem', 'no_reference');
  await waiting.getByTestId('line-match').click();
  await waiting.locator(`[data-testid="match-candidate"][data-code="${byHand.code}"]`).check();
  await expect(waiting.getByTestId('match-sum')).toContainText(yuan(byHand.amount_fen));
  await waiting.getByTestId('match-confirm').click();
  await clerk.getByTestId('lines-status').selectOption('written_off');
  await expect(clerk.locator('[data-testid="statement-line"]', { hasText: memo })).toContainText(byHand.code);
  await expect(clerk.locator('[data-testid="statement-line"]', { hasText: paying.code })).toHaveAttribute('data-status', 'written_off');

  // 3. A refund: the clerk requests it with a reason, the supervisor approves, the bank refunds, the invoice goes red.
  await openTab(clerk, 'bills');
  await clerk.getByTestId('bills-search').fill(paying.code);
  const paidRow = clerk.locator(`[data-testid="bill-row"][data-code="${paying.code}"]`);
  await paidRow.getByRole('button').first().click();
  await paidRow.getByTestId('refund-open').click();
  await paidRow.getByTestId('refund-reason').fill('重复缴费，退还');
  await paidRow.getByTestId('refund-submit').click();
  const refundCode = (await paidRow.getByTestId('refund-code').textContent())!;
  const supervisor = await (await browser.newContext()).newPage();
  await signIn(supervisor, 'feesup', '/fees');
  await openTab(supervisor, 'bills');
  const refund = supervisor.locator('[data-testid="refund-row"]', { hasText: refundCode });
  await refund.getByTestId('refund-approve').click();
  await expect(refund).toHaveAttribute('data-status', 'refunded', { timeout: 30_000 });
  await supervisor.context().close();
  await clerk.reload();
  await openTab(clerk, 'invoices');
  await clerk.getByLabel('发票号码、账单号或购买方').fill(paying.code);
  await expect(clerk.locator('[data-testid="invoice-row"][data-kind="red"]')).toHaveAttribute('data-status', 'issued', { timeout: 30_000 });
  await expect(clerk.locator('[data-testid="invoice-row"][data-kind="red"]')).toContainText(number);
  const books = await trpcQuery<{ billedFen: number; receivedFen: number; outstandingFen: number }>(clerk.request, 'fees.books');
  expect(books.billedFen).toBe(books.receivedFen + books.outstandingFen);
  await clerk.context().close();
});
