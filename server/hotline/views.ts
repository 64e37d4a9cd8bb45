/**
 * The analysis views as tables with names (category and sub-district names joined in), for the screen and for
 * exports alike, so a downloaded file always says what the screen said.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { aggregate, hotlineNames, places, repeatedPlaces, type TicketFilter, ticketList } from './analysis.repository';
import { hotspots, summarise } from './analysis.service';
import type { Table } from './export';

export type ExportView = 'sub_districts' | 'categories' | 'hotspots' | 'places' | 'tickets' | 'repeated';

export interface Names {
  categories: Map<string, string>;
  subDistricts: Map<string, string>;
}

export async function loadNames(db: Kysely<Database>): Promise<Names> {
  const { categories, subDistricts } = await hotlineNames(db);
  return {
    categories: new Map(categories.map((c) => [c.code, c.name_zh])),
    subDistricts: new Map(subDistricts.map((s) => [s.code, s.name])),
  };
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

const STAT_COLUMNS = [
  { key: 'tickets', title: '工单数 Tickets' },
  { key: 'overdue', title: '超时 Overdue' },
  { key: 'overdueRate', title: '超时率% Overdue %' },
  { key: 'avgResponseMinutes', title: '平均响应(分) Avg response (min)' },
  { key: 'avgSatisfaction', title: '平均满意度 Avg satisfaction' },
];

export interface ViewParams {
  filter: TicketFilter;
  placeKey?: string;
  cell?: string;
  minTickets?: number;
  days?: number;
}

export async function viewTable(db: Kysely<Database>, view: ExportView, params: ViewParams): Promise<Table> {
  const names = await loadNames(db);
  const { filter } = params;
  const cat = (code: string | undefined) => (code ? (names.categories.get(code) ?? code) : '');
  const sub = (code: string | undefined) => (code ? (names.subDistricts.get(code) ?? code) : '');
  switch (view) {
    case 'sub_districts':
    case 'categories': {
      const key = view === 'sub_districts' ? 'sub_district_code' : 'category_code';
      const rows = (await aggregate(db, filter, [key])).sort((a, b) => b.tickets - a.tickets);
      return {
        columns: [
          { key: 'code', title: '代码 Code' },
          { key: 'name', title: view === 'sub_districts' ? '街镇 Sub-district' : '问题类别 Category' },
          ...STAT_COLUMNS,
        ],
        rows: rows.map((r) => {
          const s = summarise(r);
          const code = r[key] as string;
          return {
            code,
            name: view === 'sub_districts' ? sub(code) : cat(code),
            tickets: s.tickets,
            overdue: s.overdue,
            overdueRate: pct(s.overdueRate),
            avgResponseMinutes: round1(s.avgResponseMinutes),
            avgSatisfaction: round1(s.avgSatisfaction),
          };
        }),
      };
    }
    case 'hotspots': {
      const cells = await hotspots(db, filter);
      return {
        columns: [
          { key: 'cell', title: 'H3单元 H3 cell' },
          { key: 'tickets', title: '工单数 Tickets' },
          { key: 'expected', title: '基线期望 Expected' },
          { key: 'z', title: 'z值 z-score' },
          { key: 'emerging', title: '新兴热点 Emerging' },
          { key: 'overdue', title: '超时 Overdue' },
        ],
        rows: cells.map((c) => ({
          cell: c.cell,
          tickets: c.tickets,
          expected: round1(c.expected),
          z: round1(c.z),
          emerging: c.emerging ? '是' : '否',
          overdue: c.overdue,
        })),
      };
    }
    case 'places': {
      const rows = await places(db, filter, { cell: params.cell, limit: 500 });
      return {
        columns: [
          { key: 'address', title: '地址 Address' },
          { key: 'subDistrict', title: '街镇 Sub-district' },
          { key: 'tickets', title: '工单数 Tickets' },
          { key: 'overdue', title: '超时 Overdue' },
          { key: 'topCategory', title: '主要问题 Main problem' },
          { key: 'firstDay', title: '首次 First' },
          { key: 'lastDay', title: '最近 Last' },
        ],
        rows: rows.map((r) => ({
          address: r.address,
          subDistrict: sub(r.subDistrictCode),
          tickets: r.tickets,
          overdue: r.overdue,
          topCategory: cat(r.topCategory),
          firstDay: r.firstDay,
          lastDay: r.lastDay,
        })),
      };
    }
    case 'tickets': {
      const rows = await ticketList(db, filter, { placeKey: params.placeKey, cell: params.cell }, 5000);
      return {
        columns: [
          { key: 'code', title: '工单编号 Ticket' },
          { key: 'receivedAt', title: '受理时间 Received' },
          { key: 'category', title: '问题类别 Category' },
          { key: 'address', title: '地址 Address' },
          { key: 'overdue', title: '超时 Overdue' },
          { key: 'closedAt', title: '办结时间 Closed' },
          { key: 'satisfaction', title: '满意度 Satisfaction' },
        ],
        rows: rows.map((r) => ({
          code: r.code,
          receivedAt: r.receivedAt.toISOString(),
          category: cat(r.categoryCode),
          address: r.address,
          overdue: r.overdue ? '是' : '否',
          closedAt: r.closedAt?.toISOString() ?? null,
          satisfaction: r.satisfaction,
        })),
      };
    }
    case 'repeated': {
      const rows = await repeatedPlaces(db, filter, params.minTickets ?? 3, params.days ?? 30);
      return {
        columns: [
          { key: 'address', title: '地址 Address' },
          { key: 'category', title: '问题类别 Category' },
          { key: 'subDistrict', title: '街镇 Sub-district' },
          { key: 'tickets', title: '工单数 Tickets' },
          { key: 'firstDay', title: '首次 First' },
          { key: 'lastDay', title: '最近 Last' },
        ],
        rows: rows.map((r) => ({
          address: r.address,
          category: cat(r.categoryCode),
          subDistrict: sub(r.subDistrictCode),
          tickets: r.tickets,
          firstDay: r.firstDay,
          lastDay: r.lastDay,
        })),
      };
    }
  }
}
