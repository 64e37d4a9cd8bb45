/**
 * The simulated 数电票 platform's documents: the 20-digit number, the invoice PDF (Chinese text, marked simulated)
 * and its XML, from the request OneMap sent. A real platform issues these itself; nothing here is a real invoice.
 */
import { splitTax } from '@/domain/fees/invoice';
import { yuan } from '@/domain/fees/money';
import { shanghaiDay } from '@/domain/shanghai-time';
import { textPdf } from '@/server/fees/text-pdf';
import type { InvoiceRequestMessage as InvoiceRequest, InvoiceResult } from '@/server/fees/invoices.service';

export type { InvoiceRequest };

/** yy + 31 (Shanghai) + 2 (数电票) + 0 + 14 digits of sequence: 20 digits. */
export function simulatedInvoiceNumber(issuedAt: Date, sequence: number): string {
  return `${String(issuedAt.getUTCFullYear()).slice(2)}3120${String(sequence).padStart(14, '0')}`;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function simulatedInvoiceResult(request: InvoiceRequest, number: string, issuedAt: Date): Promise<InvoiceResult> {
  const sign = request.kind === 'red' ? -1 : 1;
  const { netFen, taxFen } = splitTax(request.item.amountFen, request.item.taxRatePercent);
  const heading = request.kind === 'red' ? '电子发票（普通发票）红字' : '电子发票（普通发票）';
  const lines = [
    `发票号码：${number}`,
    `开票日期：${shanghaiDay(issuedAt)}`,
    `购买方：${request.buyer.name}（${request.buyer.taxId}）`,
    `销售方：${request.seller.name}（${request.seller.taxId}）`,
    `项目：${request.item.name}`,
    `金额：${yuan(sign * netFen)} 元  税率：${request.item.taxRatePercent}%  税额：${yuan(sign * taxFen)} 元`,
    `价税合计：${yuan(sign * request.item.amountFen)} 元`,
    `备注：账单 ${request.billCode}${request.originalNumber ? `；红冲原发票 ${request.originalNumber}` : ''}`,
    '（模拟数电票平台开具，仅供演示，不是真实发票）',
  ];
  const pdf = await textPdf({
    title: `${heading} ${number}`,
    heading,
    lines,
    headingColor: request.kind === 'red' ? [0.75, 0, 0] : [0.45, 0.2, 0.05],
  });
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<EInvoice simulated="true" kind="${request.kind}">`,
    `  <Number>${number}</Number>`,
    `  <IssueDate>${shanghaiDay(issuedAt)}</IssueDate>`,
    ...(request.originalNumber ? [`  <OriginalNumber>${request.originalNumber}</OriginalNumber>`] : []),
    `  <Buyer><Name>${escapeXml(request.buyer.name)}</Name><TaxId>${escapeXml(request.buyer.taxId)}</TaxId></Buyer>`,
    `  <Seller><Name>${escapeXml(request.seller.name)}</Name><TaxId>${escapeXml(request.seller.taxId)}</TaxId></Seller>`,
    `  <Item><Name>${escapeXml(request.item.name)}</Name><AmountFen>${sign * netFen}</AmountFen>` +
      `<TaxRatePercent>${request.item.taxRatePercent}</TaxRatePercent><TaxFen>${sign * taxFen}</TaxFen></Item>`,
    `  <TotalFen>${sign * request.item.amountFen}</TotalFen>`,
    `  <Remark>${escapeXml(request.billCode)}</Remark>`,
    '</EInvoice>',
  ].join('\n');
  return {
    result: 'issued',
    requestNo: request.requestNo,
    number,
    issuedAt: issuedAt.toISOString(),
    pdfBase64: Buffer.from(pdf).toString('base64'),
    xml,
    simulated: true,
  };
}
