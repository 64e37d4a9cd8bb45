'use client';
/** Picks a sub-district (街镇) to zoom the map to it; the first entry returns to the whole district. */
import { useI18n } from '@/components/i18n/i18n-provider';
import type { SubDistrict } from './map-types';

export interface SubDistrictSelectProps {
  subDistricts: readonly SubDistrict[];
  value: string | null;
  onChange(code: string | null): void;
}

export function SubDistrictSelect({ subDistricts, value, onChange }: SubDistrictSelectProps) {
  const { t, locale } = useI18n();
  return (
    <label className="flex w-[15.5rem] shrink-0 items-center gap-2 rounded-lg border border-sky-400/25 bg-slate-950/85 px-2 py-1 text-[0.85rem] shadow-2xl backdrop-blur-sm">
      <span className="text-slate-400">{t('map.subDistrict')}</span>
      <select
        data-testid="subdistrict-select"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        className="min-w-0 flex-1 rounded border border-slate-600 bg-slate-900 px-2 py-[0.2rem] text-slate-100 outline-none focus:border-sky-400"
      >
        <option value="">{t('map.wholeDistrict')}</option>
        {subDistricts.map((s) => (
          <option key={s.code} value={s.code}>
            {locale === 'en' ? s.nameEn || s.name : s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
