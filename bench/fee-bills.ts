/**
 * 清费云 bill generation (issue 16, "Speed"): a month's bills for 100,000 payers, target ≤ 10 s on PostgreSQL and
 * ≤ 30 s embedded. The ledger benchmark's fixture (100,000 payers with one contract each) is loaded, every contract
 * put in force for the month and one payer in twenty given an overage; then the product's way — two set-based
 * statements, each bill with its 'billed' ledger entry — is timed, run twice to show the second run bills nothing.
 * Beside it the common way: one transaction per contract (read it, insert its bill, insert its ledger entry),
 * timed on 5,000 contracts and scaled to the whole month, with the ratio.
 */
import { sql } from 'kysely';
import type { DialectName } from '@/db/connect';
import { CITY_SCOPE } from '@/domain/tenancy/district-scope';
import { generateMonth } from '@/server/fees/billing.repository';
import { openBenchDatabase } from './dispatch-fixture';
import { loadFeesFixture } from './fees-fixture';
import { round } from './stats';

const MONTH = '2026-06';
const TARGET_MS: Record<DialectName, number> = { postgres: 10_000, embedded: 30_000 };
const NAIVE_SAMPLE = 5_000;

async function dialectRun(dialect: DialectName, serverUrl: string | undefined, payers: number) {
  const database = await openBenchDatabase(dialect, serverUrl);
  try {
    const db = database.db;
    const fixture = await loadFeesFixture(db, payers);
    await sql`UPDATE fee_contracts SET status = 'active', start_month = '2026-01', end_month = '2026-12'`.execute(db);
    await sql`INSERT INTO fee_overages (contract_id, month, contracted, actual, excess, excess_amount_fen, threshold_percent, tariff_version, created_at)
      SELECT id, ${MONTH}, monthly_quantity, monthly_quantity * 2, monthly_quantity, monthly_amount_fen, 10, 1, now()
      FROM fee_contracts WHERE id % 20 = 0`.execute(db);
    await sql`ANALYZE`.execute(db);
    const at = new Date('2026-06-01T01:00:00Z');

    let started = performance.now();
    const created = await db
      .transaction()
      .execute((trx) => generateMonth(trx, { month: MONTH, at, actorName: 'bench', scope: CITY_SCOPE }));
    const setBasedMs = performance.now() - started;
    started = performance.now();
    const again = await db.transaction().execute((trx) => generateMonth(trx, { month: MONTH, at, actorName: 'bench', scope: CITY_SCOPE }));
    const rerunMs = performance.now() - started;

    // The common way, on a sample of contracts for another month: one round trip per read and per write.
    const sample = await db.selectFrom('fee_contracts').select('id').orderBy('id').limit(NAIVE_SAMPLE).execute();
    started = performance.now();
    for (const { id } of sample)
      await db.transaction().execute(async (trx) => {
        const c = await trx.selectFrom('fee_contracts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const bill = await trx
          .insertInto('fee_bills')
          .values({
            code: `ZD-202607-${String(c.id).padStart(6, '0')}-C`,
            contract_id: c.id,
            payer_id: c.payer_id,
            month: '2026-07',
            kind: 'contract',
            amount_fen: Number(c.monthly_amount_fen),
            due_date: '2026-07-15',
            status: 'open',
            created_at: at,
          })
          .returning(['id', 'amount_fen'])
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('fee_money_ledger')
          .values({ at, bill_id: bill.id, entry: 'billed', amount_fen: Number(bill.amount_fen), actor_name: 'bench', note: null })
          .execute();
      });
    const naiveSampleMs = performance.now() - started;
    const naiveScaledMs = (naiveSampleMs / sample.length) * created;
    return {
      dialect,
      payers: fixture.counts.payers,
      contracts: fixture.counts.contracts,
      billsCreated: created,
      setBasedMs: round(setBasedMs),
      rerunCreated: again,
      rerunMs: round(rerunMs),
      naive: { sampleContracts: sample.length, sampleMs: round(naiveSampleMs), scaledToMonthMs: round(naiveScaledMs) },
      ratioNaiveOverSetBased: round(naiveScaledMs / setBasedMs, 1),
      targetMs: TARGET_MS[dialect],
      meetsTarget: setBasedMs <= TARGET_MS[dialect],
    };
  } finally {
    await database.drop();
  }
}

export async function runFeeBillsBench(options: { serverUrl?: string; payers?: number } = {}) {
  const payers = options.payers ?? 100_000;
  const runs = [];
  for (const dialect of ['postgres', 'embedded'] as const) {
    if (dialect === 'postgres' && !options.serverUrl) continue;
    console.log(`   fee-bills: ${dialect}, ${payers} payers …`);
    runs.push(await dialectRun(dialect, options.serverUrl, payers));
  }
  return { month: MONTH, runs };
}
