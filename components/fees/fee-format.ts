/** How 清费云 writes its values on screen: quantities with their unit, money in 元 from integer 分, months. */
import { yuan } from '@/domain/fees/money';

type T = (key: string, params?: Record<string, string | number>) => string;

export function quantityText(t: T, quantity: number, unit: 'bin240' | 'tonne'): string {
  return `${quantity} ${t(`fees.unit.${unit}`)}`;
}

export function moneyText(fen: number): string {
  return `¥${yuan(fen)}`;
}

/** "2026-04" as 2026年4月 / Apr 2026. */
export function monthText(t: T, month: string): string {
  const [y, m] = month.split('-').map(Number);
  return t('fees.ui.monthLabel', { y, m, mm: month.slice(5, 7) });
}
