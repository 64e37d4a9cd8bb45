/** An area as people read it: square metres below a hectare, hectares (one decimal) above. */
import { formatNumber } from '@/domain/i18n/format';
import type { Locale } from '@/domain/i18n/messages';

type Translate = (key: string, params?: Record<string, string | number>) => string;

const SQUARE_METERS_PER_HECTARE = 10_000;

export function formatArea(t: Translate, squareMeters: number, locale: Locale): string {
  return squareMeters < SQUARE_METERS_PER_HECTARE
    ? t('greening.area.m2', { value: formatNumber(Math.round(squareMeters), locale) })
    : t('greening.area.ha', { value: formatNumber(squareMeters / SQUARE_METERS_PER_HECTARE, locale, 1) });
}
