/**
 * All SQL of the service settlement (issue 17): contracts and their lines, the workload ledger (evidence records and
 * the per-line, per-month rollup kept beside them in one transaction), reports, objections, statements,
 * evaluations, payments and the administrators' calendar years. Returns rows; the services apply the rules.
 */
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Database } from '@/db/schema';
import type {
  SettlementEvaluationTable,
  SettlementObjectionTable,
  SettlementPaymentTable,
  SettlementReportKind,
  SettlementReportTable,
} from '@/db/schema-settlement';
import { insertInBatches } from '@/db/seed/batch-insert';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';

type Db = Kysely<Database>;

/** bigint columns arrive as strings or numbers depending on the driver. */
export const big = (value: string | number | bigint | null | undefined): bigint => BigInt(value ?? 0);
export const bigOrNull = (value: string | number | bigint | null | undefined): bigint | null =>
  value === null || value === undefined ? null : BigInt(value);

// ——— contracts and lines ———

export function listContracts(db: Db, supplierUserId: number | null, scope: DistrictScope) {
  // By contract code: the district's own contracts (CN-…) before the city-level ones it takes part in (SH-…).
  let query = db.selectFrom('settlement_contracts').selectAll().where(districtInScope('district_code', scope)).orderBy('code');
  if (supplierUserId !== null) query = query.where('supplier_user_id', '=', supplierUserId);
  return query.execute();
}

export function findContract(db: Db, id: number, scope: DistrictScope) {
  return db
    .selectFrom('settlement_contracts')
    .selectAll()
    .where('id', '=', id)
    .where(districtInScope('district_code', scope))
    .executeTakeFirst();
}

/** The contract a statement belongs to. */
export async function contractOfStatement(db: Db, statementId: number): Promise<number | null> {
  const row = await db.selectFrom('settlement_statements').select('contract_id').where('id', '=', statementId).executeTakeFirst();
  return row?.contract_id ?? null;
}

export function listLines(db: Db, contractId: number) {
  return db.selectFrom('settlement_lines').selectAll().where('contract_id', '=', contractId).orderBy('line_no').execute();
}

export function findLine(db: Db, lineId: number) {
  return db.selectFrom('settlement_lines').selectAll().where('id', '=', lineId).executeTakeFirst();
}

export async function countContracts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('settlement_contracts')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Prices a line that has none, on record; false when it was priced (or changed) meanwhile. */
export async function priceLine(
  db: Db,
  line: { id: number; version: number; priceHao: bigint; by: string; at: Date; note: string },
): Promise<boolean> {
  const result = await db
    .updateTable('settlement_lines')
    .set({
      awarded_price_hao: line.priceHao.toString(),
      price_source: 'third_party',
      priced_by: line.by,
      priced_at: line.at,
      price_note: line.note,
      version: sql`version + 1`,
    })
    .where('id', '=', line.id)
    .where('version', '=', line.version)
    .where('awarded_price_hao', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

// ——— the workload ledger ———

/** Every line of a contract with its month's rollup (absent: nothing recorded yet). */
export function ledgerOfMonth(db: Db, contractId: number, month: string) {
  return db
    .selectFrom('settlement_lines as l')
    .leftJoin('settlement_quantities as q', (j) => j.onRef('q.line_id', '=', 'l.id').on('q.month', '=', month))
    .select([
      'l.id as line_id',
      'l.line_no',
      'l.item_no',
      'l.item_name',
      'l.unit',
      'l.channel',
      'l.awarded_price_hao',
      'l.derived_from',
      'q.claimed',
      'q.claimed_records',
      'q.derived',
      'q.derived_records',
      'q.derived_at',
      'q.accepted',
      'q.decision',
      'q.decided_by',
      'q.decided_at',
      'q.decision_note',
      'q.version',
    ])
    .where('l.contract_id', '=', contractId)
    .orderBy('l.line_no')
    .execute();
}

export function findQuantity(db: Db, lineId: number, month: string) {
  return db.selectFrom('settlement_quantities').selectAll().where('line_id', '=', lineId).where('month', '=', month).executeTakeFirst();
}

/** Records a supplier's claim and adds it to the rollup (run inside the caller's transaction). */
export async function addClaim(
  trx: Db,
  claim: { lineId: number; month: string; quantity: bigint; ref: string; note: string | null; by: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('settlement_evidence')
    .values({
      line_id: claim.lineId,
      month: claim.month,
      source: 'claim',
      quantity: claim.quantity.toString(),
      ref: claim.ref,
      note: claim.note,
      created_by: claim.by,
      created_at: claim.at,
    })
    .execute();
  await trx
    .insertInto('settlement_quantities')
    .values({ line_id: claim.lineId, month: claim.month, claimed: claim.quantity.toString(), claimed_records: 1 })
    .onConflict((oc) =>
      oc.columns(['line_id', 'month']).doUpdateSet({
        claimed: sql`settlement_quantities.claimed + excluded.claimed`,
        claimed_records: sql`settlement_quantities.claimed_records + 1`,
        version: sql`settlement_quantities.version + 1`,
      }),
    )
    .execute();
}

/**
 * Replaces a line's derived evidence of a month with what OneMap's records say now, and its rollup (inside the
 * caller's transaction): earlier derivations stay, marked superseded, so what was shown before can be traced.
 */
export async function replaceDerived(
  trx: Db,
  lineId: number,
  month: string,
  records: ReadonlyArray<{ ref: string; note: string | null; quantity: bigint }>,
  by: string,
  at: Date,
): Promise<bigint> {
  await trx
    .updateTable('settlement_evidence')
    .set({ superseded: true })
    .where('line_id', '=', lineId)
    .where('month', '=', month)
    .where('source', '=', 'derived')
    .where('superseded', '=', false)
    .execute();
  await insertInBatches(
    trx,
    'settlement_evidence',
    records.map((r) => ({
      line_id: lineId,
      month,
      source: 'derived' as const,
      quantity: r.quantity.toString(),
      ref: r.ref,
      note: r.note,
      created_by: by,
      created_at: at,
    })),
  );
  const total = records.reduce((sum, r) => sum + r.quantity, 0n);
  await trx
    .insertInto('settlement_quantities')
    .values({ line_id: lineId, month, claimed: '0', derived: total.toString(), derived_records: records.length, derived_at: at })
    .onConflict((oc) =>
      oc.columns(['line_id', 'month']).doUpdateSet({
        derived: total.toString(),
        derived_records: records.length,
        derived_at: at,
        version: sql`settlement_quantities.version + 1`,
      }),
    )
    .execute();
  return total;
}

/** Records the third party's decision on a line's month; false when the row changed meanwhile. */
export async function decideQuantity(
  db: Db,
  d: {
    lineId: number;
    month: string;
    version: number;
    accepted: bigint;
    decision: 'derived' | 'claimed' | 'set';
    by: string;
    at: Date;
    note: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('settlement_quantities')
    .set({
      accepted: d.accepted.toString(),
      decision: d.decision,
      decided_by: d.by,
      decided_at: d.at,
      decision_note: d.note,
      version: sql`version + 1`,
    })
    .where('line_id', '=', d.lineId)
    .where('month', '=', d.month)
    .where('version', '=', d.version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Creates an empty rollup row for a line's month (so a decision has a row and a version to check). */
export async function ensureQuantityRow(db: Db, lineId: number, month: string): Promise<void> {
  await db
    .insertInto('settlement_quantities')
    .values({ line_id: lineId, month, claimed: '0' })
    .onConflict((oc) => oc.columns(['line_id', 'month']).doNothing())
    .execute();
}

export function listEvidence(db: Db, lineId: number, month: string, limit: number) {
  return db
    .selectFrom('settlement_evidence')
    .select(['id', 'source', 'quantity', 'ref', 'note', 'created_by', 'created_at', 'superseded'])
    .where('line_id', '=', lineId)
    .where('month', '=', month)
    .orderBy('superseded')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Accepted quantities per line and month of a contract, from the rollup: what a statement is computed from. */
export function acceptedFromRollup(db: Db, contractId: number, months: readonly string[]) {
  return db
    .selectFrom('settlement_quantities as q')
    .innerJoin('settlement_lines as l', 'l.id', 'q.line_id')
    .select(['q.line_id', 'q.month', 'q.accepted'])
    .where('l.contract_id', '=', contractId)
    .where('q.month', 'in', months)
    .where('q.accepted', 'is not', null)
    .execute();
}

/**
 * The same accepted quantities recomputed from the raw evidence records, without the rollup's sums: the derived
 * or claimed records (whichever the decision accepted) summed again; a quantity the reviewer set stays as set.
 */
export function acceptedFromEvidence(db: Db, contractId: number, months: readonly string[]) {
  return db
    .selectFrom('settlement_quantities as q')
    .innerJoin('settlement_lines as l', 'l.id', 'q.line_id')
    .select([
      'q.line_id',
      'q.month',
      sql<string>`CASE WHEN q.decision = 'set' THEN q.accepted ELSE (
        SELECT coalesce(sum(e.quantity), 0) FROM settlement_evidence e
        WHERE e.line_id = q.line_id AND e.month = q.month AND NOT e.superseded
          AND e.source = CASE WHEN q.decision = 'derived' THEN 'derived' ELSE 'claim' END
      ) END`.as('accepted'),
    ])
    .where('l.contract_id', '=', contractId)
    .where('q.month', 'in', months)
    .where('q.decision', 'is not', null)
    .execute();
}

// ——— reports ———

export function listReports(db: Db, contractId: number) {
  return db.selectFrom('settlement_reports').selectAll().where('contract_id', '=', contractId).orderBy('id').execute();
}

export function findReport(db: Db, contractId: number, kind: SettlementReportKind, period: string) {
  return db
    .selectFrom('settlement_reports')
    .selectAll()
    .where('contract_id', '=', contractId)
    .where('kind', '=', kind)
    .where('period', '=', period)
    .executeTakeFirst();
}

export function findReportById(db: Db, id: number) {
  return db.selectFrom('settlement_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertReport(db: Db, row: Insertable<SettlementReportTable>) {
  return db.insertInto('settlement_reports').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function updateReport(db: Db, id: number, version: number, set: Updateable<SettlementReportTable>): Promise<boolean> {
  const result = await db
    .updateTable('settlement_reports')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

// ——— objections ———

export function listObjections(db: Db, contractId: number) {
  return db
    .selectFrom('settlement_objections as o')
    .leftJoin('settlement_lines as l', 'l.id', 'o.line_id')
    .leftJoin('settlement_reports as r', 'r.id', 'o.report_id')
    .select([
      'o.id',
      'o.line_id',
      'l.item_name',
      'l.channel',
      'o.month',
      'o.report_id',
      'r.kind as report_kind',
      'r.period as report_period',
    ])
    .select(['o.text', 'o.raised_by', 'o.raised_at', 'o.status', 'o.answer', 'o.answered_by', 'o.answered_at'])
    .where('o.contract_id', '=', contractId)
    .orderBy('o.id', 'desc')
    .execute();
}

export function insertObjection(db: Db, row: Insertable<SettlementObjectionTable>) {
  return db.insertInto('settlement_objections').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findObjection(db: Db, id: number) {
  return db.selectFrom('settlement_objections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function answerObjection(
  db: Db,
  id: number,
  answer: { status: 'upheld' | 'dismissed'; text: string; by: string; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('settlement_objections')
    .set({ status: answer.status, answer: answer.text, answered_by: answer.by, answered_at: answer.at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

// ——— statements, evaluations, payments ———

export function findStatement(db: Db, contractId: number, kind: SettlementReportKind, period: string) {
  return db
    .selectFrom('settlement_statements')
    .selectAll()
    .where('contract_id', '=', contractId)
    .where('kind', '=', kind)
    .where('period', '=', period)
    .executeTakeFirst();
}

export function listStatements(db: Db, contractId: number) {
  return db.selectFrom('settlement_statements').selectAll().where('contract_id', '=', contractId).orderBy('id').execute();
}

/** Records (or re-records) the third party's review of a statement; never over an approved one. */
export async function saveReviewedStatement(
  db: Db,
  s: { contractId: number; kind: SettlementReportKind; period: string; figures: unknown; settledFen: bigint; by: string; at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('settlement_statements')
    .values({
      contract_id: s.contractId,
      kind: s.kind,
      period: s.period,
      status: 'reviewed',
      figures: JSON.stringify(s.figures),
      settled_fen: s.settledFen.toString(),
      reviewed_by: s.by,
      reviewed_at: s.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['contract_id', 'kind', 'period'])
        .doUpdateSet({
          figures: JSON.stringify(s.figures),
          settled_fen: s.settledFen.toString(),
          reviewed_by: s.by,
          reviewed_at: s.at,
          version: sql`settlement_statements.version + 1`,
        })
        .where('settlement_statements.status', '=', 'reviewed'),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function approveStatement(db: Db, id: number, version: number, by: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('settlement_statements')
    .set({ status: 'approved', approved_by: by, approved_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'reviewed')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export function listEvaluations(db: Db, contractId: number) {
  return db.selectFrom('settlement_evaluations').selectAll().where('contract_id', '=', contractId).orderBy('round').execute();
}

export function insertEvaluation(db: Db, row: Insertable<SettlementEvaluationTable>) {
  return db.insertInto('settlement_evaluations').values(row).returning('id').executeTakeFirstOrThrow();
}

export function listPayments(db: Db, contractId: number) {
  return db.selectFrom('settlement_payments').selectAll().where('contract_id', '=', contractId).orderBy('no').execute();
}

export function insertPayment(db: Db, row: Insertable<SettlementPaymentTable>) {
  return db.insertInto('settlement_payments').values(row).returning('id').executeTakeFirstOrThrow();
}

// ——— the calendar ———

export function listCalendarYears(db: Db) {
  return db.selectFrom('settlement_calendar_years').selectAll().orderBy('year').execute();
}

export async function saveCalendarYear(
  db: Db,
  y: { year: number; holidays: string[]; workdays: string[]; note: string; by: string; at: Date; version: number | null },
): Promise<boolean> {
  if (y.version === null) {
    const row = await db
      .insertInto('settlement_calendar_years')
      .values({
        year: y.year,
        holidays: JSON.stringify(y.holidays),
        workdays: JSON.stringify(y.workdays),
        note: y.note,
        entered_by: y.by,
        entered_at: y.at,
      })
      .onConflict((oc) => oc.column('year').doNothing())
      .returning('year')
      .executeTakeFirst();
    return row !== undefined;
  }
  const result = await db
    .updateTable('settlement_calendar_years')
    .set({
      holidays: JSON.stringify(y.holidays),
      workdays: JSON.stringify(y.workdays),
      note: y.note,
      entered_by: y.by,
      entered_at: y.at,
      version: sql`version + 1`,
    })
    .where('year', '=', y.year)
    .where('version', '=', y.version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
