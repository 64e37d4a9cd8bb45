/** Order codes: LRyyyymmdd-nnnnnn, the Shanghai day of intake and that day's running number (绿容 = LR). */
export const ORDER_CODE_PATTERN = /^LR\d{8}-\d{6,}$/;

export function formatOrderCode(shanghaiDay: string, dayNumber: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(shanghaiDay)) throw new Error(`formatOrderCode: day must be yyyy-mm-dd, got ${shanghaiDay}`);
  if (!Number.isInteger(dayNumber) || dayNumber < 1)
    throw new Error(`formatOrderCode: number must be a positive integer, got ${dayNumber}`);
  return `LR${shanghaiDay.replaceAll('-', '')}-${String(dayNumber).padStart(6, '0')}`;
}
