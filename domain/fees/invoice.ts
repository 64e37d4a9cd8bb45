/**
 * 数电票 (fully digital e-invoice) values for 清费云 (issue 16). An invoice carries the bill's amount including
 * tax; the tax inside it is split off with the one rounding rule of the fee chain: half up, to the 分, computed
 * in integers (amount × rate ÷ (100 + rate)), so the parts always add back to the amount. A red-letter invoice
 * (红冲) reverses a blue one in full. Pure.
 */

/** 现代服务—生活垃圾清运处置: the VAT rate of the collection service, in whole percent. */
export const INVOICE_TAX_RATE_PERCENT = 6;
export const INVOICE_ITEM_NAME = '*现代服务*生活垃圾清运处置服务费';

/** A 数电票 number: 20 digits. */
export const INVOICE_NUMBER_PATTERN = /^[0-9]{20}$/;

/** Integer division rounding half up (both operands positive integers). */
export function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** The tax inside an amount that includes it, and the amount before tax; net + tax = amount, to the 分. */
export function splitTax(amountFen: number, ratePercent = INVOICE_TAX_RATE_PERCENT): { netFen: number; taxFen: number } {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`amount ${amountFen} is not a whole number of 分`);
  const taxFen = divideHalfUp(amountFen * ratePercent, 100 + ratePercent);
  return { netFen: amountFen - taxFen, taxFen };
}
