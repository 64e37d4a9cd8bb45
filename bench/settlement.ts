/**
 * 服务结算 yearly settlement (issue 17, "Speed"): the seed-001 contract (37 priced lines) with a workload ledger of
 * 1,000,000 evidence records over its twelve months (claims and derived records, every line-month decided), target
 * ≤ 2 s on PostgreSQL and ≤ 6 s embedded. The product's way reads the ledger's rollup (one row per line and month,
 * kept in the transaction that appends the evidence); beside it the common way, the same statement with every
 * accepted quantity summed again from the raw records. Both must give the same settled amount.
 *
 * Run alone: npm run bench -- settlement
 */
import { sql } from 'kysely';
import type { DialectName } from '@/db/connect';
import { systemClock } from '@/server/clock';
import { createSettlementHub } from '@/server/compose/settlement';
import { acceptedFromEvidence } from '@/server/settlement/settlement.repository';
import { SettlementService } from '@/server/settlement/settlement.service';
import { seedSettlement } from '@/server/sim/settlement-seed';
import type { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { OrdersService } from '@/server/orders/orders.service';
import type { VoiceService } from '@/server/voice/voice.service';
import { openBenchDatabase } from './dispatch-fixture';
import { median, round, timed } from './stats';

const RECORDS = 1_000_000;
const RUNS = 5;
const TARGET_MS: Record<DialectName, number> = { postgres: 2_000, embedded: 6_000 };
const CONTRACT = 'SH-YWTB-2026-01';
const BUYER = { userId: null, name: 'bench', role: 'settlement_buyer' as const, unitId: null };

async function dialectRun(dialect: DialectName, serverUrl: string | undefined) {
  const database = await openBenchDatabase(dialect, serverUrl);
  try {
    const db = database.db;
    // The statement never derives here, so the derived-workload sources are not needed.
    const hub = createSettlementHub({ db, sources: {} as { orders: OrdersService; knowledge: KnowledgeService; voice: VoiceService } });
    await seedSettlement(db, new Date('2026-01-05T01:00:00Z'));
    const contract = await db.selectFrom('settlement_contracts').select('id').where('code', '=', CONTRACT).executeTakeFirstOrThrow();
    const lineIds = (await db.selectFrom('settlement_lines').select('id').where('contract_id', '=', contract.id).execute()).map(
      (l) => l.id,
    );

    // 1,000,000 records spread over every line and month of 2026: alternately a supplier's claim and a derived record.
    const [fillMs] = await timed(async () => {
      await sql`
        INSERT INTO settlement_evidence (line_id, month, source, quantity, ref, created_by, created_at)
        SELECT l.id, '2026-' || lpad((1 + (g % 12))::text, 2, '0'),
               CASE WHEN (g / 444) % 2 = 0 THEN 'claim' ELSE 'derived' END,
               1 + (g % 7), 'REC-' || g, 'bench', now()
        FROM generate_series(0, ${RECORDS - 1}) g
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM settlement_lines WHERE contract_id = ${contract.id}) l
          ON l.n = (g / 12) % ${lineIds.length}`.execute(db);
      // The rollup as the ledger keeps it, every line-month decided (derived in odd months, the claim in even ones).
      await sql`DELETE FROM settlement_quantities WHERE line_id IN (SELECT id FROM settlement_lines WHERE contract_id = ${contract.id})`.execute(
        db,
      );
      await sql`
        INSERT INTO settlement_quantities (line_id, month, claimed, claimed_records, derived, derived_records, accepted, decision, decided_by, decided_at)
        SELECT line_id, month, c, cn, d, dn,
               CASE WHEN right(month, 2)::int % 2 = 1 THEN d ELSE c END,
               CASE WHEN right(month, 2)::int % 2 = 1 THEN 'derived' ELSE 'claimed' END, 'bench', now()
        FROM (
          SELECT e.line_id, e.month,
                 coalesce(sum(e.quantity) FILTER (WHERE e.source = 'claim'), 0) AS c, count(*) FILTER (WHERE e.source = 'claim') AS cn,
                 coalesce(sum(e.quantity) FILTER (WHERE e.source = 'derived'), 0) AS d, count(*) FILTER (WHERE e.source = 'derived') AS dn
          FROM settlement_evidence e JOIN settlement_lines l ON l.id = e.line_id
          WHERE l.contract_id = ${contract.id} GROUP BY e.line_id, e.month
        ) s`.execute(db);
      await sql`ANALYZE`.execute(db);
    });
    const records = await db
      .selectFrom('settlement_evidence')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('line_id', 'in', lineIds)
      .executeTakeFirstOrThrow();

    const fromEvidence = new SettlementService({
      db,
      clock: systemClock,
      gradeRules: hub.gradeRules,
      acceptedQuantities: acceptedFromEvidence,
    });
    const time = async (service: SettlementService) => {
      const samples: number[] = [];
      let settled = 0n;
      for (let i = 0; i < RUNS + 1; i++) {
        const [ms, view] = await timed(() => service.statement(contract.id, 'yearly', 'Y', BUYER));
        if (i > 0) samples.push(ms); // the first run warms the caches
        settled = view.figures.settledFen;
      }
      return { medianMs: round(median(samples)), settled };
    };
    const rollup = await time(hub.settlement);
    const raw = await time(fromEvidence);
    if (rollup.settled !== raw.settled) throw new Error(`rollup ${rollup.settled} ≠ raw ${raw.settled}`);
    return {
      evidenceRecords: Number(records.n),
      fillSeconds: round(fillMs / 1000, 1),
      yearlyStatementMedianMs: rollup.medianMs,
      recomputedFromRecordsMedianMs: raw.medianMs,
      ratio: round(raw.medianMs / rollup.medianMs, 1),
      settledYuan: (Number(rollup.settled) / 100).toFixed(2),
      targetMs: TARGET_MS[dialect],
      meetsTarget: rollup.medianMs <= TARGET_MS[dialect],
    };
  } finally {
    await database.close();
  }
}

export async function runSettlementBench(options: { serverUrl?: string }) {
  return {
    postgres: await dialectRun('postgres', options.serverUrl),
    embedded: await dialectRun('embedded', undefined),
  };
}
