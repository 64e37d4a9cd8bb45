/**
 * 对账核销 (issue 16): a clerk imports the bank statement; every line naming one bill, from its payer, for exactly
 * its amount is written off at once (the bill paid by transfer becomes paid and gets its invoice; a bill paid
 * online is confirmed). What does not match — a partial payment, one transfer for several bills, a wrong or
 * missing reference, an unknown payer — waits on the manual screen, where a person matches it to bills whose sum
 * is the line's amount to the 分 (票款一致), or sets it aside with a reason. Every write-off is on record and can
 * be reversed with a reason, never silently; a reversal that had paid a bill reopens it, with a 'reversed' entry
 * in the money ledger and a red-letter invoice if one was issued. A statement is its importing district's: its lines
 * are matched, shown and decided only against that district's bills, by that district's office (or the city's).
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { StatementProblem } from '@/db/schema-fees';
import { AppError } from '@/domain/errors';
import { yuan } from '@/domain/fees/money';
import type { Clock } from '@/server/clock';
import { badRowCount, type ImportMode, type RowError, shouldWrite } from '@/server/import/table-import';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { soleDistrict } from '@/server/tenancy/district-sql';
import { auditFees, feeNotFound, requireFees, staleFees } from './fee-access';
import { assertFeeInScope, type FeeActor as Actor, feeScopeOf, statementScope } from './fee-scope';
import { issuedBlueOf, requestBlueInvoices, requestRedInvoice } from './invoices.repository';
import * as repo from './reconciliation.repository';
import { parseStatement } from './statement-import';

export interface StatementImportReport {
  importId: number | null;
  rows: number;
  /** Rows without a problem; those with one, and how many were written (the shared importer's report). */
  validRows: number;
  badRows: number;
  imported: number;
  errors: RowError[];
  /** Lines stored by this import (a line already imported before is not stored twice). */
  newLines: number;
  writtenOff: number;
  /** Of the new lines, those left for a person, by why. */
  unmatched: Partial<Record<StatementProblem, number>>;
}

export class ReconciliationService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  async importStatement(
    file: { fileName: string; bytes: Buffer; mode: ImportMode; synthetic?: boolean },
    actor: Actor,
  ): Promise<StatementImportReport> {
    requireFees(actor, 'fees:review');
    const parsed = await parseStatement(file.fileName, file.bytes);
    const counts = { rows: parsed.rows, validRows: parsed.lines.length, badRows: badRowCount(parsed.errors), errors: parsed.errors };
    // 'all' writes nothing while any row has a problem; 'valid' writes the good rows (the others can follow later).
    if (!shouldWrite(file.mode, parsed.lines.length, parsed.errors))
      return { ...counts, importId: null, imported: 0, newLines: 0, writtenOff: 0, unmatched: {} };
    const scope = await feeScopeOf(this.deps.db, actor);
    // The importer's district; imported city-wide, the only district's (none while there are several).
    const districtCode = scope.kind === 'district' ? scope.code : await soleDistrict(this.deps.db);
    return this.deps.db.transaction().execute(async (trx) => {
      const at = this.deps.clock.now();
      const { id: importId } = await trx
        .insertInto('fee_statement_imports')
        .values({
          file_name: file.fileName.slice(0, 200),
          line_count: parsed.lines.length,
          new_lines: 0,
          written_off: 0,
          imported_by: actor.userId,
          imported_at: at,
          synthetic: file.synthetic ?? false,
          district_code: districtCode,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { lineIds, writeOffs, losers } = await repo.storeAndWriteOff(trx, {
        importId,
        lines: parsed.lines,
        synthetic: file.synthetic ?? false,
        at,
        userId: actor.userId,
        scope,
      });
      await repo.demoteLosers(trx, losers);
      await this.settle(trx, writeOffs, at, actor);
      const done = new Set(writeOffs.map((w) => w.line_id));
      const open = lineIds.filter((id) => !done.has(id));
      await repo.classifyUnmatched(trx, open, scope);
      const problems = open.length
        ? await trx
            .selectFrom('fee_statement_lines')
            .select(['problem', (eb) => eb.fn.countAll<number>().as('n')])
            .where(repo.anyId(open))
            .groupBy('problem')
            .execute()
        : [];
      await trx
        .updateTable('fee_statement_imports')
        .set({ new_lines: lineIds.length, written_off: writeOffs.length })
        .where('id', '=', importId)
        .execute();
      const unmatched = Object.fromEntries(problems.map((p) => [p.problem, Number(p.n)]));
      await auditFees(trx, actor, 'fees.statement.import', `statement:${importId}`, {
        fileName: file.fileName,
        lines: parsed.lines.length,
        newLines: lineIds.length,
        writtenOff: writeOffs.length,
      });
      return { ...counts, importId, imported: lineIds.length, newLines: lineIds.length, writtenOff: writeOffs.length, unmatched };
    });
  }

  /** Bills paid by the transfer become paid (ledger 'received') and ask for their invoice. */
  private async settle(trx: Kysely<Database>, writeOffs: repo.WrittenOff[], at: Date, actor: Actor) {
    const settled = await repo.settleBills(trx, writeOffs, at, actor.name);
    await requestBlueInvoices(trx, settled, at);
  }

  /** A person matches an open line to bills whose amounts add up to the line's, to the 分. */
  async matchLine(input: { lineId: number; version: number; billIds: number[]; note: string | null }, actor: Actor): Promise<void> {
    requireFees(actor, 'fees:review');
    const billIds = [...new Set(input.billIds)];
    if (!billIds.length) throw new AppError('BAD_REQUEST', 'fees.error.matchNoBills', 'Choose at least one bill');
    const scope = await feeScopeOf(this.deps.db, actor);
    await this.deps.db.transaction().execute(async (trx) => {
      const line = await repo.lockLine(trx, input.lineId);
      if (!line) throw feeNotFound('statement line', input.lineId);
      // The line is the actor's district's, and pays only bills of the statement's district.
      await assertFeeInScope(trx, 'statement line', line.id, scope);
      await assertFeeInScope(trx, 'bill', billIds, statementScope(await repo.districtOfLine(trx, line.id)));
      if (line.version !== input.version) throw staleFees(`Statement line ${line.id}`);
      if (line.status !== 'unmatched') throw new AppError('CONFLICT', 'fees.error.lineDecided', `Line ${line.id} is not open`);
      const bills = await repo.billsForMatching(trx, billIds);
      if (bills.length !== billIds.length) throw feeNotFound('bill', billIds.join(','));
      if (bills.some((b) => b.status === 'refunded'))
        throw new AppError('CONFLICT', 'fees.error.matchRefunded', 'A refunded bill cannot be written off');
      const sum = bills.reduce((s, b) => s + Number(b.amount_fen), 0);
      if (sum !== Number(line.amount_fen))
        throw new AppError('BAD_REQUEST', 'fees.error.matchSum', `Bills add up to ${sum}, the line is ${line.amount_fen}`, {
          bills: yuan(sum),
          line: yuan(Number(line.amount_fen)),
        });
      const at = this.deps.clock.now();
      const writeOffs = await repo.insertManualWriteOffs(trx, { lineId: line.id, billIds, at, userId: actor.userId });
      if (!writeOffs) throw new AppError('CONFLICT', 'fees.error.alreadyWrittenOff', 'A chosen bill was written off meanwhile');
      await this.settle(trx, writeOffs, at, actor);
      await repo.markLinesWrittenOff(trx, [line.id], actor.userId, at);
      if (input.note?.trim())
        await trx
          .updateTable('fee_statement_lines')
          .set({ note: input.note.trim().slice(0, 500) })
          .where('id', '=', line.id)
          .execute();
      await auditFees(trx, actor, 'fees.statement.match', `statement-line:${line.id}`, {
        bills: bills.map((b) => b.code),
        note: input.note,
      });
    });
  }

  /** A line no bill can take (a partial payment to return, money for someone else) is set aside with a reason. */
  async setAside(input: { lineId: number; version: number; reason: string }, actor: Actor): Promise<void> {
    requireFees(actor, 'fees:review');
    const reason = input.reason.trim();
    if (reason.length < 2) throw new AppError('BAD_REQUEST', 'fees.error.reasonNeeded', 'A reason is needed');
    const scope = await feeScopeOf(this.deps.db, actor);
    await this.deps.db.transaction().execute(async (trx) => {
      const line = await repo.lockLine(trx, input.lineId);
      if (!line) throw feeNotFound('statement line', input.lineId);
      await assertFeeInScope(trx, 'statement line', line.id, scope);
      if (line.version !== input.version) throw staleFees(`Statement line ${line.id}`);
      if (line.status !== 'unmatched') throw new AppError('CONFLICT', 'fees.error.lineDecided', `Line ${line.id} is not open`);
      await trx
        .updateTable('fee_statement_lines')
        .set((eb) => ({
          status: 'set_aside',
          note: reason.slice(0, 500),
          decided_by: actor.userId,
          decided_at: this.deps.clock.now(),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', line.id)
        .execute();
      await auditFees(trx, actor, 'fees.statement.setAside', `statement-line:${line.id}`, { reason });
    });
  }

  /** Undoes a write-off, with a reason; one that had paid a bill reopens it (and reverses its invoice). */
  async reverse(input: { writeOffId: number; reason: string }, actor: Actor): Promise<void> {
    requireFees(actor, 'fees:review');
    const reason = input.reason.trim();
    if (reason.length < 2) throw new AppError('BAD_REQUEST', 'fees.error.reasonNeeded', 'A reason is needed');
    const scope = await feeScopeOf(this.deps.db, actor);
    await this.deps.db.transaction().execute(async (trx) => {
      const writeOff = await repo.lockWriteOff(trx, input.writeOffId);
      if (!writeOff) throw feeNotFound('write-off', input.writeOffId);
      await assertFeeInScope(trx, 'write-off', writeOff.id, scope);
      if (writeOff.reversed_at) throw new AppError('CONFLICT', 'fees.error.alreadyReversed', 'This write-off was already reversed');
      const at = this.deps.clock.now();
      if (writeOff.settled_bill) {
        const bill = await trx.selectFrom('fee_bills').selectAll().where('id', '=', writeOff.bill_id).forUpdate().executeTakeFirstOrThrow();
        if (bill.status !== 'paid')
          throw new AppError('CONFLICT', 'fees.error.reverseRefunded', `Bill ${bill.code} is no longer paid by this transfer`);
        await trx
          .updateTable('fee_bills')
          .set((eb) => ({ status: 'open', paid_at: null, version: eb('version', '+', 1) }))
          .where('id', '=', bill.id)
          .execute();
        await trx
          .insertInto('fee_money_ledger')
          .values({
            at,
            bill_id: bill.id,
            payment_id: null,
            entry: 'reversed',
            amount_fen: Number(writeOff.amount_fen),
            actor_name: actor.name,
            note: reason.slice(0, 200),
            write_off_id: writeOff.id,
          })
          .execute();
        const blue = await issuedBlueOf(trx, bill.id);
        if (blue) await requestRedInvoice(trx, blue.id, at);
      }
      await trx
        .updateTable('fee_write_offs')
        .set({ reversed_at: at, reversed_by: actor.userId, reverse_reason: reason.slice(0, 500) })
        .where('id', '=', writeOff.id)
        .execute();
      if ((await repo.liveWriteOffCount(trx, writeOff.line_id)) === 0)
        await trx
          .updateTable('fee_statement_lines')
          .set((eb) => ({ status: 'unmatched', problem: 'reversed', version: eb('version', '+', 1) }))
          .where('id', '=', writeOff.line_id)
          .execute();
      await auditFees(trx, actor, 'fees.statement.reverse', `write-off:${writeOff.id}`, { billId: writeOff.bill_id, reason });
    });
  }

  async lines(q: Omit<repo.LineListQuery, 'scope'>, actor: Actor) {
    requireFees(actor, 'fees:review', 'fees:approve');
    const rows = await repo.listLines(this.deps.db, { ...q, scope: await feeScopeOf(this.deps.db, actor) });
    return rows.map((r) => ({
      ...r,
      amount_fen: Number(r.amount_fen),
      write_offs: r.write_offs.map((w) => ({ ...w, amountFen: Number(w.amountFen) })),
    }));
  }

  async candidates(lineId: number, text: string | null, actor: Actor) {
    requireFees(actor, 'fees:review');
    const line = await this.deps.db.selectFrom('fee_statement_lines').selectAll().where('id', '=', lineId).executeTakeFirst();
    if (!line) throw feeNotFound('statement line', lineId);
    await assertFeeInScope(this.deps.db, 'statement line', lineId, await feeScopeOf(this.deps.db, actor));
    const lineScope: DistrictScope = statementScope(await repo.districtOfLine(this.deps.db, lineId));
    const rows = await repo.candidateBills(this.deps.db, line, text?.trim() || null, lineScope);
    return rows.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }));
  }
}
