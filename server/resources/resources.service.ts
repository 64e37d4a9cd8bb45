/**
 * The resource centre (数据资源中心, seed 003 环卫数据归集应用库): the 绿化 / 环卫 / 市容 facility ledgers (台账) with
 * multi-condition search, counts and densities compared by sub-district (and, for 绿化, the green area counted
 * once where outlines nest), and exports of exactly what the filters select as CSV, XLSX or GeoJSON.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, FacilityKind } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { Locale } from '@/domain/i18n/messages';
import { translate } from '@/domain/i18n/messages';
import { FacilitiesService } from '@/server/facilities/facilities.service';
import type { Table } from '@/server/hotline/export';
import * as repo from './resources.repository';

export const THEMES = ['greening', 'sanitation', 'cityAppearance'] as const;
export type Theme = (typeof THEMES)[number];

/** Which facility kinds each theme holds, in ledger order. Kiosks (自助终端) belong to none of the three. */
export const THEME_KINDS: Record<Theme, readonly FacilityKind[]> = {
  greening: ['park', 'tree'],
  sanitation: ['toilet', 'litter_bin', 'transfer_station', 'road_segment', 'depot'],
  cityAppearance: ['shop', 'occupied_road', 'bench', 'fountain', 'light'],
};

/** Exports stop here: a larger selection is refused with a message rather than cut short silently. */
export const EXPORT_MAX_ROWS = 50_000;
export const LEDGER_PAGE_MAX = 200;

export const ledgerFilterSchema = z.object({
  theme: z.enum(THEMES),
  kind: z.string().max(40).nullish(),
  subDistrictCode: z.string().max(20).nullish(),
  status: z.string().max(40).nullish(),
  origin: z.enum(['all', 'real', 'synthetic']).default('all'),
  text: z.string().trim().max(100).nullish(),
});
export type LedgerFilterInput = z.infer<typeof ledgerFilterSchema>;

export interface LedgerItem {
  id: number;
  kind: FacilityKind;
  code: string;
  name: string;
  address: string | null;
  status: string;
  subDistrictCode: string;
  subDistrictName: string | null;
  subDistrictNameEn: string | null;
  synthetic: boolean;
  areaSquareMeters: number | null;
  position: [number, number];
  updatedAt: Date;
}

export interface IndicatorRow {
  code: string;
  name: string;
  nameEn: string;
  areaKm2: number;
  /** Facilities per kind of the theme. */
  counts: Partial<Record<FacilityKind, number>>;
  /** 绿化 only: green area (union of park outlines, m²) and its share of the sub-district. */
  greenAreaM2?: number;
  greenShare?: number;
}

function toFilter(input: LedgerFilterInput): repo.LedgerFilter {
  const kinds = THEME_KINDS[input.theme];
  if (input.kind && !(kinds as readonly string[]).includes(input.kind)) {
    throw new AppError('BAD_REQUEST', 'data.error.badQuery', `Kind ${input.kind} is not in ${input.theme}`, { detail: input.kind });
  }
  return {
    kinds: input.kind ? [input.kind as FacilityKind] : kinds,
    subDistrictCode: input.subDistrictCode || null,
    status: input.status || null,
    synthetic: input.origin === 'all' ? null : input.origin === 'synthetic',
    text: input.text || null,
  };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function toItem(row: repo.LedgerRow): LedgerItem {
  return {
    id: row.id,
    kind: row.kind,
    code: row.code,
    name: row.name,
    address: row.address,
    status: row.status,
    subDistrictCode: row.sub_district_code,
    subDistrictName: row.sub_district_name,
    subDistrictNameEn: row.sub_district_name_en,
    synthetic: row.synthetic,
    areaSquareMeters: row.area_m2 === null ? null : Number(row.area_m2),
    position: [round6(Number(row.lng)), round6(Number(row.lat))],
    updatedAt: new Date(row.updated_at),
  };
}

export class ResourcesService {
  constructor(private readonly db: Kysely<Database>) {}

  async ledger(input: LedgerFilterInput, afterId: number, limit: number) {
    const filter = toFilter(input);
    const [rows, total, statuses] = await Promise.all([
      repo.ledgerPage(this.db, filter, afterId, Math.min(limit, LEDGER_PAGE_MAX)),
      repo.ledgerCount(this.db, filter),
      repo.statusesOf(this.db, THEME_KINDS[input.theme]),
    ]);
    const items = rows.map(toItem);
    return { items, total, statuses, nextAfterId: items.length === Math.min(limit, LEDGER_PAGE_MAX) ? items[items.length - 1].id : null };
  }

  /** Counts by sub-district for every kind of the theme, densities per km², and for 绿化 the green area. */
  async indicators(theme: Theme): Promise<IndicatorRow[]> {
    const kinds = THEME_KINDS[theme];
    const [counts, areas, greening] = await Promise.all([
      repo.countsBySubDistrict(this.db, kinds),
      repo.subDistrictAreas(this.db),
      theme === 'greening' ? new FacilitiesService(this.db).greening() : null,
    ]);
    return areas.map((a) => {
      const row: IndicatorRow = { code: a.code, name: a.name, nameEn: a.name_en, areaKm2: Number(a.area_m2) / 1e6, counts: {} };
      for (const kind of kinds) row.counts[kind] = 0;
      for (const c of counts) if (c.code === a.code && c.kind) row.counts[c.kind] = Number(c.n);
      const green = greening?.bySubDistrict.find((g) => g.code === a.code);
      if (green) {
        row.greenAreaM2 = green.greenAreaM2;
        row.greenShare = Number(a.area_m2) > 0 ? green.greenAreaM2 / Number(a.area_m2) : 0;
      }
      return row;
    });
  }

  /** What the filters select, at most EXPORT_MAX_ROWS (more is refused), with geometry. */
  async exportRows(input: LedgerFilterInput) {
    const filter = toFilter(input);
    const total = await repo.ledgerCount(this.db, filter);
    if (total > EXPORT_MAX_ROWS) {
      throw new AppError('BAD_REQUEST', 'data.error.tooMany', `${total} rows match; at most ${EXPORT_MAX_ROWS} are exported`, {
        max: EXPORT_MAX_ROWS,
      });
    }
    return repo.exportRows(this.db, filter, EXPORT_MAX_ROWS);
  }
}

type ExportRow = Awaited<ReturnType<ResourcesService['exportRows']>>[number];

/** The ledger as a table for CSV/XLSX, headers and kinds in the reader's language; positions as numbers. */
export function ledgerTable(rows: readonly ExportRow[], locale: Locale): Table {
  const t = (key: string) => translate(locale, key);
  return {
    columns: [
      { key: 'code', title: t('data.col.code') },
      { key: 'name', title: t('data.col.name') },
      { key: 'kind', title: t('data.col.kind') },
      { key: 'subDistrict', title: t('data.col.subDistrict') },
      { key: 'status', title: t('data.col.status') },
      { key: 'address', title: t('data.col.address') },
      { key: 'area', title: t('data.col.area') },
      { key: 'lng', title: 'lng (WGS84)' },
      { key: 'lat', title: 'lat (WGS84)' },
      { key: 'origin', title: t('data.col.origin') },
    ],
    rows: rows.map((r) => {
      const status = translate(locale, `status.${r.status}`);
      return {
        code: r.code,
        name: r.name,
        kind: t(`kind.${r.kind}`),
        subDistrict: (locale === 'en' ? r.sub_district_name_en : r.sub_district_name) ?? r.sub_district_code,
        status: status === `status.${r.status}` ? r.status : status,
        address: r.address,
        area: r.area_m2 === null ? null : Number(r.area_m2),
        lng: round6(Number(r.lng)),
        lat: round6(Number(r.lat)),
        origin: t(r.synthetic ? 'data.origin.synthetic' : 'data.origin.real'),
      };
    }),
  };
}

/** The selection as a GeoJSON FeatureCollection (WGS84), assembled around PostGIS's GeoJSON text. */
export function ledgerGeoJson(rows: readonly ExportRow[]): string {
  const features = rows.map((r) => {
    const properties = {
      ...(r.attrs ?? {}),
      code: r.code,
      name: r.name,
      kind: r.kind,
      status: r.status,
      address: r.address,
      sub_district_code: r.sub_district_code,
      sub_district_name: r.sub_district_name,
      synthetic: r.synthetic,
      ...(r.area_m2 !== null ? { area_m2: Number(r.area_m2) } : {}),
    };
    return `{"type":"Feature","id":${r.id},"geometry":${r.geometry},"properties":${JSON.stringify(properties)}}`;
  });
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
}
