/**
 * 清费云 reconciliation (issue 16, "Speed"): a 100,000-line bank statement, target ≤ 10 s on PostgreSQL. On the
 * ledger benchmark's fixture, a month's bills are drawn for 100,000 contracts and nine in ten paid online; the
 * statement has a line for every bill (the payer's name, the exact amount, the bill number in the memo) with one
 * line in fifty planted wrong (a partial payment, a missing reference, an unknown payer). The product's way is
 * timed end to end as a clerk runs it — the CSV read and checked, the lines stored, matched set-based, the
 * mismatches classified, open bills settled and their invoices requested, in one transaction. Beside it the common
 * way: line by line (look the bill up, check, look for an earlier write-off, write it off, store the line), timed
 * on 5,000 lines of another month and scaled to the statement, with the ratio.
 */
import { sql } from 'kysely';
import type { DialectName } from '@/db/connect';
import { CITY_SCOPE } from '@/domain/tenancy/district-scope';
import { generateMonth } from '@/server/fees/billing.repository';
import { ReconciliationService } from '@/server/fees/reconciliation.service';
import { systemClock } from '@/server/clock';
import { yuan } from '@/domain/fees/money';
import { openBenchDatabase } from './dispatch-fixture';
import { loadFeesFixture } from './fees-fixture';
import { round } from './stats';

const MONTH = '2026-06';
const NAIVE_MONTH = '2026-07';
const TARGET_MS: Partial<Record<DialectName, number>> = { postgres: 10_000 };
const NAIVE_SAMPLE = 5_000;
const SYSTEM = { userId: null, name: 'bench', role: 'system' as const, unitId: null };

/** A statement line per bill of the month; one in fifty planted wrong. */
function statementCsv(bills: Array<{ code: string; amount_fen: string | number; name: string; payer_id: number }>): Buffer {
  const lines = bills.map((b, i) => {
    const fen = Number(b.amount_fen);
    const account = `6222 0210 ${String(b.payer_id).padStart(8, '0')}`;
    const kind = i % 50 === 0 ? ['partial', 'no_reference', 'unknown_payer'][(i / 50) % 3] : 'exact';
    if (kind === 'partial') return `2026-06-20,"${yuan(fen - 1)}","${b.name}",${account},缴费 ${b.code}`;
    if (kind === 'no_reference') return `2026-06-20,"${yuan(fen)}","${b.name}",${account},六月垃圾费`;
    if (kind === 'unknown_payer') return `2026-06-20,"${yuan(fen)}",某某公司,${account},缴费 ${b.code}`;
    return `2026-06-20,"${yuan(fen)}","${b.name}",${account},缴费 ${b.code}`;
  });
  return Buffer.from(['交易日期,金额,对方户名,对方账号,附言', ...lines].join('\n'));
}

async function dialectRun(dialect: DialectName, serverUrl: string | undefined, payers: number) {
  const database = await openBenchDatabase(dialect, serverUrl);
  try {
    const db = database.db;
    await loadFeesFixture(db, payers);
    await sql`UPDATE fee_contracts SET status = 'active', start_month = '2026-01', end_month = '2026-12'`.execute(db);
    const at = new Date('2026-06-01T01:00:00Z');
    for (const month of [MONTH, NAIVE_MONTH])
      await db.transaction().execute((trx) => generateMonth(trx, { month, at, actorName: 'bench', scope: CITY_SCOPE }));
    // Nine in ten paid online, with their payments (the statement then confirms them); the rest paid by transfer.
    await sql`
      WITH paid AS (
        UPDATE fee_bills SET status = 'paid', paid_at = ${at} WHERE id % 10 <> 0 RETURNING id, code, amount_fen
      )
      INSERT INTO fee_payments (bill_id, merchant_ref, amount_fen, status, bank_txn, created_at, completed_at)
      SELECT id, 'PAY-' || code, amount_fen, 'succeeded', 'BANK-' || id, ${at}, ${at} FROM paid`.execute(db);
    await sql`ANALYZE`.execute(db);
    const billsOf = (month: string) =>
      db
        .selectFrom('fee_bills as b')
        .innerJoin('fee_payers as p', 'p.id', 'b.payer_id')
        .select(['b.code', 'b.amount_fen', 'p.name', 'p.id as payer_id'])
        .where('b.month', '=', month)
        .where('b.kind', '=', 'contract')
        .orderBy('b.id')
        .execute();
    const statement = statementCsv(await billsOf(MONTH));
    const service = new ReconciliationService({ db, clock: systemClock });

    let started = performance.now();
    const report = await service.importStatement({ fileName: 'statement.csv', bytes: statement, mode: 'all' }, SYSTEM);
    const setBasedMs = performance.now() - started;
    started = performance.now();
    const again = await service.importStatement({ fileName: 'statement.csv', bytes: statement, mode: 'all' }, SYSTEM);
    const reimportMs = performance.now() - started;

    // The common way, line by line, on another month's statement.
    const naiveBills = (await billsOf(NAIVE_MONTH)).slice(0, NAIVE_SAMPLE);
    const { id: importId } = await db
      .insertInto('fee_statement_imports')
      .values({ file_name: 'naive.csv', line_count: naiveBills.length, new_lines: 0, written_off: 0, imported_by: null, imported_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    started = performance.now();
    for (const [i, b] of naiveBills.entries())
      await db.transaction().execute(async (trx) => {
        const bill = await trx
          .selectFrom('fee_bills as b')
          .innerJoin('fee_payers as p', 'p.id', 'b.payer_id')
          .select(['b.id', 'b.amount_fen', 'b.status', 'p.name'])
          .where('b.code', '=', b.code)
          .executeTakeFirst();
        const earlier = bill
          ? await trx
              .selectFrom('fee_write_offs')
              .select('id')
              .where('bill_id', '=', bill.id)
              .where('reversed_at', 'is', null)
              .executeTakeFirst()
          : undefined;
        const matches = bill && !earlier && bill.name === b.name && Number(bill.amount_fen) === Number(b.amount_fen);
        const line = await trx
          .insertInto('fee_statement_lines')
          .values({
            import_id: importId,
            row_no: i + 2,
            txn_date: '2026-07-20',
            amount_fen: Number(b.amount_fen),
            counterparty_name: b.name,
            counterparty_account: '',
            memo: `缴费 ${b.code}`,
            fingerprint: `naive|${b.code}`,
            bill_codes: [b.code],
            status: matches ? 'written_off' : 'unmatched',
            problem: matches ? null : 'amount',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (matches && bill)
          await trx
            .insertInto('fee_write_offs')
            .values({
              line_id: line.id,
              bill_id: bill.id,
              payment_id: null,
              amount_fen: Number(bill.amount_fen),
              method: 'auto',
              settled_bill: false,
              created_by: null,
              created_at: at,
            })
            .execute();
      });
    const naiveSampleMs = performance.now() - started;
    const naiveScaledMs = (naiveSampleMs / naiveBills.length) * report.newLines;
    return {
      dialect,
      statementLines: report.rows,
      writtenOff: report.writtenOff,
      leftForAPerson: report.unmatched,
      setBasedMs: round(setBasedMs),
      reimport: { newLines: again.newLines, ms: round(reimportMs) },
      naive: { sampleLines: naiveBills.length, sampleMs: round(naiveSampleMs), scaledToStatementMs: round(naiveScaledMs) },
      ratioNaiveOverSetBased: round(naiveScaledMs / setBasedMs, 1),
      targetMs: TARGET_MS[dialect] ?? null,
      meetsTarget: TARGET_MS[dialect] === undefined ? null : setBasedMs <= TARGET_MS[dialect],
    };
  } finally {
    await database.drop();
  }
}

export async function runFeeReconcileBench(options: { serverUrl?: string; payers?: number } = {}) {
  const payers = options.payers ?? 100_000;
  const runs = [];
  for (const dialect of ['postgres', 'embedded'] as const) {
    if (dialect === 'postgres' && !options.serverUrl) continue;
    console.log(`   fee-reconcile: ${dialect}, ${payers} payers …`);
    runs.push(await dialectRun(dialect, options.serverUrl, payers));
  }
  return { month: MONTH, runs };
}
