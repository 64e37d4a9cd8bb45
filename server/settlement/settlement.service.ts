/**
 * The settlement calendar and its money: the working-day calendar (the library's, or an administrator's year),
 * reports with their due dates and late deductions, statements of a month, the 6- and 9-month stages and the year
 * (reviewed by the third party, approved by the bureau, frozen once approved), the performance evaluation and its
 * grade adjustment (versioned, four-eyes), and the four payments with their caps. Every step is audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { SettlementContractRow, SettlementReportKind, SettlementReportRow } from '@/db/schema-settlement';
import { AppError } from '@/domain/errors';
import {
  deadlineOf,
  LATE_DEDUCTION_BP,
  latenessOf,
  monthsOf,
  rectificationDueOn,
  type ReportKind,
  reportSchedule,
  revisionDueOn,
} from '@/domain/settlement/deadlines';
import { adjustmentOf, type GradeAdjustments, scoreSheetProblems, scoreTotals, type ItemScore } from '@/domain/settlement/evaluation';
import { computePayment, type PaymentNo, PAYMENT_SEQUENCE } from '@/domain/settlement/payments';
import { basisPointsOf } from '@/domain/settlement/settlement-money';
import { amountOfMonths, computeStatement, type LateReport, type StatementLineInput } from '@/domain/settlement/statement';
import { isDay, workCalendar, type WorkCalendar, yearCalendarProblems } from '@/domain/settlement/working-days';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import type { VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { figuresFromJson, figuresToJson } from './figures-json';
import { contractSummary } from './ledger.service';
import { auditSettlement, requireSettlement, settlementNotFound, staleSettlement, visibleContract } from './settlement-access';
import * as repo from './settlement.repository';

const { big } = repo;

export type StatementView = Awaited<ReturnType<SettlementService['liveStatement']>>;

/** Where a statement's period comes from: a month (yyyy-mm) or a stage/year key. */
function kindPeriod(kind: ReportKind, period: string): void {
  const ok = kind === 'monthly' ? /^\d{4}-(0[1-9]|1[0-2])$/.test(period) : period === { stage6: 'S6', stage9: 'S9', yearly: 'Y' }[kind];
  if (!ok) throw new AppError('BAD_REQUEST', 'settlement.error.period', `No ${kind} period ${period}`);
}

/** Where a statement reads its accepted quantities: the ledger's rollup (the product), or the raw evidence summed again. */
export type AcceptedQuantitiesReader = typeof repo.acceptedFromRollup;

export class SettlementService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      gradeRules: VersionedRulesService<GradeAdjustments>;
      /** The benchmark sets repo.acceptedFromEvidence to time the common way against the rollup. */
      acceptedQuantities?: AcceptedQuantitiesReader;
    },
  ) {}

  private today(): string {
    return shanghaiDay(this.deps.clock.now());
  }

  // ——— the calendar ———

  async calendar(): Promise<WorkCalendar> {
    const years = await repo.listCalendarYears(this.deps.db);
    return workCalendar(years.map((y) => ({ year: y.year, holidays: y.holidays, workdays: y.workdays })));
  }

  /** The administrators' years and, for the years around today, where each year's calendar comes from. */
  async calendarYears(actor: Actor) {
    requireSettlement(actor, 'settlement:calendar', 'settlement:approve', 'settlement:review', 'settlement:supply');
    const entered = await repo.listCalendarYears(this.deps.db);
    const calendar = await this.calendar();
    const thisYear = Number(this.today().slice(0, 4));
    const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, ...entered.map((y) => y.year)])].sort();
    return {
      years: years.map((year) => ({ year, source: calendar.sourceOf(year) })),
      entered: entered.map((y) => ({
        year: y.year,
        holidays: y.holidays,
        workdays: y.workdays,
        note: y.note,
        enteredBy: y.entered_by,
        enteredAt: y.entered_at,
        version: y.version,
      })),
    };
  }

  async saveCalendarYear(
    input: { year: number; holidays: string[]; workdays: string[]; note: string; version: number | null },
    actor: Actor,
  ) {
    requireSettlement(actor, 'settlement:calendar');
    const holidays = [...new Set(input.holidays)].sort();
    const workdays = [...new Set(input.workdays)].sort();
    const problems = yearCalendarProblems({ year: input.year, holidays, workdays });
    if (problems.length > 0)
      throw new AppError('BAD_REQUEST', 'settlement.error.calendar', problems.join('; '), { detail: problems.join('; ') });
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repo.saveCalendarYear(trx, { ...input, holidays, workdays, by: actor.name, at: this.deps.clock.now() })))
        throw staleSettlement('calendar year');
      await auditSettlement(trx, actor, 'calendar.save', `calendar-year:${input.year}`, { holidays, workdays, note: input.note });
    });
  }

  // ——— reports ———

  private async lineInputs(contract: SettlementContractRow, months: readonly string[]): Promise<StatementLineInput[]> {
    const lines = await repo.listLines(this.deps.db, contract.id);
    const accepted = await (this.deps.acceptedQuantities ?? repo.acceptedFromRollup)(this.deps.db, contract.id, months);
    const byLine = new Map<number, Record<string, bigint>>();
    for (const q of accepted) {
      const m = byLine.get(q.line_id) ?? {};
      m[q.month] = big(q.accepted);
      byLine.set(q.line_id, m);
    }
    return lines.map((l) => {
      const byMonth = byLine.get(l.id) ?? {};
      return {
        lineId: l.id,
        label: `${l.line_no}`,
        unitPriceHao: repo.bigOrNull(l.awarded_price_hao),
        acceptedQuantity: Object.values(byMonth).reduce((sum, q) => sum + q, 0n),
        byMonth,
      };
    });
  }

  private lateOf(report: SettlementReportRow, startMonth: string): LateReport | null {
    if (!report.late && !report.revision_late) return null;
    return {
      kind: report.kind,
      period: report.period,
      months: monthsOf(report.kind, startMonth, report.period),
      dueOn: report.late ? report.due_on : (report.revision_due_on ?? report.due_on),
      submittedOn: report.late ? report.submitted_on : (report.revised_on ?? report.submitted_on),
      workingDaysLate: report.working_days_late,
    };
  }

  /** Every report of the service year with its due date, what was submitted when, and what lateness costs. */
  async reports(contractId: number, actor: Actor) {
    const contract = await visibleContract(this.deps.db, contractId, actor);
    const calendar = await this.calendar();
    const rows = await repo.listReports(this.deps.db, contractId);
    const year = contractSummary(contract).months;
    const lines = await this.lineInputs(contract, year);
    const today = this.today();
    return reportSchedule(contract.start_month).map(({ kind, period }) => {
      const { periodEnd, dueOn } = deadlineOf(calendar, kind, contract.start_month, period);
      const months = monthsOf(kind, contract.start_month, period);
      const row = rows.find((r) => r.kind === kind && r.period === period) ?? null;
      const baseFen = amountOfMonths(lines, months);
      const late = row ? row.late || row.revision_late : today > dueOn;
      return {
        kind,
        period,
        months,
        periodEnd,
        dueOn,
        calendarSource: calendar.sourceOf(Number(dueOn.slice(0, 4))),
        report: row && {
          id: row.id,
          submittedOn: row.submitted_on,
          channel: row.channel,
          receiptRef: row.receipt_ref,
          summary: row.summary,
          submittedBy: row.submitted_by,
          late: row.late,
          workingDaysLate: row.working_days_late,
          status: row.status,
          revisionDueOn: row.revision_due_on,
          revisedOn: row.revised_on,
          revisionLate: row.revision_late,
          reviewNote: row.review_note,
          version: row.version,
        },
        /** Not submitted and past its day. */
        overdueNow: row === null && today > dueOn,
        late,
        baseFen,
        deductionFen: late ? basisPointsOf(baseFen, LATE_DEDUCTION_BP) : 0n,
      };
    });
  }

  /**
   * A supplier submits a report: online (dated today), or records one delivered on paper on an earlier day with the
   * third party's receipt number. A report returned for revision is submitted again as its revision.
   */
  async submitReport(
    input: {
      contractId: number;
      kind: ReportKind;
      period: string;
      summary: string;
      offline: { deliveredOn: string; receiptRef: string } | null;
    },
    actor: Actor,
  ) {
    requireSettlement(actor, 'settlement:supply');
    const contract = await visibleContract(this.deps.db, input.contractId, actor);
    kindPeriod(input.kind, input.period);
    if (!reportSchedule(contract.start_month).some((r) => r.kind === input.kind && r.period === input.period))
      throw new AppError('BAD_REQUEST', 'settlement.error.period', `No ${input.kind} report ${input.period} in this service year`);
    const calendar = await this.calendar();
    const today = this.today();
    const on = input.offline?.deliveredOn ?? today;
    const { periodEnd, dueOn } = deadlineOf(calendar, input.kind, contract.start_month, input.period);
    if (!isDay(on) || on > today || on <= periodEnd)
      throw new AppError('BAD_REQUEST', 'settlement.error.submittedOn', `A report is submitted after ${periodEnd} and not after today`, {
        periodEnd,
      });
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const existing = await repo.findReport(trx, contract.id, input.kind, input.period);
      if (existing && existing.status !== 'returned')
        throw new AppError('CONFLICT', 'settlement.error.submitted', 'This report is submitted already');
      if (existing) {
        const revisionLate = existing.revision_due_on !== null && on > existing.revision_due_on;
        const ok = await repo.updateReport(trx, existing.id, existing.version, {
          status: 'submitted',
          summary: input.summary,
          revised_on: on,
          revision_late: revisionLate,
          working_days_late: existing.late
            ? existing.working_days_late
            : revisionLate
              ? latenessOf(calendar, existing.revision_due_on!, on).workingDaysLate
              : 0,
        });
        if (!ok) throw staleSettlement('report');
        await auditSettlement(trx, actor, 'report.revise', `settlement-report:${existing.id}`, { revisedOn: on, revisionLate });
        return;
      }
      const lateness = latenessOf(calendar, dueOn, on);
      const { id } = await repo.insertReport(trx, {
        contract_id: contract.id,
        kind: input.kind,
        period: input.period,
        due_on: dueOn,
        submitted_on: on,
        submitted_at: at,
        channel: input.offline ? 'offline' : 'online',
        receipt_ref: input.offline?.receiptRef ?? null,
        summary: input.summary,
        submitted_by: actor.name,
        working_days_late: lateness.workingDaysLate,
        late: lateness.late,
        status: 'submitted',
      });
      await auditSettlement(trx, actor, 'report.submit', `settlement-report:${id}`, {
        kind: input.kind,
        period: input.period,
        dueOn,
        submittedOn: on,
        late: lateness.late,
        workingDaysLate: lateness.workingDaysLate,
      });
    });
  }

  /** The third party returns a report for revision (due within 10 or 15 working days of its submission) or accepts it. */
  async reviewReport(input: { reportId: number; version: number; decision: 'return' | 'accept'; note: string }, actor: Actor) {
    requireSettlement(actor, 'settlement:review');
    const report = await repo.findReportById(this.deps.db, input.reportId);
    if (!report) throw settlementNotFound('report', input.reportId);
    await visibleContract(this.deps.db, report.contract_id, actor, settlementNotFound('report', input.reportId));
    if (report.status !== 'submitted') throw staleSettlement('report');
    const calendar = await this.calendar();
    await this.deps.db.transaction().execute(async (trx) => {
      const set =
        input.decision === 'accept'
          ? { status: 'accepted' as const, review_note: input.note || null, reviewed_by: actor.name }
          : {
              status: 'returned' as const,
              review_note: input.note,
              reviewed_by: actor.name,
              revision_due_on: revisionDueOn(calendar, report.kind, report.submitted_on),
            };
      if (!(await repo.updateReport(trx, report.id, input.version, set))) throw staleSettlement('report');
      await auditSettlement(trx, actor, `report.${input.decision}`, `settlement-report:${report.id}`, { note: input.note });
    });
  }

  // ——— statements ———

  private async gradeAdjustment(contractId: number, kind: ReportKind) {
    if (kind !== 'yearly') return { basisPoints: 0, grade: null, assumption: false, rulesVersion: null as number | null };
    const evaluations = await repo.listEvaluations(this.deps.db, contractId);
    const last = evaluations[evaluations.length - 1];
    const rules = await this.deps.gradeRules.active();
    if (!last) return { basisPoints: 0, grade: null, assumption: rules.rules.assumption, rulesVersion: rules.version };
    return {
      basisPoints: adjustmentOf(rules.rules, last.grade),
      grade: last.grade,
      assumption: rules.rules.assumption,
      rulesVersion: rules.version,
    };
  }

  /** The statement computed now from the ledger's accepted quantities, the reports and the evaluation. */
  async liveStatement(contract: SettlementContractRow, kind: ReportKind, period: string) {
    const months = monthsOf(kind, contract.start_month, period);
    const lines = await this.lineInputs(contract, months);
    const reports = await repo.listReports(this.deps.db, contract.id);
    const calendar = await this.calendar();
    const today = this.today();
    const covered = new Set(months);
    // Reports of the statement's months: late submissions, and reports still missing past their day (not submitted
    // in time is late too; the deduction stays until a submission says otherwise).
    const lateReports = reportSchedule(contract.start_month)
      .filter((r) => monthsOf(r.kind, contract.start_month, r.period).every((m) => covered.has(m)))
      .map((r): LateReport | null => {
        const row = reports.find((x) => x.kind === r.kind && x.period === r.period);
        if (row) return this.lateOf(row, contract.start_month);
        const { dueOn } = deadlineOf(calendar, r.kind, contract.start_month, r.period);
        if (today <= dueOn) return null;
        return {
          kind: r.kind,
          period: r.period,
          months: monthsOf(r.kind, contract.start_month, r.period),
          dueOn,
          submittedOn: '',
          workingDaysLate: latenessOf(calendar, dueOn, today).workingDaysLate,
        };
      })
      .filter((r): r is LateReport => r !== null);
    const adjustment = await this.gradeAdjustment(contract.id, kind);
    const statement = computeStatement({
      kind,
      months,
      lines,
      lateReports,
      adjustment: { basisPoints: adjustment.basisPoints, grade: adjustment.grade },
      awardedTotalFen: big(contract.awarded_total_fen),
      budgetFen: big(contract.budget_fen),
    });
    const details = new Map((await repo.listLines(this.deps.db, contract.id)).map((l) => [l.id, l]));
    const pending = await this.pendingDecisions(contract.id, months);
    const beforeAdjustment = statement.grossFen - statement.deductionsFen;
    return {
      kind,
      period,
      months,
      lines: statement.lines
        .filter((l) => l.acceptedQuantity > 0n)
        .map((l) => {
          const d = details.get(l.lineId)!;
          return {
            lineId: l.lineId,
            lineNo: d.line_no,
            itemNo: d.item_no,
            name: d.item_name,
            channel: d.channel,
            unit: d.unit,
            unitPriceHao: l.unitPriceHao,
            quantity: l.acceptedQuantity,
            amountFen: l.amountFen,
          };
        }),
      unpricedLines: statement.unpricedLines,
      pendingDecisions: pending,
      grossFen: statement.grossFen,
      deductions: statement.deductions.map((d) => ({
        ...d.report,
        months: [...d.report.months],
        baseFen: d.baseFen,
        amountFen: d.amountFen,
      })),
      deductionsFen: statement.deductionsFen,
      adjustment: { ...adjustment },
      adjustmentFen: statement.adjustmentFen,
      computedFen: statement.computedFen,
      cap: statement.cap,
      /** The approved amount before the grade adjustment (capped): the basis of the third payment. */
      beforeAdjustmentFen: beforeAdjustment > statement.cap.limitFen ? statement.cap.limitFen : beforeAdjustment,
      settledFen: statement.settledFen,
    };
  }

  /** Line-months with recorded quantities and no decision yet, in some months. */
  private async pendingDecisions(contractId: number, months: readonly string[]): Promise<number> {
    let pending = 0;
    for (const month of months)
      for (const row of await repo.ledgerOfMonth(this.deps.db, contractId, month))
        if (row.decision === null && ((row.claimed_records ?? 0) > 0 || row.derived !== null)) pending += 1;
    return pending;
  }

  /** A statement as shown: frozen figures once approved, computed now otherwise; with its review and approval. */
  async statement(contractId: number, kind: ReportKind, period: string, actor: Actor) {
    const contract = await visibleContract(this.deps.db, contractId, actor);
    kindPeriod(kind, period);
    const row = await repo.findStatement(this.deps.db, contractId, kind, period);
    const figures =
      row?.status === 'approved' ? figuresFromJson<StatementView>(row.figures) : await this.liveStatement(contract, kind, period);
    return {
      contract: contractSummary(contract),
      figures,
      record: row
        ? {
            id: row.id,
            status: row.status,
            reviewedBy: row.reviewed_by,
            reviewedAt: row.reviewed_at,
            approvedBy: row.approved_by,
            approvedAt: row.approved_at,
            version: row.version,
          }
        : null,
    };
  }

  /** The third party confirms a statement: every quantity decided, every line priced; the year also needs its grade. */
  async reviewStatement(input: { contractId: number; kind: ReportKind; period: string }, actor: Actor) {
    requireSettlement(actor, 'settlement:review');
    const contract = await visibleContract(this.deps.db, input.contractId, actor);
    kindPeriod(input.kind, input.period);
    const figures = await this.liveStatement(contract, input.kind, input.period);
    if (figures.pendingDecisions > 0)
      throw new AppError('BAD_REQUEST', 'settlement.error.pending', `${figures.pendingDecisions} quantities are not decided`, {
        n: figures.pendingDecisions,
      });
    if (figures.unpricedLines > 0)
      throw new AppError('BAD_REQUEST', 'settlement.error.unpriced', `${figures.unpricedLines} lines have no price`, {
        n: figures.unpricedLines,
      });
    if (input.kind === 'yearly' && (figures.adjustment.grade === null || figures.adjustment.grade === 'fail'))
      throw new AppError('BAD_REQUEST', 'settlement.error.needsGrade', 'The yearly statement needs a passing performance evaluation');
    await this.deps.db.transaction().execute(async (trx) => {
      const saved = await repo.saveReviewedStatement(trx, {
        contractId: contract.id,
        kind: input.kind,
        period: input.period,
        figures: figuresToJson(figures),
        settledFen: figures.settledFen,
        by: actor.name,
        at: this.deps.clock.now(),
      });
      if (!saved) throw new AppError('CONFLICT', 'settlement.error.approved', 'The statement is approved and can no longer change');
      await auditSettlement(trx, actor, 'statement.review', `settlement-contract:${contract.id}`, {
        kind: input.kind,
        period: input.period,
        settledFen: figures.settledFen.toString(),
      });
    });
  }

  /** The bureau approves a reviewed statement; its figures are frozen from then on. */
  async approveStatement(input: { statementId: number; version: number }, actor: Actor) {
    requireSettlement(actor, 'settlement:approve');
    const missing = settlementNotFound('statement', input.statementId);
    const contractId = await repo.contractOfStatement(this.deps.db, input.statementId);
    if (contractId === null) throw missing;
    await visibleContract(this.deps.db, contractId, actor, missing);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repo.approveStatement(trx, input.statementId, input.version, actor.name, this.deps.clock.now())))
        throw staleSettlement('statement');
      await auditSettlement(trx, actor, 'statement.approve', `settlement-statement:${input.statementId}`);
    });
  }

  // ——— performance evaluation ———

  async evaluations(contractId: number, actor: Actor) {
    await visibleContract(this.deps.db, contractId, actor);
    const rules = await this.deps.gradeRules.active();
    const rows = await repo.listEvaluations(this.deps.db, contractId);
    return {
      gradeRules: { version: rules.version, ...rules.rules },
      rounds: rows.map((r) => ({
        round: r.round,
        totalTenths: r.total_tenths,
        grade: r.grade,
        evaluatedOn: r.evaluated_on,
        rectifyDueOn: r.rectify_due_on,
        note: r.note,
        evaluatedBy: r.evaluated_by,
        scores: r.scores,
        indicators: scoreTotals(r.scores).indicators,
      })),
    };
  }

  /** The third party scores all 64 sub-items with evidence; 不合格 opens a rectification and allows a re-evaluation. */
  async evaluate(input: { contractId: number; scores: ItemScore[]; note: string }, actor: Actor) {
    requireSettlement(actor, 'settlement:review');
    const contract = await visibleContract(this.deps.db, input.contractId, actor);
    const problems = scoreSheetProblems(input.scores);
    if (problems.length > 0)
      throw new AppError('BAD_REQUEST', 'settlement.error.scores', problems.join('; '), { detail: problems.join('; ') });
    const { totalTenths, grade } = scoreTotals(input.scores);
    const calendar = await this.calendar();
    const today = this.today();
    await this.deps.db.transaction().execute(async (trx) => {
      const rounds = await repo.listEvaluations(trx, contract.id);
      const last = rounds[rounds.length - 1];
      if (last && last.grade !== 'fail')
        throw new AppError('CONFLICT', 'settlement.error.evaluated', 'The evaluation is final; only a failing grade is evaluated again');
      await repo.insertEvaluation(trx, {
        contract_id: contract.id,
        round: (last?.round ?? 0) + 1,
        scores: JSON.stringify(input.scores),
        total_tenths: totalTenths,
        grade,
        evaluated_on: today,
        rectify_due_on: grade === 'fail' ? rectificationDueOn(calendar, today) : null,
        note: input.note,
        evaluated_by: actor.name,
        evaluated_at: this.deps.clock.now(),
      });
      await auditSettlement(trx, actor, 'evaluate', `settlement-contract:${contract.id}`, {
        totalTenths,
        grade,
        round: (last?.round ?? 0) + 1,
      });
    });
    return { totalTenths, grade };
  }

  // ——— payments ———

  /** The four payments: what each would be now (with its cap), what it waits for, and what was paid. */
  async payments(contractId: number, actor: Actor) {
    const contract = await visibleContract(this.deps.db, contractId, actor);
    return this.paymentPlan(contract);
  }

  private async paymentPlan(contract: SettlementContractRow) {
    const paid = await repo.listPayments(this.deps.db, contract.id);
    const statements = await repo.listStatements(this.deps.db, contract.id);
    const approved = (period: string) => {
      const s = statements.find((x) => x.period === period && x.status === 'approved');
      return s ? figuresFromJson<StatementView>(s.figures) : null;
    };
    const awardedFen = big(contract.awarded_total_fen);
    let paidBeforeFen = 0n;
    return PAYMENT_SEQUENCE.map((no) => {
      const record = paid.find((p) => p.no === no) ?? null;
      const previousPaid = no === 1 || paid.some((p) => p.no === no - 1);
      const basisStatement = no === 2 ? approved('S9') : no >= 3 ? approved('Y') : null;
      const basisFen = no === 1 ? null : no === 3 ? (basisStatement?.beforeAdjustmentFen ?? null) : (basisStatement?.settledFen ?? null);
      const waitingFor: string | null = !previousPaid
        ? 'previous'
        : no === 2 && !basisStatement
          ? 'stage9'
          : no >= 3 && !basisStatement
            ? 'yearly'
            : null;
      const computation = waitingFor === null ? computePayment({ no, awardedFen, paidBeforeFen, basisFen }) : null;
      const view = {
        no,
        waitingFor: record ? null : waitingFor,
        paidBeforeFen,
        basisFen,
        computation,
        record: record && {
          amountFen: big(record.amount_fen),
          invoiceNo: record.invoice_no,
          invoiceReceivedOn: record.invoice_received_on,
          approvedBy: record.approved_by,
          approvedAt: record.approved_at,
          computation: record.computation,
        },
      };
      if (record) paidBeforeFen += big(record.amount_fen);
      return view;
    });
  }

  /** The bureau approves a payment once the supplier's invoice of the same amount is received. */
  async approvePayment(
    input: { contractId: number; no: PaymentNo; invoiceNo: string; invoiceReceivedOn: string; amountFen: bigint },
    actor: Actor,
  ) {
    requireSettlement(actor, 'settlement:approve');
    const contract = await visibleContract(this.deps.db, input.contractId, actor);
    if (!isDay(input.invoiceReceivedOn) || input.invoiceReceivedOn > this.today())
      throw new AppError('BAD_REQUEST', 'settlement.error.invoiceDate', 'The invoice date is not a past day');
    // Computed before the transaction (the embedded database is one connection); the unique (contract, no) row and
    // the amount check refuse a payment approved twice or computed on figures that changed meanwhile.
    const plan = await this.paymentPlan(contract);
    const payment = plan.find((p) => p.no === input.no)!;
    if (payment.record) throw new AppError('CONFLICT', 'settlement.error.paid', 'This payment is approved already');
    if (payment.waitingFor || !payment.computation)
      throw new AppError('BAD_REQUEST', 'settlement.error.paymentWaiting', `Payment ${input.no} waits for ${payment.waitingFor}`, {
        waitingFor: payment.waitingFor ?? '',
      });
    if (payment.computation.amountFen !== input.amountFen) throw staleSettlement('payment');
    const c = payment.computation;
    await this.deps.db.transaction().execute(async (trx) => {
      await repo
        .insertPayment(trx, {
          contract_id: contract.id,
          no: input.no,
          amount_fen: c.amountFen.toString(),
          computation: JSON.stringify({
            dueFen: c.dueFen.toString(),
            roomFen: c.roomFen?.toString() ?? null,
            capFen: c.capFen?.toString() ?? null,
            capApplied: c.capApplied,
            paidBeforeFen: payment.paidBeforeFen.toString(),
            basisFen: payment.basisFen?.toString() ?? null,
            overpaidFen: c.overpaidFen.toString(),
          }),
          invoice_no: input.invoiceNo,
          invoice_received_on: input.invoiceReceivedOn,
          approved_by: actor.name,
          approved_at: this.deps.clock.now(),
        })
        .catch((error: unknown) => {
          if (String((error as { code?: string }).code) === '23505')
            throw new AppError('CONFLICT', 'settlement.error.paid', 'This payment is approved already');
          throw error;
        });
      await auditSettlement(trx, actor, 'payment.approve', `settlement-contract:${contract.id}`, {
        no: input.no,
        amountFen: c.amountFen.toString(),
        capApplied: c.capApplied,
        invoiceNo: input.invoiceNo,
      });
    });
  }
}

export type { SettlementReportKind };
