/**
 * 清费云 统计分析: contracts billed, billed, received, outstanding and overdue amounts, by sub-district, waste type or
 * month, over a range of months, from the bills (a bill is received when paid: a payment always equals its bill; a
 * refunded bill is neither billed nor received any more), and what was invoiced (issued invoices less red-letter ones).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { StatisticsFigures, StatisticsGrouping } from '@/domain/fees/statistics-table';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerInScope } from './fee-scope';

export type { StatisticsGrouping };

export type StatisticsRow = StatisticsFigures & { key: string; label: string };

const KEYS: Record<StatisticsGrouping, { key: ReturnType<typeof sql>; label: ReturnType<typeof sql> }> = {
  subDistrict: { key: sql`coalesce(p.sub_district_code, '')`, label: sql`coalesce(max(s.name), '')` },
  wasteType: { key: sql`c.waste_type`, label: sql`c.waste_type` },
  month: { key: sql`b.month`, label: sql`b.month` },
};

export async function feeStatistics(
  db: Kysely<Database>,
  q: { from: string; to: string; groupBy: StatisticsGrouping; today: string; scope: DistrictScope },
): Promise<StatisticsRow[]> {
  const { key, label } = KEYS[q.groupBy];
  const { rows } = await sql<{
    key: string;
    label: string;
    contracts: string;
    billed: string;
    received: string;
    invoiced: string;
    outstanding: string;
    overdue: string;
    overdue_bills: string;
  }>`
    SELECT ${key} AS key, ${label} AS label, count(DISTINCT b.contract_id) AS contracts,
      sum(CASE WHEN b.status <> 'refunded' THEN b.amount_fen ELSE 0 END) AS billed,
      sum(CASE WHEN b.status = 'paid' THEN b.amount_fen ELSE 0 END) AS received,
      coalesce(sum(i.net), 0) AS invoiced,
      sum(CASE WHEN b.status = 'open' THEN b.amount_fen ELSE 0 END) AS outstanding,
      sum(CASE WHEN b.status = 'open' AND b.due_date < ${q.today}::date THEN b.amount_fen ELSE 0 END) AS overdue,
      count(*) FILTER (WHERE b.status = 'open' AND b.due_date < ${q.today}::date) AS overdue_bills
    FROM fee_bills b
    JOIN fee_contracts c ON c.id = b.contract_id
    JOIN fee_payers p ON p.id = b.payer_id
    LEFT JOIN sub_districts s ON s.code = p.sub_district_code
    LEFT JOIN (
      SELECT bill_id, sum(CASE WHEN kind = 'blue' THEN amount_fen ELSE -amount_fen END) AS net
      FROM fee_invoices WHERE status = 'issued' GROUP BY bill_id
    ) i ON i.bill_id = b.id
    WHERE b.month >= ${q.from} AND b.month <= ${q.to} AND ${payerInScope(q.scope)}
    GROUP BY ${key}
    ORDER BY ${key}`.execute(db);
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    contracts: Number(r.contracts),
    billedFen: Number(r.billed),
    receivedFen: Number(r.received),
    invoicedFen: Number(r.invoiced),
    outstandingFen: Number(r.outstanding),
    overdueFen: Number(r.overdue),
    overdueBills: Number(r.overdue_bills),
  }));
}
