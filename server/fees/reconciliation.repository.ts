/**
 * All SQL of 对账核销 (bank statement reconciliation). Matching is set-based — one statement for a whole import,
 * however many lines — and the partial unique index on live write-offs (one per bill) is what makes a second
 * write-off of a bill impossible, also between two imports running at the same time.
 */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { StatementProblem } from '@/db/schema-fees';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerIdInScope, payerInScope, statementInScope } from './fee-scope';

/** An account name as compared: without spaces, brackets full-width (banks write both). One definition, in SQL. */
function nameKey(column: RawBuilder<unknown>) {
  return sql`translate(regexp_replace(${column}, '\\s+', '', 'g'), '()', '（）')`;
}

/** `id = ANY($1)`: one bound array, however many ids (a statement can hold 100,000; `IN` would bind each). */
export function anyId(ids: readonly number[]) {
  return sql<SqlBool>`id = ANY(${[...ids]}::int[])`;
}

export interface StatementLineInput {
  rowNo: number;
  txnDate: string;
  amountFen: number;
  counterpartyName: string;
  counterpartyAccount: string;
  memo: string;
  fingerprint: string;
  billCodes: string[];
}

export interface WrittenOff {
  id: number;
  line_id: number;
  bill_id: number;
  amount_fen: number;
  settled_bill: boolean;
}

/** A stored line (settled_bill: stored as written off) or a write-off, from the one statement. */
type StoredRow = {
  kind: 'line' | 'off';
  id: number;
  line_id: number | null;
  bill_id: number | null;
  amount_fen: string | null;
  settled_bill: boolean | null;
};

/**
 * Stores the lines not seen before (by fingerprint; a line already stored by any import is left alone) and, in the
 * same statement, writes off each that names exactly one bill, from that bill's payer, for exactly its amount, on
 * a bill not written off yet (open: the transfer pays it; paid online: the statement confirms the payment). A line
 * is stored as written off when it matched; `demoteLosers` then reopens the few whose bill another line or another
 * import took first (the unique index let only one write-off through). Only the scope's bills are matched: a
 * district's statement pays its own district's bills.
 */
export async function storeAndWriteOff(
  db: Kysely<Database>,
  q: { importId: number; lines: StatementLineInput[]; synthetic: boolean; at: Date; userId: number | null; scope: DistrictScope },
): Promise<{ lineIds: number[]; writeOffs: WrittenOff[]; losers: number[] }> {
  if (!q.lines.length) return { lineIds: [], writeOffs: [], losers: [] };
  const { lines } = q;
  // Bill codes travel as one text per line ('|'-joined): unnest cannot take an array of arrays of different lengths.
  const result = await sql<StoredRow>`
    WITH input AS (
      SELECT r, d, a, n, acc, m, f, CASE WHEN c = '' THEN '{}'::text[] ELSE string_to_array(c, '|') END AS codes
      FROM unnest(${lines.map((l) => l.rowNo)}::int[], ${lines.map((l) => l.txnDate)}::date[], ${lines.map((l) => l.amountFen)}::bigint[],
                  ${lines.map((l) => l.counterpartyName)}::text[], ${lines.map((l) => l.counterpartyAccount)}::text[],
                  ${lines.map((l) => l.memo)}::text[], ${lines.map((l) => l.fingerprint)}::text[],
                  ${lines.map((l) => l.billCodes.join('|'))}::text[]) AS t(r, d, a, n, acc, m, f, c)
    ), matched AS (
      SELECT i.*, mb.id AS bill_id, mb.status AS bill_status
      FROM input i
      LEFT JOIN LATERAL (
        SELECT b.id, b.status FROM fee_bills b JOIN fee_payers p ON p.id = b.payer_id
        WHERE cardinality(i.codes) = 1 AND b.code = i.codes[1] AND b.amount_fen = i.a AND b.status IN ('open', 'paid')
          AND ${nameKey(sql.ref('p.name'))} = ${nameKey(sql.ref('i.n'))} AND ${payerInScope(q.scope)}
      ) mb ON true
    ), stored AS (
      INSERT INTO fee_statement_lines (import_id, row_no, txn_date, amount_fen, counterparty_name, counterparty_account, memo,
                                       fingerprint, bill_codes, status, synthetic)
      SELECT ${q.importId}, r, d, a, n, acc, m, f, codes, CASE WHEN bill_id IS NULL THEN 'unmatched' ELSE 'written_off' END, ${q.synthetic}
      FROM matched
      ON CONFLICT (fingerprint) DO NOTHING
      RETURNING id, fingerprint, status
    ), offs AS (
      INSERT INTO fee_write_offs (line_id, bill_id, payment_id, amount_fen, method, settled_bill, created_by, created_at)
      SELECT s.id, m.bill_id,
             (SELECT pm.id FROM fee_payments pm WHERE pm.bill_id = m.bill_id AND pm.status = 'succeeded' LIMIT 1),
             m.a, 'auto', m.bill_status = 'open', ${q.userId}, ${q.at}
      FROM stored s JOIN matched m ON m.f = s.fingerprint
      WHERE m.bill_id IS NOT NULL
      ON CONFLICT (bill_id) WHERE reversed_at IS NULL DO NOTHING
      RETURNING id, line_id, bill_id, amount_fen, settled_bill
    )
    SELECT 'line' AS kind, id, NULL::int AS line_id, NULL::int AS bill_id, NULL::bigint AS amount_fen,
           status = 'written_off' AS settled_bill
    FROM stored
    UNION ALL
    SELECT 'off', id, line_id, bill_id, amount_fen, settled_bill FROM offs`.execute(db);
  const lineIds: number[] = [];
  const storedWrittenOff: number[] = [];
  const writeOffs: WrittenOff[] = [];
  for (const r of result.rows) {
    if (r.kind === 'line') {
      lineIds.push(Number(r.id));
      if (r.settled_bill) storedWrittenOff.push(Number(r.id));
    } else
      writeOffs.push({
        id: Number(r.id),
        line_id: Number(r.line_id),
        bill_id: Number(r.bill_id),
        amount_fen: Number(r.amount_fen),
        settled_bill: Boolean(r.settled_bill),
      });
  }
  // Stored as written off, but another line or import took the bill first.
  const won = new Set(writeOffs.map((w) => w.line_id));
  return { lineIds, writeOffs, losers: storedWrittenOff.filter((id) => !won.has(id)) };
}

/** Lines stored as written off whose write-off lost to another for the same bill: open again. */
export async function demoteLosers(db: Kysely<Database>, lineIds: number[]): Promise<void> {
  if (!lineIds.length) return;
  await db.updateTable('fee_statement_lines').set({ status: 'unmatched' }).where(anyId(lineIds)).execute();
}

/** Manual write-offs of one line against chosen bills; null when one of them was written off meanwhile. */
export async function insertManualWriteOffs(
  db: Kysely<Database>,
  q: { lineId: number; billIds: number[]; at: Date; userId: number | null },
): Promise<WrittenOff[] | null> {
  const result = await sql<WrittenOff>`
    INSERT INTO fee_write_offs (line_id, bill_id, payment_id, amount_fen, method, settled_bill, created_by, created_at)
    SELECT ${q.lineId}, b.id,
           (SELECT pm.id FROM fee_payments pm WHERE pm.bill_id = b.id AND pm.status = 'succeeded' LIMIT 1),
           b.amount_fen, 'manual', b.status = 'open', ${q.userId}, ${q.at}
    FROM fee_bills b WHERE b.id = ANY(${q.billIds}::int[])
    ON CONFLICT (bill_id) WHERE reversed_at IS NULL DO NOTHING
    RETURNING id, line_id, bill_id, amount_fen, settled_bill`.execute(db);
  if (result.rows.length !== q.billIds.length) return null;
  return result.rows.map((r) => ({ ...r, id: Number(r.id), amount_fen: Number(r.amount_fen) }));
}

/** Bills a write-off paid (transfers for open bills): paid, with their 'received' ledger entries. */
export async function settleBills(db: Kysely<Database>, writeOffs: WrittenOff[], at: Date, actorName: string): Promise<number[]> {
  const settled = writeOffs.filter((w) => w.settled_bill);
  if (!settled.length) return [];
  const billIds = settled.map((w) => w.bill_id);
  await db
    .updateTable('fee_bills')
    .set((eb) => ({ status: 'paid', paid_at: at, version: eb('version', '+', 1) }))
    .where(anyId(billIds))
    .execute();
  await sql`
    INSERT INTO fee_money_ledger (at, bill_id, payment_id, entry, amount_fen, actor_name, note, write_off_id)
    SELECT ${at}, b, NULL, 'received', a, ${actorName}, '对账核销', w
    FROM unnest(${billIds}::int[], ${settled.map((w) => w.amount_fen)}::bigint[], ${settled.map((w) => w.id)}::int[]) AS t(b, a, w)`.execute(
    db,
  );
  return billIds;
}

export async function markLinesWrittenOff(db: Kysely<Database>, lineIds: number[], decidedBy: number | null, at: Date | null) {
  if (!lineIds.length) return;
  await db
    .updateTable('fee_statement_lines')
    .set((eb) => ({ status: 'written_off', problem: null, decided_by: decidedBy, decided_at: at, version: eb('version', '+', 1) }))
    .where(anyId(lineIds))
    .execute();
}

/** Why each line left unmatched did not match, for the manual screen (another district's bill: an unknown one). */
export async function classifyUnmatched(db: Kysely<Database>, lineIds: number[], scope: DistrictScope): Promise<void> {
  if (!lineIds.length) return;
  await sql`
    UPDATE fee_statement_lines l SET problem = s.problem
    FROM (
      SELECT l2.id,
        CASE WHEN cardinality(l2.bill_codes) = 0 THEN 'no_reference'
             WHEN cardinality(l2.bill_codes) > 1 THEN 'several_bills'
             WHEN b.id IS NULL THEN 'unknown_reference'
             WHEN ${nameKey(sql.ref('p.name'))} <> ${nameKey(sql.ref('l2.counterparty_name'))} THEN 'unknown_payer'
             WHEN l2.amount_fen < b.amount_fen THEN 'partial'
             WHEN l2.amount_fen <> b.amount_fen THEN 'amount'
             ELSE 'already_written_off' END AS problem
      FROM fee_statement_lines l2
      LEFT JOIN fee_bills b ON b.code = l2.bill_codes[1] AND ${payerIdInScope(scope, 'b.payer_id')}
      LEFT JOIN fee_payers p ON p.id = b.payer_id
      WHERE l2.id = ANY(${lineIds}::int[])
    ) s
    WHERE l.id = s.id AND l.status = 'unmatched'`.execute(db);
}

export function lockLine(db: Kysely<Database>, id: number) {
  return db.selectFrom('fee_statement_lines').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function lockWriteOff(db: Kysely<Database>, id: number) {
  return db.selectFrom('fee_write_offs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The district a statement line's import belongs to (null: imported city-wide while several districts exist). */
export async function districtOfLine(db: Kysely<Database>, lineId: number): Promise<string | null> {
  const row = await db
    .selectFrom('fee_statement_lines as l')
    .innerJoin('fee_statement_imports as im', 'im.id', 'l.import_id')
    .select('im.district_code')
    .where('l.id', '=', lineId)
    .executeTakeFirst();
  return row?.district_code ?? null;
}

export function liveWriteOffCount(db: Kysely<Database>, lineId: number) {
  return db
    .selectFrom('fee_write_offs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('line_id', '=', lineId)
    .where('reversed_at', 'is', null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function billsForMatching(db: Kysely<Database>, billIds: number[]) {
  return db.selectFrom('fee_bills').select(['id', 'code', 'amount_fen', 'status']).where('id', 'in', billIds).forUpdate().execute();
}

export interface LineListQuery {
  status: 'written_off' | 'unmatched' | 'set_aside' | null;
  problem: StatementProblem | null;
  afterId: number | null;
  limit: number;
  scope: DistrictScope;
}

/** Statement lines newest first, each with its live write-offs (bill, method) and the problem that kept it open. */
export function listLines(db: Kysely<Database>, q: LineListQuery) {
  let query = db
    .selectFrom('fee_statement_lines as l')
    .innerJoin('fee_statement_imports as im', 'im.id', 'l.import_id')
    .where(statementInScope(q.scope))
    .select([
      'l.id',
      'l.import_id',
      'l.row_no',
      sql<string>`to_char(l.txn_date, 'YYYY-MM-DD')`.as('txn_date'),
      'l.amount_fen',
      'l.counterparty_name',
      'l.counterparty_account',
      'l.memo',
      'l.status',
      'l.problem',
      'l.note',
      'l.synthetic',
      'l.version',
      sql<Array<{ id: number; billId: number; billCode: string; amountFen: number; method: string }>>`coalesce((
        SELECT json_agg(json_build_object('id', w.id, 'billId', b.id, 'billCode', b.code, 'amountFen', w.amount_fen, 'method', w.method)
                        ORDER BY w.id)
        FROM fee_write_offs w JOIN fee_bills b ON b.id = w.bill_id
        WHERE w.line_id = l.id AND w.reversed_at IS NULL), '[]'::json)`.as('write_offs'),
    ])
    .orderBy('l.id', 'desc')
    .limit(q.limit);
  if (q.status) query = query.where('l.status', '=', q.status);
  if (q.problem) query = query.where('l.problem', '=', q.problem);
  if (q.afterId !== null) query = query.where('l.id', '<', q.afterId);
  return query.execute();
}

/**
 * Bills a person might match a line to: of the payer whose name the line carries, or the bill codes its memo
 * names, not yet written off (open or paid), of the statement's district, oldest month first.
 */
export function candidateBills(
  db: Kysely<Database>,
  line: { counterparty_name: string; bill_codes: string[] },
  text: string | null,
  scope: DistrictScope,
) {
  return db
    .selectFrom('fee_bills as b')
    .innerJoin('fee_payers as p', 'p.id', 'b.payer_id')
    .select(['b.id', 'b.code', 'b.month', 'b.kind', 'b.amount_fen', 'b.status', 'p.name as payer_name'])
    .where('b.status', 'in', ['open', 'paid'])
    .where(payerInScope(scope))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('fee_write_offs as w').select('w.id').whereRef('w.bill_id', '=', 'b.id').where('w.reversed_at', 'is', null))),
    )
    .where((eb) =>
      eb.or([
        eb(nameKey(sql.ref('p.name')), '=', nameKey(sql.val(line.counterparty_name))),
        ...(line.bill_codes.length ? [eb('b.code', 'in', line.bill_codes)] : []),
        ...(text ? [eb('b.code', '=', text.toUpperCase()), eb(sql<number>`strpos(p.name, ${text})`, '>', 0)] : []),
      ]),
    )
    .orderBy('b.month')
    .orderBy('b.id')
    .limit(50)
    .execute();
}
