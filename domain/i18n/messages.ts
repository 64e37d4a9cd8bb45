/**
 * All message catalogues merged. Each feature owns a file in ./catalog and is registered here once.
 */
import { adminCatalog } from './catalog/admin';
import { commonCatalog } from './catalog/common';
import { ordersCatalog } from './catalog/orders';
import { liveCatalog } from './catalog/live';
import { mapCatalog } from './catalog/map';
import { dispatchUiCatalog } from './catalog/dispatch-ui';
import { summaryCatalog } from './catalog/summary';
import { cockpitCatalog } from './catalog/cockpit';
import { lightingCatalog } from './catalog/lighting';
import { alarmsCatalog } from './catalog/alarms';
import { fieldPartnersCatalog } from './catalog/field-partners';
import { hotlineCatalog } from './catalog/hotline';
import { positionsCatalog } from './catalog/positions';
import { knowledgeCatalog } from './catalog/knowledge';
import { feesCatalog } from './catalog/fees';
import { feesUiCatalog } from './catalog/fees-ui';
import { feesMoneyCatalog } from './catalog/fees-money';
import { settlementCatalog } from './catalog/settlement';
import { greeningCatalog } from './catalog/greening';
import { workCoverageCatalog } from './catalog/work-coverage';
import { facilityDataCatalog } from './catalog/facility-data';
import { auditCatalog } from './catalog/audit';
import { replayCatalog } from './catalog/replay';

export type Locale = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh';
export const LOCALE_COOKIE = 'onemap-locale';

const catalogs = [
  commonCatalog,
  adminCatalog,
  mapCatalog,
  ordersCatalog,
  liveCatalog,
  dispatchUiCatalog,
  summaryCatalog,
  cockpitCatalog,
  lightingCatalog,
  alarmsCatalog,
  fieldPartnersCatalog,
  hotlineCatalog,
  positionsCatalog,
  knowledgeCatalog,
  feesCatalog,
  feesUiCatalog,
  feesMoneyCatalog,
  settlementCatalog,
  greeningCatalog,
  workCoverageCatalog,
  facilityDataCatalog,
  auditCatalog,
  replayCatalog,
];

export const messages: Record<Locale, Record<string, string>> = {
  zh: Object.assign({}, ...catalogs.map((c) => c.zh)),
  en: Object.assign({}, ...catalogs.map((c) => c.en)),
};

export function parseLocale(value: string | undefined | null): Locale {
  return value === 'en' ? 'en' : DEFAULT_LOCALE;
}

/** Looks a key up and fills `{name}` placeholders; an unknown key shows itself, so it is noticed. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const template = messages[locale][key] ?? messages[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
