/**
 * 服务结算 over tRPC (issue 17): contracts, the workload ledger and its evidence, claims and decisions, objections,
 * reports and their deadlines, statements, the performance evaluation, the payments, the working-day calendar and
 * the grade adjustment table. Procedures validate and call the services; the services check who may see what.
 */
import { z } from 'zod';
import { gradeAdjustmentsSchema, GRADES } from '@/domain/settlement/evaluation';
import { permittedProcedure, router } from '../trpc';
import { actorOf } from './orders';
import { versionedRulesRouter } from './versioned-rules';

const id = z.number().int().positive();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 yyyy-mm / month as yyyy-mm');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 yyyy-mm-dd / date as yyyy-mm-dd');
const kind = z.enum(['monthly', 'stage6', 'stage9', 'yearly']);
const version = z.number().int().min(0);
const reason = z.string().trim().min(2, '请说明理由 / say why').max(1000);
const anyRole = ['settlement:approve', 'settlement:review', 'settlement:supply'] as const;
/** Quantities and money travel as bigint (superjson); the limits keep them inside what the columns hold. */
const quantity = z
  .bigint()
  .min(0n)
  .max(10n ** 15n);

const contractSummary = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  buyerName: z.string(),
  supplierName: z.string(),
  startMonth: z.string(),
  months: z.array(z.string()),
  awardedTotalFen: z.bigint(),
  budgetFen: z.bigint(),
  priceLimitFen: z.bigint().nullable(),
  source: z.string(),
  synthetic: z.boolean(),
});

const lineView = z.object({
  id: z.number(),
  lineNo: z.number(),
  itemNo: z.number(),
  group: z.string(),
  name: z.string(),
  unit: z.string(),
  channel: z.string(),
  ceilingPriceHao: z.bigint().nullable(),
  awardedPriceHao: z.bigint().nullable(),
  priceSource: z.enum(['bid', 'third_party']).nullable(),
  pricedBy: z.string().nullable(),
  pricedAt: z.date().nullable(),
  priceNote: z.string().nullable(),
  estimatedQuantity: z.bigint(),
  derivedFrom: z.enum(['orders', 'knowledge_published', 'voice_calls']).nullable(),
  derivedCategories: z.array(z.string()),
  version: z.number(),
});

const ledgerRow = z.object({
  lineId: z.number(),
  lineNo: z.number(),
  itemNo: z.number(),
  name: z.string(),
  unit: z.string(),
  channel: z.string(),
  awardedPriceHao: z.bigint().nullable(),
  derivedFrom: z.string().nullable(),
  claimed: z.bigint(),
  claimedRecords: z.number(),
  derived: z.bigint().nullable(),
  derivedRecords: z.number(),
  derivedAt: z.date().nullable(),
  accepted: z.bigint().nullable(),
  decision: z.enum(['derived', 'claimed', 'set']).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number(),
  flagged: z.boolean(),
  amountFen: z.bigint().nullable(),
});

const reportView = z.object({
  kind,
  period: z.string(),
  months: z.array(z.string()),
  periodEnd: z.string(),
  dueOn: z.string(),
  calendarSource: z.enum(['override', 'library', 'weekdays']),
  report: z
    .object({
      id: z.number(),
      submittedOn: z.string(),
      channel: z.enum(['online', 'offline']),
      receiptRef: z.string().nullable(),
      summary: z.string(),
      submittedBy: z.string(),
      late: z.boolean(),
      workingDaysLate: z.number(),
      status: z.enum(['submitted', 'returned', 'accepted']),
      revisionDueOn: z.string().nullable(),
      revisedOn: z.string().nullable(),
      revisionLate: z.boolean(),
      reviewNote: z.string().nullable(),
      version: z.number(),
    })
    .nullable(),
  overdueNow: z.boolean(),
  late: z.boolean(),
  baseFen: z.bigint(),
  deductionFen: z.bigint(),
});

const statementFigures = z.object({
  kind,
  period: z.string(),
  months: z.array(z.string()),
  lines: z.array(
    z.object({
      lineId: z.number(),
      lineNo: z.number(),
      itemNo: z.number(),
      name: z.string(),
      channel: z.string(),
      unit: z.string(),
      unitPriceHao: z.bigint().nullable(),
      quantity: z.bigint(),
      amountFen: z.bigint().nullable(),
    }),
  ),
  unpricedLines: z.number(),
  pendingDecisions: z.number(),
  grossFen: z.bigint(),
  deductions: z.array(
    z.object({
      kind,
      period: z.string(),
      months: z.array(z.string()),
      dueOn: z.string(),
      submittedOn: z.string(),
      workingDaysLate: z.number(),
      baseFen: z.bigint(),
      amountFen: z.bigint(),
    }),
  ),
  deductionsFen: z.bigint(),
  adjustment: z.object({
    basisPoints: z.number(),
    grade: z.enum(GRADES).nullable(),
    assumption: z.boolean(),
    rulesVersion: z.number().nullable(),
  }),
  adjustmentFen: z.bigint(),
  computedFen: z.bigint(),
  cap: z.object({
    limitFen: z.bigint(),
    overAwardLimitFen: z.bigint(),
    budgetFen: z.bigint(),
    bindsBy: z.enum(['award', 'budget']),
    applied: z.boolean(),
    cutFen: z.bigint(),
  }),
  beforeAdjustmentFen: z.bigint(),
  settledFen: z.bigint(),
});

const paymentComputation = z.object({
  no: z.number(),
  dueFen: z.bigint(),
  roomFen: z.bigint().nullable(),
  capFen: z.bigint().nullable(),
  capApplied: z.boolean(),
  amountFen: z.bigint(),
  overpaidFen: z.bigint(),
});

export const settlementRouter = router({
  contracts: permittedProcedure(...anyRole)
    .output(z.array(contractSummary))
    .query(({ ctx }) => ctx.services.settlement.ledger.contracts(actorOf(ctx.user))),

  contract: permittedProcedure(...anyRole)
    .input(z.object({ contractId: id }))
    .output(contractSummary.extend({ lines: z.array(lineView), estimatedTotalFen: z.bigint(), unpricedLines: z.number() }))
    .query(({ ctx, input }) => ctx.services.settlement.ledger.contract(input.contractId, actorOf(ctx.user))),

  priceLine: permittedProcedure('settlement:review')
    .input(z.object({ lineId: id, version, priceHao: quantity, note: reason }))
    .mutation(({ ctx, input }) => ctx.services.settlement.ledger.priceLine(input, actorOf(ctx.user))),

  ledger: permittedProcedure(...anyRole)
    .input(z.object({ contractId: id, month }))
    .output(z.array(ledgerRow))
    .query(({ ctx, input }) => ctx.services.settlement.ledger.ledger(input.contractId, input.month, actorOf(ctx.user))),

  evidence: permittedProcedure(...anyRole)
    .input(z.object({ lineId: id, month }))
    .output(
      z.array(
        z.object({
          id: z.string(),
          source: z.enum(['claim', 'derived']),
          quantity: z.bigint(),
          ref: z.string(),
          note: z.string().nullable(),
          createdBy: z.string(),
          createdAt: z.date(),
          superseded: z.boolean(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.settlement.ledger.evidence(input.lineId, input.month, actorOf(ctx.user))),

  claim: permittedProcedure('settlement:supply')
    .input(
      z.object({
        lineId: id,
        month,
        quantity,
        ref: z.string().trim().min(1, '请填写佐证材料编号 / give the evidence reference').max(200),
        note: z.string().trim().max(500).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.settlement.ledger.claim({ ...input, note: input.note ?? null }, actorOf(ctx.user))),

  derive: permittedProcedure('settlement:review', 'settlement:approve')
    .input(z.object({ contractId: id, month }))
    .output(z.object({ lines: z.number(), records: z.number(), kept: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.settlement.ledger.derive(input.contractId, input.month, actorOf(ctx.user))),

  decide: permittedProcedure('settlement:review')
    .input(
      z.object({
        lineId: id,
        month,
        version,
        accept: z.enum(['derived', 'claimed', 'set']),
        quantity: quantity.nullish(),
        note: z.string().trim().max(1000).nullish(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.settlement.ledger.decide({ ...input, quantity: input.quantity ?? null, note: input.note ?? null }, actorOf(ctx.user)),
    ),

  acceptDerived: permittedProcedure('settlement:review')
    .input(z.object({ contractId: id, month }))
    .output(z.number())
    .mutation(({ ctx, input }) => ctx.services.settlement.ledger.acceptDerived(input.contractId, input.month, actorOf(ctx.user))),

  objections: permittedProcedure(...anyRole)
    .input(z.object({ contractId: id }))
    .query(({ ctx, input }) => ctx.services.settlement.ledger.objections(input.contractId, actorOf(ctx.user))),

  object: permittedProcedure('settlement:supply')
    .input(z.object({ contractId: id, lineId: id.nullish(), month: month.nullish(), reportId: id.nullish(), text: reason }))
    .mutation(({ ctx, input }) =>
      ctx.services.settlement.ledger.object(
        {
          contractId: input.contractId,
          lineId: input.lineId ?? null,
          month: input.month ?? null,
          reportId: input.reportId ?? null,
          text: input.text,
        },
        actorOf(ctx.user),
      ),
    ),

  answer: permittedProcedure('settlement:review', 'settlement:approve')
    .input(z.object({ objectionId: id, status: z.enum(['upheld', 'dismissed']), text: reason }))
    .mutation(({ ctx, input }) => ctx.services.settlement.ledger.answer(input, actorOf(ctx.user))),

  reports: permittedProcedure(...anyRole)
    .input(z.object({ contractId: id }))
    .output(z.array(reportView))
    .query(({ ctx, input }) => ctx.services.settlement.settlement.reports(input.contractId, actorOf(ctx.user))),

  submitReport: permittedProcedure('settlement:supply')
    .input(
      z.object({
        contractId: id,
        kind,
        period: z.string().max(7),
        summary: z.string().trim().min(2, '请填写报告摘要 / summarise the report').max(4000),
        offline: z
          .object({ deliveredOn: day, receiptRef: z.string().trim().min(1, '请填写签收回执编号 / give the receipt number').max(100) })
          .nullish(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.settlement.settlement.submitReport({ ...input, offline: input.offline ?? null }, actorOf(ctx.user)),
    ),

  reviewReport: permittedProcedure('settlement:review')
    .input(z.object({ reportId: id, version, decision: z.enum(['return', 'accept']), note: z.string().trim().max(1000) }))
    .mutation(({ ctx, input }) => ctx.services.settlement.settlement.reviewReport(input, actorOf(ctx.user))),

  statement: permittedProcedure(...anyRole)
    .input(z.object({ contractId: id, kind, period: z.string().max(7) }))
    .output(
      z.object({
        contract: contractSummary,
        figures: statementFigures,
        record: z
          .object({
            id: z.number(),
            status: z.enum(['reviewed', 'approved']),
            reviewedBy: z.string(),
            reviewedAt: z.date(),
            approvedBy: z.string().nullable(),
            approvedAt: z.date().nullable(),
            version: z.number(),
          })
          .nullable(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.settlement.settlement.statement(input.contractId, input.kind, input.period, actorOf(ctx.user))),

  reviewStatement: permittedProcedure('settlement:review')
    .input(z.object({ contractId: id, kind, period: z.string().max(7) }))
    .mutation(({ ctx, input }) => ctx.services.settlement.settlement.reviewStatement(input, actorOf(ctx.user))),

  approveStatement: permittedProcedure('settlement:approve')
    .input(z.object({ statementId: id, version }))
    .mutation(({ ctx, input }) => ctx.services.settlement.settlement.approveStatement(input, actorOf(ctx.user))),

  evaluations: permittedProcedure(...anyRole)
    .input(z.object({ contractId: id }))
    .query(({ ctx, input }) => ctx.services.settlement.settlement.evaluations(input.contractId, actorOf(ctx.user))),

  evaluate: permittedProcedure('settlement:review')
    .input(
      z.object({
        contractId: id,
        scores: z
          .array(
            z.object({
              item: z.number().int().min(1).max(64),
              scoreTenths: z.number().int().min(0).max(100),
              evidence: z.string().max(1000),
            }),
          )
          .max(64),
        note: z.string().trim().max(2000),
      }),
    )
    .output(z.object({ totalTenths: z.number(), grade: z.enum(GRADES) }))
    .mutation(({ ctx, input }) => ctx.services.settlement.settlement.evaluate(input, actorOf(ctx.user))),

  payments: permittedProcedure(...anyRole)
    .input(z.object({ contractId: id }))
    .output(
      z.array(
        z.object({
          no: z.number(),
          waitingFor: z.string().nullable(),
          paidBeforeFen: z.bigint(),
          basisFen: z.bigint().nullable(),
          computation: paymentComputation.nullable(),
          record: z
            .object({
              amountFen: z.bigint(),
              invoiceNo: z.string(),
              invoiceReceivedOn: z.string(),
              approvedBy: z.string(),
              approvedAt: z.date(),
              computation: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
            })
            .nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.settlement.settlement.payments(input.contractId, actorOf(ctx.user))),

  approvePayment: permittedProcedure('settlement:approve')
    .input(
      z.object({
        contractId: id,
        no: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        invoiceNo: z.string().trim().min(1, '请填写发票号码 / give the invoice number').max(40),
        invoiceReceivedOn: day,
        amountFen: quantity,
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.settlement.settlement.approvePayment(input, actorOf(ctx.user))),

  calendar: permittedProcedure('settlement:calendar', ...anyRole).query(({ ctx }) =>
    ctx.services.settlement.settlement.calendarYears(actorOf(ctx.user)),
  ),

  saveCalendarYear: permittedProcedure('settlement:calendar')
    .input(
      z.object({
        year: z.number().int().min(2000).max(2100),
        holidays: z.array(day).max(60),
        workdays: z.array(day).max(30),
        note: z.string().trim().min(2, '请注明依据（如国务院办公厅通知）/ cite the source').max(500),
        version: z.number().int().positive().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.settlement.settlement.saveCalendarYear(input, actorOf(ctx.user))),

  gradeRules: versionedRulesRouter(gradeAdjustmentsSchema, (services) => services.settlement.gradeRules, [...anyRole], {
    propose: 'settlement:approve',
    approve: 'settlement:approve',
  }),
});
